"""Legal holds (RETENTION.md precedence: a hold suspends everything): placing, releasing, effect."""

import datetime as dt

import pytest
import time_machine

from access_control.models import Role
from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from records.models import Dossier, DossierStatus, ItemStatus, MemberRole, Record
from retention import engine
from retention.models import HoldAuthority, LegalHold, Review
from retention.selectors import disposal_candidates, holds_on, is_held
from retention.services.holds import legal_hold_place, legal_hold_release
from retention.services.reviews import review_decide, reviews_open_due
from tests.factories import (
    DossierFactory,
    DossierMemberFactory,
    OrganisationFactory,
    PersonFactory,
    RecordFactory,
    RecordSubjectFactory,
    SubjectEventFactory,
    UserFactory,
)
from tests.retention.conftest import record_class

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def officer(police):
    return UserFactory(organisation=police, role=Role.RECORDS_OFFICER)


@pytest.fixture
def due_record(police):
    """A MoPI group 3 record whose six-year clear period ended in 2019: automatic disposal."""
    person = PersonFactory(organisation=police)
    record = RecordFactory(
        organisation=police,
        record_class=record_class(police, "MOPI-3"),
        created_on=dt.date(2012, 3, 1),
    )
    RecordSubjectFactory(record=record, person=person)
    SubjectEventFactory(person=person, occurred_on=dt.date(2013, 4, 1))
    engine.recompute_all(organisation_id=police.pk)
    record.refresh_from_db()
    return record


def _candidates(model, organisation):
    return set(disposal_candidates(model, organisation_id=organisation.pk, today=TODAY))


def _place(officer, **kwargs):
    values = {
        "acting_user": officer,
        "organisation": officer.organisation,
        "reason": "Disclosure for the Crown Court trial",
        "authority": HoldAuthority.CPIA,
        "authority_reference": "T20260012",
    }
    values.update(kwargs)
    return legal_hold_place(**values)


# --- placing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_refuses_a_hold_without_a_reason_and_saves_nothing(officer, due_record, reason):
    with pytest.raises(DomainError, match="Give the reason for the hold.") as caught:
        _place(officer, reason=reason, records=[due_record])

    assert caught.value.field == "reason"
    assert not LegalHold.objects.exists()
    assert not DomainEvent.objects.filter(verb="legal_hold.placed").exists()


def test_it_refuses_an_unknown_authority(officer, due_record):
    with pytest.raises(DomainError, match="authority") as caught:
        _place(officer, authority="hunch", records=[due_record])

    assert caught.value.field == "authority"
    assert not LegalHold.objects.exists()


def test_it_refuses_a_hold_with_nothing_in_scope(officer):
    with pytest.raises(DomainError, match="at least one record, dossier or person"):
        _place(officer)

    assert not LegalHold.objects.exists()


def test_it_refuses_to_hold_an_item_of_another_organisation(officer):
    outsiders_record = RecordFactory(organisation=OrganisationFactory())

    with pytest.raises(DomainError, match="must belong to"):
        _place(officer, records=[outsiders_record])

    assert not LegalHold.objects.exists()


def test_it_refuses_to_hold_a_record_that_is_already_disposed_of(officer, due_record):
    Record.objects.filter(pk=due_record.pk).update(status=ItemStatus.DISPOSED)
    due_record.refresh_from_db()

    with pytest.raises(DomainError, match="nothing left to hold"):
        _place(officer, records=[due_record])


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.AUDITOR, Role.ASSET_OWNER])
def test_it_refuses_a_hold_by_a_role_that_may_not_place_one(police, due_record, role):
    user = UserFactory(organisation=police, role=role)

    with pytest.raises(NotAllowed):
        _place(user, records=[due_record])

    assert not LegalHold.objects.exists()


def test_it_refuses_a_hold_by_an_officer_of_another_organisation(police, due_record):
    outsider = UserFactory(organisation=OrganisationFactory(), role=Role.RECORDS_OFFICER)

    with pytest.raises(NotAllowed):
        _place(outsider, organisation=police, records=[due_record])

    assert not LegalHold.objects.exists()


@pytest.mark.parametrize("role", [Role.RECORDS_OFFICER, Role.DPO, Role.TEAM_LEADER])
def test_it_places_a_hold_and_records_who_why_and_under_which_authority(police, due_record, role):
    user = UserFactory(organisation=police, role=role)

    hold = _place(user, records=[due_record])

    assert hold.is_active
    assert hold.placed_by == user
    assert list(hold.records.all()) == [due_record]
    event = DomainEvent.objects.get(verb="legal_hold.placed")
    assert event.actor == user
    assert event.reason == "Disclosure for the Crown Court trial"
    assert event.legal_basis == "Criminal Procedure and Investigations Act (CPIA) (T20260012)"
    assert event.data["records"] == [due_record.pk]


# --- releasing --------------------------------------------------------------------------------


def test_it_needs_a_reason_to_release_a_hold(officer, due_record):
    hold = _place(officer, records=[due_record])

    with pytest.raises(DomainError, match="reason for releasing"):
        legal_hold_release(acting_user=officer, hold=hold, reason=" ")

    hold.refresh_from_db()
    assert hold.is_active
    assert is_held(due_record)


def test_it_releases_a_hold_with_a_reason_and_records_it(officer, due_record):
    hold = _place(officer, records=[due_record])

    legal_hold_release(acting_user=officer, hold=hold, reason="Trial concluded, appeal period over")

    hold.refresh_from_db()
    assert not hold.is_active
    assert (hold.released_by, hold.release_reason) == (officer, "Trial concluded, appeal period over")
    assert DomainEvent.objects.filter(verb="legal_hold.released", reason=hold.release_reason).exists()
    assert not is_held(due_record)


def test_it_refuses_to_release_a_hold_twice(officer, due_record):
    hold = _place(officer, records=[due_record])
    legal_hold_release(acting_user=officer, hold=hold, reason="Trial concluded")
    released_at = LegalHold.objects.get(pk=hold.pk).released_at

    with pytest.raises(DomainError, match="already released"):
        legal_hold_release(acting_user=officer, hold=hold, reason="Again")

    hold.refresh_from_db()
    assert (hold.released_at, hold.release_reason) == (released_at, "Trial concluded")
    assert DomainEvent.objects.filter(verb="legal_hold.released").count() == 1


def test_it_refuses_a_release_by_a_caseworker(police, officer, due_record):
    hold = _place(officer, records=[due_record])

    with pytest.raises(NotAllowed):
        legal_hold_release(
            acting_user=UserFactory(organisation=police, role=Role.CASEWORKER), hold=hold, reason="Done"
        )

    assert LegalHold.objects.get(pk=hold.pk).is_active


# --- effect on disposal -----------------------------------------------------------------------


def _unrelated_hold(user) -> None:
    """Another hold first, so hold ids and item ids differ (as they do outside a fresh test
    database) and a hold can only match through the right person."""
    _place(user, people=[PersonFactory(organisation=user.organisation)], reason="Unrelated matter")


def test_it_keeps_a_directly_held_record_out_of_disposal(officer, due_record, police):
    assert due_record in _candidates(Record, police)

    hold = _place(officer, records=[due_record])

    assert due_record not in _candidates(Record, police)
    assert list(holds_on(due_record)) == [hold]


def test_it_keeps_a_record_about_a_held_person_out_of_disposal(officer, due_record, police):
    person = due_record.subject_links.get().person
    _unrelated_hold(officer)

    _place(officer, people=[person], authority=HoldAuthority.SUBJECT_REQUEST, authority_reference="")

    assert due_record not in _candidates(Record, police)
    assert is_held(due_record)


def test_it_lets_a_record_go_to_disposal_again_after_release(officer, due_record, police):
    hold = _place(officer, records=[due_record])

    legal_hold_release(acting_user=officer, hold=hold, reason="Trial concluded")

    assert due_record in _candidates(Record, police)


@pytest.fixture
def decided_dossier(veilig_thuis):
    """A dossier due under R-WMO-1 whose review decided dispose: a disposal candidate."""
    dossier = DossierFactory(
        organisation=veilig_thuis,
        record_class=record_class(veilig_thuis, "VT-DOSSIER"),
        report_date=dt.date(2003, 2, 1),
        status=DossierStatus.CLOSED,
        closed_on=dt.date(2004, 5, 1),
    )
    DossierMemberFactory(
        dossier=dossier, role=MemberRole.PARENT_CARER, person__date_of_birth=dt.date(1970, 1, 1)
    )
    engine.recompute_dossiers([dossier.pk])
    reviews_open_due(organisation=veilig_thuis, today=TODAY)
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        review_decide(
            acting_user=UserFactory(organisation=veilig_thuis, role=Role.RECORDS_OFFICER),
            review=Review.objects.get(dossier=dossier),
            decision="dispose",
            justification="Fifteen years since closing; no child under 18; nothing pending.",
        )
    return dossier


def test_it_keeps_a_held_dossier_out_of_disposal(veilig_thuis, decided_dossier):
    leader = UserFactory(organisation=veilig_thuis, role=Role.TEAM_LEADER)
    assert decided_dossier in _candidates(Dossier, veilig_thuis)

    _place(leader, dossiers=[decided_dossier], authority=HoldAuthority.LITIGATION)

    assert decided_dossier not in _candidates(Dossier, veilig_thuis)


def test_it_keeps_a_dossier_of_a_held_member_out_of_disposal(veilig_thuis, decided_dossier):
    dpo = UserFactory(organisation=veilig_thuis, role=Role.DPO)
    member = decided_dossier.members.get().person
    _unrelated_hold(dpo)

    _place(dpo, people=[member], authority=HoldAuthority.SUBJECT_REQUEST)

    assert decided_dossier not in _candidates(Dossier, veilig_thuis)
