"""Deadline arithmetic for data-subject requests (R-DSR-11, R-DSR-5): pure functions on dates.

The terms a request is answered under are data (``DeadlineTerms``, stored per organisation
and request type in ``DeadlinePolicy`` and copied onto each request when it is received),
never hard-coded per organisation. Two rules exist:

* ``calendar_month`` (UK GDPR / DPA 2018, ICO guidance December 2025): the start day counts
  as day one, so the answer is due on the same day number in the next month; a month
  without that day gives its last day (31 January → 28 or 29 February);
* ``weeks`` (e.g. Veilig Thuis: four weeks): start + N × 7 days.

An extension of M months counts from the start day by the same month rule (UK: start + 3
months, *not* the first due date + 2 months); for the weeks rule the M months are counted
from the start day first and the weeks added after. Days the clock was paused for
clarification are added (both the day of asking and the day of the answer count), and only
then does the working-day roll move a weekend or public holiday to the next working day.
Public holidays come from the maintained ``holidays`` package for the jurisdiction of the
organisation ("GB-ENG", "GB-WLS", "GB-SCT", "NL", ...), never from a hand-written list.
"""

import datetime
from dataclasses import asdict, dataclass, fields
from functools import lru_cache

import holidays
from django.db import models
from django.utils.translation import gettext_lazy as _

from retention.dates import add_period

ONE_DAY = datetime.timedelta(days=1)
SATURDAY = 5


class DeadlineRule(models.TextChoices):
    CALENDAR_MONTH = "calendar_month", _("One calendar month (UK GDPR)")
    WEEKS = "weeks", _("A number of weeks")


class UnknownJurisdiction(ValueError):
    """The ``holidays`` package has no calendar for this jurisdiction code."""


@dataclass(frozen=True)
class DeadlineTerms:
    """How the answer to one kind of request is timed. Raises ValueError when inconsistent."""

    rule: str
    holiday_jurisdiction: str
    weeks: int | None = None
    extension_months: int = 2
    roll_to_working_day: bool = True
    # R-DSR-5: destruction requests are carried out within this many months of receipt.
    destroy_within_months: int | None = None
    legal_basis: str = ""

    def __post_init__(self) -> None:
        if self.rule not in DeadlineRule.values:
            raise ValueError(f"Unknown deadline rule {self.rule!r}.")
        if self.rule == DeadlineRule.WEEKS and not (self.weeks and self.weeks > 0):
            raise ValueError("A deadline in weeks needs a number of weeks above zero.")
        if self.rule == DeadlineRule.CALENDAR_MONTH and self.weeks is not None:
            raise ValueError("A calendar-month deadline has no number of weeks.")
        if self.extension_months < 0:
            raise ValueError("An extension cannot be a negative number of months.")
        if self.destroy_within_months is not None and self.destroy_within_months <= 0:
            raise ValueError("The destruction period must be at least one month.")
        validate_jurisdiction(self.holiday_jurisdiction)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "DeadlineTerms":
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})

    @property
    def allows_extension(self) -> bool:
        return self.extension_months > 0


def gdpr_default_terms(jurisdiction: str) -> DeadlineTerms:
    """The statutory floor when an organisation configured nothing: GDPR art. 12(3)."""
    return DeadlineTerms(
        rule=DeadlineRule.CALENDAR_MONTH,
        holiday_jurisdiction=jurisdiction,
        extension_months=2,
        roll_to_working_day=True,
        legal_basis="GDPR art. 12(3): one month, extendable by two further months",
    )


# --- public holidays and working days -----------------------------------------------------


def _split(jurisdiction: str) -> tuple[str, str | None]:
    country, _sep, subdivision = (jurisdiction or "").strip().upper().partition("-")
    return country, subdivision or None


def validate_jurisdiction(jurisdiction: str) -> None:
    """Raise UnknownJurisdiction unless ``holidays`` has a calendar for this code."""
    country, subdivision = _split(jurisdiction)
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise UnknownJurisdiction(f"No public-holiday calendar for jurisdiction {jurisdiction!r}.")
    if subdivision is not None and subdivision not in supported[country]:
        raise UnknownJurisdiction(
            f"{country} has no subdivision {subdivision!r}; known: {', '.join(supported[country])}."
        )


@lru_cache(maxsize=256)
def public_holidays(jurisdiction: str, year: int) -> frozenset[datetime.date]:
    """The public holidays of one year, including substitute ("observed") days."""
    validate_jurisdiction(jurisdiction)
    country, subdivision = _split(jurisdiction)
    calendar = holidays.country_holidays(country, subdiv=subdivision, years=year)
    return frozenset(calendar.keys())


def is_working_day(day: datetime.date, jurisdiction: str) -> bool:
    return day.weekday() < SATURDAY and day not in public_holidays(jurisdiction, day.year)


def next_working_day(day: datetime.date, jurisdiction: str) -> datetime.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, jurisdiction):
        day += ONE_DAY
    return day


# --- the clock ----------------------------------------------------------------------------


def clock_start(received_on: datetime.date, *awaited: datetime.date | None) -> datetime.date:
    """The latest of receipt and whatever was asked for before the clock could run: identity
    evidence, proof that a representative may act, a fee where one is allowed."""
    return max([received_on, *(day for day in awaited if day is not None)])


def pause_days(asked_on: datetime.date, answered_on: datetime.date) -> int:
    """Days a clarification pause adds: the day of asking and the day of the answer both count."""
    if answered_on < asked_on:
        raise ValueError("The answer cannot come before the question.")
    return (answered_on - asked_on).days + 1


def _due(terms: DeadlineTerms, start: datetime.date, months: int, paused_days: int) -> datetime.date:
    if paused_days < 0:
        raise ValueError("Paused days cannot be negative.")
    if terms.rule == DeadlineRule.CALENDAR_MONTH:
        due = add_period(start, months=1 + months)
    else:
        due = add_period(start, months=months) + datetime.timedelta(weeks=terms.weeks)
    due += datetime.timedelta(days=paused_days)
    if terms.roll_to_working_day:
        due = next_working_day(due, terms.holiday_jurisdiction)
    return due


def response_due_on(
    terms: DeadlineTerms, clock_started_on: datetime.date, paused_days: int = 0
) -> datetime.date:
    """The date the answer is due."""
    return _due(terms, clock_started_on, 0, paused_days)


def extended_due_on(
    terms: DeadlineTerms, clock_started_on: datetime.date, paused_days: int = 0
) -> datetime.date:
    """The due date after an extension: counted from the start, not from the first due date."""
    if not terms.allows_extension:
        raise ValueError("These deadline terms allow no extension.")
    return _due(terms, clock_started_on, terms.extension_months, paused_days)


def destruction_due_on(received_on: datetime.date, months: int) -> datetime.date:
    """R-DSR-5: destroyed within ``months`` of *receipt* (not of the clock start).

    No working-day roll: this is the outer limit for our own action, not time given to a
    requester, and moving it later would only loosen it.
    """
    if months <= 0:
        raise ValueError("The destruction period must be at least one month.")
    return add_period(received_on, months=months)
