"""Dates of the governance registers: policy review cycles (R-POL-1), the 72-hour clock of
GDPR art. 33, and the retention date of a concern or device entry from the organisation's
schedule (RETENTION.md), computed with the retention engine's own date arithmetic.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from retention.dates import add_period, end_of_financial_year, end_of_year
from retention.explain import TRIGGER_PHRASES
from retention.models import DueAction, Rounding, ScheduleVersion, Trigger

# Art. 33(1): notify "not later than 72 hours after having become aware of it".
NOTIFICATION_WINDOW = datetime.timedelta(hours=72)
# Owners are reminded this many days before a review falls due.
REVIEW_REMINDER_DAYS = 30


# --- Policy reviews (R-POL-1) ---------------------------------------------------------------


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def next_review_on(
    *, period: str, approved_on: datetime.date, months: int | None = None, month: int | None = None
) -> datetime.date:
    """When a policy approved on ``approved_on`` is next reviewed.

    annual: a year after approval (29 February → 28 February, as the retention engine
    counts); months: N months after approval; fixed_month (e.g. "every September", the
    Turkish school's AUP): the end of that month, this year while the month is still ahead,
    otherwise next year, because an approval in or after that month is this year's review.
    """
    if period == "annual":
        return add_period(approved_on, years=1)
    if period == "months":
        if not months:
            raise ValueError("months is required for a review every N months")
        return add_period(approved_on, months=months)
    if period == "fixed_month":
        if not month or not 1 <= month <= 12:
            raise ValueError("month (1-12) is required for a review in a fixed month")
        year = approved_on.year if approved_on.month < month else approved_on.year + 1
        return _last_day(year, month)
    raise ValueError(f"unknown review period {period!r}")


def review_state(next_on: datetime.date | None, today: datetime.date) -> str:
    """ "overdue", "due" (within the reminder window), "ok", or "unapproved" (no date)."""
    if next_on is None:
        return "unapproved"
    if next_on < today:
        return "overdue"
    if next_on <= today + datetime.timedelta(days=REVIEW_REMINDER_DAYS):
        return "due"
    return "ok"


# --- The 72-hour clock (GDPR art. 33) -------------------------------------------------------


@dataclass(frozen=True)
class NotificationClock:
    deadline: datetime.datetime
    remaining: datetime.timedelta  # negative when overdue
    decided: bool
    overdue: bool

    @property
    def remaining_text(self) -> str:
        seconds = abs(int(self.remaining.total_seconds()))
        hours, rest = divmod(seconds, 3600)
        minutes = rest // 60
        span = _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
        if self.decided:
            return _("Decided")
        if self.overdue:
            return _("Overdue by %(span)s") % {"span": span}
        return _("%(span)s left") % {"span": span}


def notification_clock(breach, now: datetime.datetime | None = None) -> NotificationClock:
    """The art. 33 deadline of ``breach`` and the time left to decide on notifying.

    The clock is met by a decision not to notify (with reasons) or by the notification
    itself; a decision to notify that is not yet sent keeps the clock running.
    """
    now = now or timezone.now()
    deadline = breach.aware_at + NOTIFICATION_WINDOW
    decided = breach.authority_decision == "not_required" or breach.authority_notified_at is not None
    return NotificationClock(
        deadline=deadline,
        remaining=deadline - now,
        decided=decided,
        overdue=not decided and now > deadline,
    )


# --- Retention of concerns and device entries (RETENTION.md) --------------------------------


@dataclass(frozen=True)
class RetentionFigure:
    due_on: datetime.date | None
    action: str
    explanation: str


def _d(value: datetime.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else "?"


def retention_figure(
    *,
    record_class,
    created_on: datetime.date,
    closed_on: datetime.date | None,
    last_event_on: datetime.date | None,
    births: list[datetime.date],
    organisation,
) -> RetentionFigure:
    """The review or destruction date of a governance entry under its record class's
    current schedule version, with the one-sentence explanation RETENTION.md asks for.

    The trigger dates come from the entry: ``created`` its recording, ``closed`` its
    closing (an open concern has no date yet), ``last_event`` its latest entry, and
    ``subject_birth`` the youngest pupil's date of birth (the latest date wins: the
    longest retention, as for a record about several people).
    """
    version: ScheduleVersion | None = None
    if record_class is not None and record_class.schedule_id is not None:
        version = record_class.schedule.current_version
    if version is None:
        return RetentionFigure(None, "", _("No retention date: no retention schedule applies to this entry."))
    citation = f"{version.schedule.code} v{version.number}: {version.legal_basis}"
    if version.action == DueAction.RETAIN_PERMANENTLY:
        return RetentionFigure(None, version.action, f"Retain permanently — {citation}")
    trigger_on = {
        Trigger.CREATED: created_on,
        Trigger.CLOSED: closed_on,
        Trigger.LAST_EVENT: last_event_on or created_on,
        Trigger.SUBJECT_BIRTH: max(births) if births else None,
        Trigger.EVENT: None,
    }.get(version.trigger)
    if trigger_on is None:
        if version.trigger == Trigger.CLOSED:
            text = _("No date yet: the entry is still open — %(citation)s") % {"citation": citation}
        else:
            text = _("No date yet: %(trigger)s is not known — %(citation)s") % {
                "trigger": TRIGGER_PHRASES[version.trigger],
                "citation": citation,
            }
        return RetentionFigure(None, version.action, text)
    due = add_period(trigger_on, version.period_years, version.period_months, version.period_days)
    if version.rounding == Rounding.CALENDAR_YEAR:
        due = end_of_year(due)
    elif version.rounding == Rounding.FINANCIAL_YEAR:
        due = end_of_financial_year(
            due, organisation.financial_year_end_month, organisation.financial_year_end_day
        )
    action = DueAction(version.action).label
    text = (
        f"{action} {_d(due)}: {version.period_text} from {TRIGGER_PHRASES[version.trigger]} "
        f"({_d(trigger_on)}) — {citation}"
    )
    return RetentionFigure(due, version.action, text)
