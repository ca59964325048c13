"""A pupil of the school partnership with their family, and consent through the service."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from subject_rights.models import ConsentDirection, ConsentForm, CounterpartyKind, RelationKind
from subject_rights.services import consent_record, legal_relation_record
from tests.subject_rights.conftest import at

GIVEN_ON = dt.date(2026, 3, 2)


def born_aged(years: int, on: dt.date = GIVEN_ON) -> dt.date:
    """A date of birth that makes someone exactly ``years`` old (a day past the birthday) on ``on``."""
    return dt.date(on.year - years, on.month, on.day) - dt.timedelta(days=1)


def relate(user, adult, child, kind, authority=None):
    return legal_relation_record(
        acting_user=user, adult=adult, child=child, kind=kind, has_parental_authority=authority
    )


def both_parents(user, family):
    relate(user, family.mother, family.pupil, RelationKind.PARENT, True)
    relate(user, family.father, family.pupil, RelationKind.PARENT, True)


def record(user, subject, given_by, **values):
    """A specific consent, oral unless said otherwise, given on 02-03-2026."""
    form = values.pop("form", ConsentForm.ORAL)
    defaults = {
        "acting_user": user,
        "subject": subject,
        "data_description": "School report 2025-2026, reading test results",
        "purpose": "Application for extra reading support",
        "direction": ConsentDirection.SHARE,
        "counterparty": "Ondersteuningsteam SWV Peelland",
        "counterparty_kind": CounterpartyKind.OTHER,
        "why_necessary": "The support team assesses the application on these results.",
        "given_by": given_by,
        "form": form,
        "given_on": GIVEN_ON,
    }
    if form == ConsentForm.WRITTEN and "document" not in values:
        defaults["document"] = SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed")
    defaults.update(values)
    with at(values.get("given_on", GIVEN_ON)):
        return consent_record(**defaults)
