"""Reads on the consent register: who must consent, and "may this be shared?" (R-CON-1..3).

Matching is deliberately literal: a consent covers the data, recipient and purpose it
names (R-CON-1: consent is specific), compared without regard to case, spacing or trailing
punctuation. A consent naming several data items ("name, date of birth; school report")
covers each item as well as the whole description. Anything looser could answer "yes" to
a question nobody consented to.
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from access_control.models import Organisation
from records.models import Person
from subject_rights.capacity import age_bands_for, capacity_for
from subject_rights.consent_rules import ConsentRequirement, RelationFact, who_must_consent
from subject_rights.models import Consent, ConsentDirection, LegalRelation

_SPACES = re.compile(r"\s+")
_ITEM_SEPARATORS = re.compile(r"[,;\n]")


def legal_relations_of(child: Person) -> QuerySet[LegalRelation]:
    """The child's current legal relations (ended ones are history)."""
    return LegalRelation.objects.filter(child=child, ended_on__isnull=True).select_related("adult")


def consent_requirement_for(
    *, child: Person, on: datetime.date, incompetent: bool = False, judged_competent: bool = False
) -> ConsentRequirement:
    """Who must consent for ``child`` on ``on``.

    Raises ConsentRuleError (nobody can consent yet), UnknownAgeBands (no bands for the
    organisation's jurisdiction) or ValueError (``on`` before the date of birth).
    """
    organisation: Organisation = child.organisation
    capacity = capacity_for(
        date_of_birth=child.date_of_birth,
        on=on,
        bands=age_bands_for(organisation.jurisdiction),
        incompetent=incompetent,
        judged_competent=judged_competent,
    )
    relations = [
        RelationFact(r.adult_id, r.adult.full_name, r.kind, r.has_parental_authority)
        for r in legal_relations_of(child)
    ]
    return who_must_consent(
        child_id=child.pk, child_name=child.full_name, capacity=capacity, relations=relations
    )


def consents_for_subject(subject: Person) -> QuerySet[Consent]:
    return Consent.objects.filter(subject=subject).prefetch_related("signatories__person")


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", (text or "").strip().strip(".,;:").strip()).casefold()


def covers_data(description: str, data: str) -> bool:
    wanted = _normalise(data)
    if not wanted:
        return False
    items = {_normalise(item) for item in _ITEM_SEPARATORS.split(description or "")}
    return wanted == _normalise(description) or wanted in items


@dataclass(frozen=True)
class SharingAnswer:
    """The answer and the consent that decides it (None when no consent matches at all)."""

    allowed: bool
    consent: Consent | None
    reason: str


def _answer(
    subject: Person, data: str, counterparty: str, purpose: str, on: datetime.date, direction: str
) -> SharingAnswer:
    matching = [
        consent
        for consent in Consent.objects.filter(subject=subject, direction=direction).order_by(
            "-given_on", "-pk"
        )
        if _normalise(consent.counterparty) == _normalise(counterparty)
        and _normalise(consent.purpose) == _normalise(purpose)
        and covers_data(consent.data_description, data)
    ]
    holding = [consent for consent in matching if consent.holds_on(on)]
    if holding:
        consent = holding[0]
        return SharingAnswer(
            True,
            consent,
            _("Consent given on %(date)s covers this.") % {"date": f"{consent.given_on:%d-%m-%Y}"},
        )
    if not matching:
        return SharingAnswer(
            False,
            None,
            _(
                "No consent is recorded for this data, with this recipient or source, "
                "for this purpose (R-CON-1)."
            ),
        )
    # The no is explained by the latest consent given by then (withdrawn or expired), else
    # by the first one given after.
    given_by_then = [c for c in matching if c.given_on <= on]
    consent = given_by_then[0] if given_by_then else matching[-1]
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        reason = _("The consent was withdrawn on %(date)s.") % {"date": f"{consent.withdrawn_on:%d-%m-%Y}"}
    elif consent.valid_until is not None and on > consent.valid_until:
        reason = _("The consent expired on %(date)s.") % {"date": f"{consent.valid_until:%d-%m-%Y}"}
    else:
        reason = _("The consent was only given on %(date)s.") % {"date": f"{consent.given_on:%d-%m-%Y}"}
    return SharingAnswer(False, consent, reason)


def may_share(
    *, subject: Person, data: str, recipient: str, purpose: str, on: datetime.date
) -> SharingAnswer:
    """May ``data`` about ``subject`` be given to ``recipient`` for ``purpose`` on ``on``?"""
    return _answer(subject, data, recipient, purpose, on, ConsentDirection.SHARE)


def may_obtain(*, subject: Person, data: str, source: str, purpose: str, on: datetime.date) -> SharingAnswer:
    """May ``data`` about ``subject`` be asked from ``source`` for ``purpose`` on ``on``?"""
    return _answer(subject, data, source, purpose, on, ConsentDirection.OBTAIN)
