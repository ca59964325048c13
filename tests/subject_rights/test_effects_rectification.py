"""Rectification (R-DSR-3): facts are corrected and the old value lives only in the audit
log; opinions are not corrected, the subject adds an own statement instead (R-DSR-4)."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from core.errors import DomainError, NotAllowed
from records.models import DataCorrection, DossierEntry, EntryKind, EntryNature, Person, PersonIdentifier
from subject_rights.models import Decision, RequestType
from subject_rights.services.effects import (
    own_statement_record,
    rectification_entry_apply,
    rectification_person_apply,
    restriction_apply,
)
from tests.subject_rights.conftest import at
from tests.subject_rights.effects_factories import DECIDED, counts, decided, household

pytestmark = pytest.mark.django_db


def _audit_changes(instance) -> list[dict]:
    content_type = ContentType.objects.get_for_model(type(instance))
    return [e.changes for e in LogEntry.objects.filter(content_type=content_type, object_pk=str(instance.pk))]


def _stored_anywhere(text: str, *models) -> bool:
    """Whether ``text`` is in any character column of the rows of ``models``."""
    for model in models:
        for row in model.objects.values():
            if any(isinstance(value, str) and text in value for value in row.values()):
                return True
    return False


def test_a_wrong_name_is_corrected_and_the_old_value_is_only_in_the_audit_log(caseworker, adult):
    request = decided(caseworker, adult, RequestType.RECTIFICATION)

    with at(DECIDED):
        correction = rectification_person_apply(
            acting_user=caseworker, request=request, family_name="Janssen", date_of_birth=dt.date(1986, 5, 6)
        )

    adult.refresh_from_db()
    assert (adult.family_name, adult.date_of_birth) == ("Janssen", dt.date(1986, 5, 6))
    assert correction.fields == ["family_name", "date_of_birth"]
    assert correction.request == request
    assert any(change.get("family_name") == ["Jansen", "Janssen"] for change in _audit_changes(adult))
    assert not _stored_anywhere("1986-05-05", DataCorrection, Person)
    assert not any(
        "Jansen" in str(value) for value in DataCorrection.objects.values_list("fields", flat=True)
    )


def test_an_identifier_is_corrected_added_or_removed(caseworker, adult):
    PersonIdentifier.objects.create(person=adult, scheme="bsn", value="111222333")
    PersonIdentifier.objects.create(person=adult, scheme="case", value="C-1")
    request = decided(caseworker, adult, RequestType.RECTIFICATION)

    with at(DECIDED):
        correction = rectification_person_apply(
            acting_user=caseworker,
            request=request,
            identifiers={"bsn": "123456782", "case": "", "pupil": "P-9"},
        )

    assert dict(adult.identifiers.values_list("scheme", "value")) == {"bsn": "123456782", "pupil": "P-9"}
    assert set(correction.fields) == {"identifier:bsn", "identifier:case", "identifier:pupil"}


def test_a_factual_entry_is_corrected_through_the_audit_log(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.RECTIFICATION)

    with at(DECIDED):
        rectification_entry_apply(
            acting_user=caseworker, request=request, entry=house.mine, body="Eva works days at the hospital."
        )

    house.mine.refresh_from_db()
    assert house.mine.body == "Eva works days at the hospital."
    assert any(
        change.get("body") == ["Eva works nights at the hospital.", "Eva works days at the hospital."]
        for change in _audit_changes(house.mine)
    )
    assert not _stored_anywhere("works nights", DossierEntry, DataCorrection)


def test_an_opinion_is_not_rectified(caseworker, adult):
    """R-DSR-4: the subject adds an own statement instead."""
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.RECTIFICATION)
    before = counts()

    with at(DECIDED), pytest.raises(DomainError, match="own statement"):
        rectification_entry_apply(
            acting_user=caseworker, request=request, entry=house.opinion, body="Eva copes."
        )

    assert counts() == before


def test_an_entry_about_someone_else_is_not_rectified_for_this_subject(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.RECTIFICATION)

    with at(DECIDED), pytest.raises(DomainError, match="concerns the subject"):
        rectification_entry_apply(acting_user=caseworker, request=request, entry=house.kids, body="Changed.")


def test_bad_input_saves_nothing(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.RECTIFICATION)
    before = counts()

    with at(DECIDED):
        with pytest.raises(DomainError):
            rectification_entry_apply(acting_user=caseworker, request=request, entry=house.mine, body=" ")
        with pytest.raises(DomainError, match="Nothing was changed"):
            rectification_person_apply(acting_user=caseworker, request=request, family_name="Jansen")
        with pytest.raises(DomainError):
            rectification_person_apply(
                acting_user=caseworker, request=request, given_names="", family_name=""
            )

    assert counts() == before


def test_a_rectification_the_subject_asked_for_goes_ahead_while_restricted(caseworker, adult):
    """Art. 18(2): processing with the data subject's consent."""
    restriction = decided(caseworker, adult, RequestType.RESTRICTION)
    with at(DECIDED):
        restriction_apply(acting_user=caseworker, request=restriction, reason="Accuracy contested by Eva.")
    request = decided(caseworker, adult, RequestType.RECTIFICATION)

    with at(DECIDED):
        rectification_person_apply(acting_user=caseworker, request=request, family_name="Janssen")

    adult.refresh_from_db()
    assert adult.family_name == "Janssen"


def test_the_uninvolved_and_outsiders_cannot_rectify(caseworker, colleague, outsider, adult):
    request = decided(caseworker, adult, RequestType.RECTIFICATION)
    before = counts()

    for intruder in (colleague, outsider):
        with at(DECIDED), pytest.raises(NotAllowed):
            rectification_person_apply(acting_user=intruder, request=request, family_name="Janssen")

    assert counts() == before


def test_an_own_statement_becomes_an_entry_linked_to_the_request(caseworker, adult):
    """R-DSR-4: kind own_statement, about the subject only, answering the opinion."""
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.OWN_STATEMENT)

    with at(DECIDED):
        entry = own_statement_record(
            acting_user=caseworker,
            request=request,
            member=house.me,
            about=house.opinion,
            body="I cope well; I asked for help with the night shifts myself.",
        )

    assert entry.kind == EntryKind.OWN_STATEMENT
    assert entry.nature == EntryNature.OPINION
    assert list(entry.concerns.all()) == [house.me]
    assert entry.subject_request == request
    assert entry.statement_about == house.opinion
    assert list(request.dossier_entries.all()) == [entry]


def test_a_refused_rectification_of_an_opinion_is_answered_with_an_own_statement(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(
        caseworker, adult, RequestType.RECTIFICATION, decision=Decision.REFUSE, grounds=["not_inaccurate"]
    )

    with at(DECIDED):
        entry = own_statement_record(
            acting_user=caseworker, request=request, member=house.me, body="I disagree with this view."
        )

    assert entry.kind == EntryKind.OWN_STATEMENT


def test_an_own_statement_needs_text_and_the_subjects_own_dossier(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.OWN_STATEMENT)
    before = counts()

    with at(DECIDED):
        with pytest.raises(DomainError):
            own_statement_record(acting_user=caseworker, request=request, member=house.me, body="")
        with pytest.raises(DomainError, match="member"):
            own_statement_record(acting_user=caseworker, request=request, member=house.kid, body="Mine.")
        with pytest.raises(DomainError, match="concerns the subject"):
            own_statement_record(
                acting_user=caseworker, request=request, member=house.me, about=house.kids, body="Mine."
            )

    assert counts() == before
