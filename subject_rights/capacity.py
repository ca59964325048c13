"""Who exercises a person's rights, by age on a given date (R-DSR-7, R-DSR-12, R-CON-2).

The age bands are a setting per jurisdiction, not a fact of nature: Dutch law gives fixed
bands (under 12 the legal representatives, 12-15 the representatives and the child
together, 16 and over the young person alone); in England, Wales and Northern Ireland a
child's competence is judged case by case; in Scotland a child of 12 or over is presumed
competent. ``DEFAULT_AGE_BANDS`` holds these; ``settings.SUBJECT_RIGHTS_AGE_BANDS`` may
override or add jurisdictions as ``{"XX": [(0, "representatives"), (18, "alone")]}``.

Age is counted in whole years on the date that matters (the date of receipt of a request,
the date a consent is given). Someone born on 29 February turns a year older on 1 March
in a common year.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Signatories(models.TextChoices):
    REPRESENTATIVES = "representatives", gettext_lazy("The legal representative(s)")
    TOGETHER = "together", gettext_lazy("The legal representative(s) and the child together")
    ALONE = "alone", gettext_lazy("The person themself")
    ASSESS = "assess", gettext_lazy("Assess competence")


class UnknownAgeBands(ValueError):
    """No age bands are configured for this jurisdiction."""


@dataclass(frozen=True)
class AgeBands:
    """From which age which signatories apply; the first band starts at age 0."""

    jurisdiction: str
    bands: tuple[tuple[int, str], ...]
    rule: str

    def __post_init__(self) -> None:
        ages = [age for age, _signatories in self.bands]
        if not ages or ages[0] != 0 or ages != sorted(set(ages)):
            raise ValueError("Age bands must start at 0 and rise strictly.")
        if any(signatories not in Signatories.values for _age, signatories in self.bands):
            raise ValueError("Unknown signatories in the age bands.")

    def for_age(self, age: int) -> str:
        return [signatories for start, signatories in self.bands if start <= age][-1]


_CASE_BY_CASE = ((0, Signatories.ASSESS), (18, Signatories.ALONE))

DEFAULT_AGE_BANDS: dict[str, AgeBands] = {
    "NL": AgeBands(
        "NL",
        ((0, Signatories.REPRESENTATIVES), (12, Signatories.TOGETHER), (16, Signatories.ALONE)),
        "R-DSR-7",
    ),
    "GB-ENG": AgeBands("GB-ENG", _CASE_BY_CASE, "R-DSR-12"),
    "GB-WLS": AgeBands("GB-WLS", _CASE_BY_CASE, "R-DSR-12"),
    "GB-NIR": AgeBands("GB-NIR", _CASE_BY_CASE, "R-DSR-12"),
    # DPA 2018 s. 208: from 12 a child in Scotland is presumed competent; younger, judge it.
    "GB-SCT": AgeBands("GB-SCT", ((0, Signatories.ASSESS), (12, Signatories.ALONE)), "R-DSR-12"),
    # Turkish civil law: parents act for a minor until 18 (the school's AUP, R-CON-5).
    "TR": AgeBands("TR", ((0, Signatories.REPRESENTATIVES), (18, Signatories.ALONE)), "R-DSR-12"),
}


def age_bands_for(jurisdiction: str) -> AgeBands:
    """The configured bands for a jurisdiction code; UnknownAgeBands when there are none."""
    code = (jurisdiction or "").strip().upper()
    configured = getattr(settings, "SUBJECT_RIGHTS_AGE_BANDS", None) or {}
    if code in configured:
        return AgeBands(code, tuple((int(age), str(who)) for age, who in configured[code]), "R-DSR-12")
    if code in DEFAULT_AGE_BANDS:
        return DEFAULT_AGE_BANDS[code]
    raise UnknownAgeBands(code)


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    """Whole years on ``on``. A 29 February birthday falls on 1 March in a common year,
    which the (month, day) comparison gives without a special case."""
    if on < date_of_birth:
        raise ValueError("The date is before the date of birth.")
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)


@dataclass(frozen=True)
class Capacity:
    """Who must act for (or with) a person on a date, and one sentence saying why."""

    signatories: str
    age: int | None
    reason: str

    @property
    def needs_assessment(self) -> bool:
        return self.signatories == Signatories.ASSESS


def capacity_for(
    *,
    date_of_birth: datetime.date | None,
    on: datetime.date,
    bands: AgeBands,
    incompetent: bool = False,
    judged_competent: bool = False,
) -> Capacity:
    """Who must sign on ``on``.

    ``incompetent``: the person was judged unable to exercise their rights or oversee the
    consequences (wilsonbekwaam); their representatives act, whatever the age (R-DSR-7).
    ``judged_competent``: where competence is judged case by case, it was judged and found;
    it never overrides fixed bands (a Dutch 13-year-old still signs with the parents).
    """
    if incompetent and judged_competent:
        raise ValueError("A person cannot be judged both competent and not competent.")
    age = age_on(date_of_birth, on) if date_of_birth is not None else None
    if incompetent:
        return Capacity(
            Signatories.REPRESENTATIVES,
            age,
            _("Judged not competent to exercise their rights: their legal representative(s) act (%(rule)s).")
            % {"rule": "R-DSR-7"},
        )
    if age is None:
        if judged_competent:
            return Capacity(Signatories.ALONE, None, _("Judged competent to exercise their own rights."))
        return Capacity(
            Signatories.ASSESS,
            None,
            _("The date of birth is not known, so the age on %(date)s cannot be checked.")
            % {"date": f"{on:%d-%m-%Y}"},
        )
    signatories = bands.for_age(age)
    if signatories == Signatories.ASSESS and judged_competent:
        return Capacity(
            Signatories.ALONE,
            age,
            _("Aged %(age)s on %(date)s and judged competent case by case (%(rule)s).")
            % {"age": age, "date": f"{on:%d-%m-%Y}", "rule": bands.rule},
        )
    return Capacity(
        signatories,
        age,
        _("Aged %(age)s on %(date)s: in %(jurisdiction)s that means %(who)s (%(rule)s).")
        % {
            "age": age,
            "date": f"{on:%d-%m-%Y}",
            "jurisdiction": bands.jurisdiction,
            "who": str(Signatories(signatories).label).lower(),
            "rule": bands.rule,
        },
    )
