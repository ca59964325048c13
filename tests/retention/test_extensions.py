"""R-WMO-3: a team leader extends retention, with reasons, later only; recorded in the dossier."""

import datetime as dt

import pytest

from access_control.models import Role
from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from records.models import DossierEntry, DossierStatus, EntryKind, MemberRole, RetentionBasis
from retention import engine
from retention.explain import explain
from retention.models import RetentionExtension
from retention.services.extensions import retention_extend
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
REASON = "The youngest child's protection plan runs until 2036; the file is needed for it."


@pytest.fixture
def leader(veilig_thuis):
    return UserFactory(organisation=veilig_thuis, role=Role.TEAM_LEADER, first_name="Anna", last_name="Bos")


def _dossier(organisation, *, status=DossierStatus.CLOSED, closed_on=dt.date(2018, 6, 30)):
    dossier = DossierFactory(
        organisation=organisation,
        record_class=record_class(organisation, "VT-DOSSIER"),
        report_date=dt.date(2017, 11, 2),
        status=status,
        closed_on=closed_on,
    )
    DossierMemberFactory(
        dossier=dossier, role=MemberRole.PARENT_CARER, person__date_of_birth=dt.date(1980, 1, 1)
    )
    DossierMemberFactory(dossier=dossier, role=MemberRole.CHILD, person__date_of_birth=dt.date(2010, 3, 3))
    engine.recompute_dossiers([dossier.pk])
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def dossier(veilig_thuis):
    """Closed 2018, youngest child born 2010: destroy after 31-12-2033 (R-WMO-2)."""
    return _dossier(veilig_thuis)


def test_it_extends_a_dossier_and_explains_the_new_date_with_r_wmo_3(leader, dossier):
    assert dossier.retention_due_on == dt.date(2033, 12, 31)

    extension = retention_extend(
        acting_user=leader, item=dossier, extended_to=dt.date(2036, 12, 31), reason=REASON
    )

    assert dossier.retention_due_on == dt.date(2036, 12, 31)
    assert dossier.retention_extended_to == dt.date(2036, 12, 31)
    assert dossier.retention_basis == RetentionBasis.EXTENSION
    assert "R-WMO-3" in explain(dossier)
    assert explain(dossier).startswith("Destroy after 31-12-2036")
    assert (extension.previous_due_on, extension.decided_by, extension.reason) == (
        dt.date(2033, 12, 31),
        leader,
        REASON,
    )
    event = DomainEvent.objects.get(verb="retention.extended")
    assert (event.actor, event.reason, event.legal_basis) == (leader, REASON, "R-WMO-3")


def test_it_records_the_decision_and_its_reasons_in_the_dossier(leader, dossier):
    retention_extend(acting_user=leader, item=dossier, extended_to=dt.date(2036, 12, 31), reason=REASON)

    entry = DossierEntry.objects.get(dossier=dossier, kind=EntryKind.DECISION)
    assert REASON in entry.body
    assert "31-12-2036" in entry.body and "31-12-2033" in entry.body
    assert "R-WMO-3" in entry.body
    assert entry.author == leader
    assert set(entry.concerns.all()) == set(dossier.members.all())


def test_it_keeps_the_extension_through_a_full_recompute(leader, dossier, veilig_thuis):
    retention_extend(acting_user=leader, item=dossier, extended_to=dt.date(2036, 12, 31), reason=REASON)

    engine.recompute_all(organisation_id=veilig_thuis.pk)
    dossier.refresh_from_db()

    assert dossier.retention_due_on == dt.date(2036, 12, 31)


@pytest.mark.parametrize("extended_to", [dt.date(2030, 1, 1), dt.date(2033, 12, 31)])
def test_it_refuses_an_extension_to_an_earlier_or_the_same_date(leader, dossier, extended_to):
    with pytest.raises(DomainError, match="An extension can only make retention longer") as caught:
        retention_extend(acting_user=leader, item=dossier, extended_to=extended_to, reason=REASON)

    assert caught.value.field == "extended_to"
    dossier.refresh_from_db()
    assert dossier.retention_due_on == dt.date(2033, 12, 31)
    assert not RetentionExtension.objects.exists()
    assert not DossierEntry.objects.filter(dossier=dossier, kind=EntryKind.DECISION).exists()


def test_it_refuses_to_shorten_an_earlier_extension(leader, dossier):
    retention_extend(acting_user=leader, item=dossier, extended_to=dt.date(2036, 12, 31), reason=REASON)

    with pytest.raises(DomainError, match="choose a date after 31-12-2036"):
        retention_extend(acting_user=leader, item=dossier, extended_to=dt.date(2035, 12, 31), reason=REASON)

    dossier.refresh_from_db()
    assert dossier.retention_due_on == dt.date(2036, 12, 31)
    assert RetentionExtension.objects.count() == 1


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.RECORDS_OFFICER, Role.DPO])
def test_it_lets_only_a_team_leader_extend(veilig_thuis, dossier, role):
    user = UserFactory(organisation=veilig_thuis, role=role)

    with pytest.raises(NotAllowed, match="team leader"):
        retention_extend(acting_user=user, item=dossier, extended_to=dt.date(2036, 12, 31), reason=REASON)

    assert not RetentionExtension.objects.exists()


def test_it_refuses_a_team_leader_of_another_organisation(dossier):
    outsider = UserFactory(organisation=OrganisationFactory(), role=Role.TEAM_LEADER)

    with pytest.raises(NotAllowed):
        retention_extend(acting_user=outsider, item=dossier, extended_to=dt.date(2036, 12, 31), reason=REASON)

    assert not RetentionExtension.objects.exists()


def test_it_needs_the_reasons(leader, dossier):
    with pytest.raises(DomainError, match="reasons") as caught:
        retention_extend(acting_user=leader, item=dossier, extended_to=dt.date(2036, 12, 31), reason="  ")

    assert caught.value.field == "reason"
    assert not RetentionExtension.objects.exists()


def test_it_refuses_to_extend_an_open_dossier_which_has_no_date_r_wmo_5(leader, veilig_thuis):
    open_dossier = _dossier(veilig_thuis, status=DossierStatus.OPEN, closed_on=None)

    with pytest.raises(DomainError, match="nothing to extend: the dossier is open"):
        retention_extend(
            acting_user=leader, item=open_dossier, extended_to=dt.date(2036, 12, 31), reason=REASON
        )

    assert not RetentionExtension.objects.exists()


def test_it_extends_a_police_record_and_recomputes_it(police):
    leader = UserFactory(organisation=police, role=Role.TEAM_LEADER)
    person = PersonFactory(organisation=police)
    record = RecordFactory(
        organisation=police, record_class=record_class(police, "MOPI-3"), created_on=dt.date(2014, 1, 1)
    )
    RecordSubjectFactory(record=record, person=person)
    SubjectEventFactory(person=person, occurred_on=dt.date(2015, 6, 1))
    engine.recompute_all(organisation_id=police.pk)
    record.refresh_from_db()
    assert record.retention_due_on == dt.date(2021, 6, 1)

    retention_extend(
        acting_user=leader, item=record, extended_to=dt.date(2028, 6, 1), reason="Linked series under review"
    )

    assert record.retention_due_on == dt.date(2028, 6, 1)
    assert record.retention_basis == RetentionBasis.EXTENSION
    assert "R-WMO-3" in explain(record)
    assert RetentionExtension.objects.get().record == record
