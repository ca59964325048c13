"""Schedules as data: bad rule parts refused with nothing saved; a revision is a new version."""

import dataclasses
import datetime as dt

import pytest

from access_control.models import OrganisationKind, Role
from core.errors import DomainError
from core.models import DomainEvent
from records.models import Record
from retention import engine
from retention.explain import explain
from retention.models import RetentionSchedule, ScheduleVersion
from retention.services.schedules import RuleParts, schedule_create, schedule_revise
from tests.factories import OrganisationFactory, RecordFactory, UserFactory
from tests.retention.conftest import record_class

pytestmark = pytest.mark.django_db

VALID = {
    "trigger": "created",
    "action": "destroy",
    "legal_basis": "NPCC minimum standards for retention and disposal",
    "period_years": 6,
}


@pytest.fixture
def manager(police):
    return UserFactory(organisation=police, role=Role.RECORDS_OFFICER)


def _create(manager, organisation=None, **parts):
    return schedule_create(
        acting_user=manager,
        organisation=organisation or manager.organisation,
        code="CORP-TEST",
        name="Test schedule",
        parts=RuleParts(**{**VALID, **parts}),
    )


@pytest.mark.parametrize(
    ("parts", "field", "message"),
    [
        ({"period_years": -1}, "period_years", "cannot be negative"),
        ({"period_months": -3}, "period_months", "cannot be negative"),
        ({"period_years": 0}, "period_years", "longer than zero"),
        (
            {"police_group": "1", "automation": "automatic", "trigger": "subject_birth"},
            "automation",
            "R-REC-7",
        ),
        ({"police_group": "2", "automation": "automatic", "trigger": "last_event"}, "automation", "R-REC-7"),
        ({"trigger": "event"}, "trigger_event_kind", "Choose the event"),
        ({"trigger": "event", "trigger_event_kind": "birthday"}, "trigger_event_kind", "Choose the event"),
        ({"review_interval_years": 0}, "review_interval_years", "at least one year"),
        ({"legal_basis": "  "}, "legal_basis", "legal basis"),
        ({"trigger": "whenever"}, "trigger", "Unknown trigger"),
    ],
)
def test_it_refuses_a_rule_that_cannot_be_applied_and_saves_nothing(manager, parts, field, message):
    before = ScheduleVersion.objects.count()

    with pytest.raises(DomainError, match=message) as caught:
        _create(manager, **parts)

    assert caught.value.field == field
    assert not RetentionSchedule.objects.filter(code="CORP-TEST").exists()
    assert ScheduleVersion.objects.count() == before


def test_it_refuses_financial_year_rounding_when_the_year_end_is_not_a_date(db):
    """An organisation whose financial year ends on "30 February" cannot round to it."""
    organisation = OrganisationFactory(
        kind=OrganisationKind.POLICE_FORCE, financial_year_end_month=2, financial_year_end_day=30
    )
    manager = UserFactory(organisation=organisation, role=Role.RECORDS_OFFICER)

    with pytest.raises(DomainError, match="financial year-end is not a valid date") as caught:
        _create(manager, rounding="financial_year")

    assert caught.value.field == "rounding"
    assert not RetentionSchedule.objects.filter(organisation=organisation).exists()


def test_it_accepts_an_automatic_schedule_below_group_2_r_rec_7(manager):
    schedule = _create(manager, police_group="3", automation="automatic", trigger="last_event")

    assert schedule.current_version.automation == "automatic"
    assert schedule.current_version.police_group_rank == 3


def test_it_refuses_a_revision_without_a_reason(manager):
    schedule = _create(manager)

    with pytest.raises(DomainError, match="Say why the schedule changes"):
        schedule_revise(acting_user=manager, schedule=schedule, parts=RuleParts(**VALID), change_note="")

    assert schedule.versions.count() == 1


def test_it_refuses_an_invalid_revision_and_keeps_the_version_in_force(manager):
    schedule = _create(manager)

    with pytest.raises(DomainError, match="cannot be negative"):
        schedule_revise(
            acting_user=manager,
            schedule=schedule,
            parts=RuleParts(**{**VALID, "period_years": -6}),
            change_note="Typo",
        )

    schedule.refresh_from_db()
    assert schedule.current_version.number == 1
    assert schedule.versions.count() == 1


def test_it_revises_a_schedule_as_version_2_and_recomputes_its_items(
    police, manager, django_capture_on_commit_callbacks
):
    schedule = RetentionSchedule.objects.get(organisation=police, code="CORP-FIN")
    record = RecordFactory(
        organisation=police,
        record_class=record_class(police, "CORP-FIN"),
        category=record_class(police, "CORP-FIN").category,
        created_on=dt.date(2019, 2, 10),
    )
    engine.recompute_records([record.pk])
    record.refresh_from_db()
    assert (record.retention_version.number, record.retention_due_on) == (1, dt.date(2025, 3, 31))
    new_parts = RuleParts(
        **{
            **VALID,
            "period_years": 7,
            "rounding": "financial_year",
            "automation": "automatic",
            "legal_basis": "Force policy 2026: finance records 7 years from the end of the financial year.",
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        version = schedule_revise(
            acting_user=manager, schedule=schedule, parts=new_parts, change_note="Auditors asked for 7 years."
        )

    record = Record.objects.get(pk=record.pk)
    schedule.refresh_from_db()
    assert version.number == 2
    assert schedule.current_version == version
    assert ScheduleVersion.objects.get(schedule=schedule, number=1).period_years == 6
    assert record.retention_version == version
    assert record.retention_due_on == dt.date(2026, 3, 31)
    assert "CORP-FIN v2" in explain(record)
    assert DomainEvent.objects.filter(verb="schedule.revised", reason="Auditors asked for 7 years.").exists()


@pytest.mark.parametrize("role", ["caseworker", "team_leader", "dpo"])
def test_it_lets_only_records_officers_and_asset_owners_revise_a_schedule_r_rec_9(police, role):
    from core.errors import NotAllowed
    from retention.models import RetentionSchedule
    from tests.factories import UserFactory

    schedule = RetentionSchedule.objects.get(organisation=police, code="MOPI-3")
    current = schedule.current_version
    parts = RuleParts(**{f.name: getattr(current, f.name) for f in dataclasses.fields(RuleParts)})

    with pytest.raises(NotAllowed):
        schedule_revise(
            acting_user=UserFactory(organisation=police, role=role),
            schedule=schedule,
            parts=parts,
            change_note="x",
        )
    assert schedule.versions.count() == 1
