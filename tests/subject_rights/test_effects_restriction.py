"""GDPR art. 18: a restricted subject's data is only stored; changes are refused until the
restriction is lifted, and lifting is recorded."""

import datetime as dt

import pytest

from core.errors import DomainError, InvalidTransition, NotAllowed
from records.models import DossierEntry, EntryKind, EntryNature, PersonRestriction, SubjectEvent
from records.services import (
    CopyInput,
    MemberInput,
    SubjectInput,
    dossier_close,
    dossier_entry_add,
    dossier_member_add,
    record_copy_add,
    record_subject_add,
    subject_event_record,
)
from subject_rights.models import RequestType
from subject_rights.services.effects import restriction_apply, restriction_lift, subject_data_destroy
from tests.factories import DossierFactory, RecordFactory
from tests.subject_rights.conftest import at
from tests.subject_rights.effects_factories import DECIDED, counts, decided, household, records_about

pytestmark = pytest.mark.django_db

REASON = "The subject contests the accuracy of the investigation; restricted while we verify it."


@pytest.fixture
def restricted(caseworker, adult):
    house = household(caseworker.organisation, adult, author=caseworker)
    request = decided(caseworker, adult, RequestType.RESTRICTION)
    with at(DECIDED):
        restriction = restriction_apply(acting_user=caseworker, request=request, reason=REASON)
    return house, request, restriction


def test_it_restricts_the_subject_with_reason_and_request(restricted, caseworker, adult):
    _, request, restriction = restricted

    assert restriction.person == adult
    assert restriction.request == request
    assert restriction.reason == REASON
    assert restriction.restricted_by == caseworker
    assert restriction.is_active


def test_a_new_entry_about_the_restricted_subject_is_refused(restricted, caseworker):
    house, _, _ = restricted
    before = counts()

    with pytest.raises(DomainError) as refused:
        dossier_entry_add(
            acting_user=caseworker,
            dossier=house.dossier,
            kind=EntryKind.INVESTIGATION,
            nature=EntryNature.FACT,
            body="Visited the family.",
            concerns=[house.me, house.kid],
        )

    assert refused.value.code == "restricted"
    assert "Eva Jansen" not in refused.value.message  # no name: R-ACC-5 (records/services/restrictions.py)
    assert "GDPR art. 18" in refused.value.message
    assert counts() == before


def test_entries_about_other_members_go_on(restricted, caseworker):
    house, _, _ = restricted

    entry = dossier_entry_add(
        acting_user=caseworker,
        dossier=house.dossier,
        kind=EntryKind.STEP_AGREEMENT,
        nature=EntryNature.FACT,
        body="Sam starts at a new school.",
        concerns=[house.kid],
    )

    assert DossierEntry.objects.filter(pk=entry.pk).exists()


def test_linking_copying_and_events_about_the_restricted_subject_are_refused(restricted, caseworker, adult):
    organisation = caseworker.organisation
    record = RecordFactory(organisation=organisation)
    other_dossier = DossierFactory(organisation=organisation)
    before = counts()

    with pytest.raises(DomainError, match="restricted"):
        record_subject_add(
            acting_user=caseworker, record=record, subject=SubjectInput(role="subject", person=adult)
        )
    with pytest.raises(DomainError, match="restricted"):
        dossier_member_add(
            acting_user=caseworker,
            dossier=other_dossier,
            member=MemberInput(role="parent_carer", person=adult),
        )
    with pytest.raises(DomainError, match="restricted"):
        subject_event_record(
            acting_user=caseworker, person=adult, kind="other", occurred_on=dt.date(2026, 1, 1)
        )
    assert counts() == before


def test_a_copy_of_a_record_about_the_restricted_subject_is_refused(caseworker, adult):
    records = records_about(caseworker.organisation, adult)
    request = decided(caseworker, adult, RequestType.RESTRICTION)
    with at(DECIDED):
        restriction_apply(acting_user=caseworker, request=request, reason=REASON)

    with pytest.raises(DomainError, match="restricted"):
        record_copy_add(
            acting_user=caseworker,
            record=records.own,
            copy=CopyInput(kind="paper", location="Cabinet 3", custodian_id=caseworker.pk),
        )


def test_storage_and_retention_work_goes_on(restricted, caseworker):
    """Closing a dossier starts its retention clock: storage, not processing (art. 18)."""
    house, _, _ = restricted

    with at(DECIDED):
        closed = dossier_close(acting_user=caseworker, dossier=house.dossier, closed_on=DECIDED)

    assert closed.status == "closed"


def test_erasure_at_the_subjects_request_goes_on_while_restricted(restricted, caseworker, adult):
    house, _, _ = restricted
    erasure = decided(caseworker, adult, RequestType.ERASURE)

    with at(DECIDED):
        subject_data_destroy(acting_user=caseworker, request=erasure)

    assert not DossierEntry.objects.filter(pk=house.mine.pk).exists()


def test_lifting_is_recorded_and_changes_are_allowed_again(restricted, caseworker, adult):
    _, _, restriction = restricted

    lifted = restriction_lift(
        acting_user=caseworker,
        restriction=restriction,
        reason="Accuracy verified; subject told on 20-03-2026.",
    )

    assert lifted.lifted_by == caseworker
    assert lifted.lifted_at is not None
    assert "Accuracy verified" in lifted.lift_reason
    assert PersonRestriction.objects.filter(pk=restriction.pk).exists()
    subject_event_record(acting_user=caseworker, person=adult, kind="other", occurred_on=dt.date(2026, 1, 1))
    assert SubjectEvent.objects.filter(person=adult).count() == 1


def test_lifting_needs_a_reason_and_saves_nothing_without_one(restricted, caseworker):
    _, _, restriction = restricted
    before = counts()

    with pytest.raises(DomainError) as refused:
        restriction_lift(acting_user=caseworker, restriction=restriction, reason="  ")

    assert refused.value.field == "reason"
    assert counts() == before


def test_restricting_needs_a_reason(caseworker, adult):
    request = decided(caseworker, adult, RequestType.RESTRICTION)
    before = counts()

    with at(DECIDED), pytest.raises(DomainError):
        restriction_apply(acting_user=caseworker, request=request, reason="")

    assert counts() == before


def test_a_subject_is_restricted_once_at_a_time(restricted, caseworker, adult):
    _, request, _ = restricted

    with at(DECIDED), pytest.raises(InvalidTransition, match="already restricted"):
        restriction_apply(acting_user=caseworker, request=request, reason=REASON)


def test_the_uninvolved_and_outsiders_can_neither_restrict_nor_lift(restricted, colleague, outsider, adult):
    _, request, restriction = restricted
    before = counts()

    for intruder in (colleague, outsider):
        with at(DECIDED), pytest.raises(NotAllowed):
            restriction_apply(acting_user=intruder, request=request, reason=REASON)
        with pytest.raises(NotAllowed):
            restriction_lift(acting_user=intruder, restriction=restriction, reason="Because.")

    assert counts() == before
