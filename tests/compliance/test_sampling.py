"""Data-quality samples (R-REC-8): a reproducible random draw, findings per item, closing, and
who may draw, check and read."""

import pytest
from auditlog.models import LogEntry

from access_control.models import Role
from compliance.models import Finding, QualitySample, QualitySampleItem, SampleKind, SampleStatus
from compliance.selectors.sampling import finding_rate, quality_sample_list, quality_samples_visible_to
from compliance.services.sampling import (
    quality_sample_close,
    quality_sample_draw,
    quality_sample_finding_record,
    sample_draw_order,
)
from core.errors import DomainError, InvalidTransition, NotAllowed
from core.models import DomainEvent
from records.models import ItemStatus
from tests.factories import DossierFactory, RecordFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def population(org, unit):
    """40 live records of the unit, two disposed ones and 5 records of another unit."""
    records = RecordFactory.create_batch(40, organisation=org, unit=unit)
    RecordFactory.create_batch(2, organisation=org, unit=unit, status=ItemStatus.DISPOSED)
    RecordFactory.create_batch(5, organisation=org, unit=UnitFactory(organisation=org))
    return records


def _draw(user, unit, *, size=10, seed=12345, checker=None, kind=SampleKind.RECORDS):
    return quality_sample_draw(
        acting_user=user, unit=unit, kind=kind, size=size, seed=seed, checker=checker or user
    )


def _drawn(sample) -> list[int]:
    return list(sample.items.order_by("position").values_list("record_id", flat=True))


def test_the_same_seed_draws_the_same_items_again(population, team_leader, unit):
    first = _draw(team_leader, unit)
    again = _draw(team_leader, unit)

    assert _drawn(first) == _drawn(again)
    assert len(set(_drawn(first))) == 10
    assert first.reference != again.reference


def test_a_different_seed_draws_differently_and_only_live_items_of_the_unit(population, team_leader, unit):
    one, other = _draw(team_leader, unit, seed=1), _draw(team_leader, unit, seed=2)

    assert _drawn(one) != _drawn(other)
    live = {record.pk for record in population}
    assert set(_drawn(one)) <= live and set(_drawn(other)) <= live
    assert one.population_size == 40


def test_the_draw_is_not_simply_the_lowest_or_evenly_spaced_ids(population, team_leader, unit):
    ids = sorted(record.pk for record in population)
    drawn = sorted(_drawn(_draw(team_leader, unit, seed=987654)))

    assert drawn != ids[:10]
    gaps = {b - a for a, b in zip(drawn, drawn[1:], strict=False)}
    assert len(gaps) > 1


def test_the_order_is_the_one_the_seed_gives(population, unit, team_leader):
    sample = _draw(team_leader, unit, size=5, seed=4242)
    expected = list(
        sample_draw_order(unit=unit, kind=SampleKind.RECORDS, seed=4242).values_list("pk", flat=True)[:5]
    )

    assert _drawn(sample) == expected
    assert sample.seed == 4242


def test_a_new_draw_gets_a_random_seed_that_is_kept(population, team_leader, unit):
    sample = quality_sample_draw(
        acting_user=team_leader, unit=unit, kind=SampleKind.RECORDS, size=3, checker=team_leader
    )

    assert 1 <= sample.seed < 2**31
    event = DomainEvent.objects.get(verb="quality_sample.drawn")
    assert event.data["seed"] == sample.seed
    assert event.legal_basis == "R-REC-8"
    assert event.data["items"] == list(sample.items.order_by("position").values_list("reference", flat=True))


def test_dossiers_can_be_sampled_too(org, unit, team_leader):
    dossiers = DossierFactory.create_batch(3, organisation=org, unit=unit)

    sample = _draw(team_leader, unit, size=2, kind=SampleKind.DOSSIERS)

    assert {item.dossier_id for item in sample.items.all()} <= {d.pk for d in dossiers}
    assert all(item.record_id is None for item in sample.items.all())


@pytest.mark.parametrize(
    ("size", "seed", "field"),
    [(0, 1, "size"), (101, 1, "size"), (41, 1, "size"), (5, 0, "seed"), (5, 2**31, "seed")],
)
def test_a_bad_draw_is_refused_and_nothing_is_saved(population, team_leader, unit, size, seed, field):
    with pytest.raises(DomainError) as error:
        _draw(team_leader, unit, size=size, seed=seed)

    assert error.value.field == field
    assert QualitySample.objects.count() == 0
    assert QualitySampleItem.objects.count() == 0


def test_an_empty_unit_cannot_be_sampled(org, team_leader, unit):
    with pytest.raises(DomainError, match="no live records"):
        _draw(team_leader, unit, size=1)
    assert QualitySample.objects.count() == 0


def test_a_team_leader_samples_only_their_own_units(population, org, team_leader):
    other_unit = UnitFactory(organisation=org)
    RecordFactory(organisation=org, unit=other_unit)

    with pytest.raises(NotAllowed):
        _draw(team_leader, other_unit, size=1)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.DPO, Role.AUDITOR])
def test_other_roles_do_not_draw(population, org, unit, role):
    with pytest.raises(NotAllowed):
        _draw(UserFactory(organisation=org, role=role), unit, size=1)
    assert QualitySample.objects.count() == 0


def test_a_records_officer_draws_for_a_team_leader_of_the_unit(
    population, records_officer, team_leader, unit
):
    sample = _draw(records_officer, unit, checker=team_leader)

    assert sample.checker == team_leader
    assert sample.drawn_by == records_officer


def test_the_checker_must_lead_the_unit(population, records_officer, org, unit):
    with pytest.raises(DomainError) as error:
        _draw(records_officer, unit, checker=UserFactory(organisation=org, role=Role.TEAM_LEADER))
    assert error.value.field == "checker"


def test_findings_are_recorded_and_rated(population, team_leader, unit):
    sample = _draw(team_leader, unit, size=4)
    items = list(sample.items.order_by("position"))
    quality_sample_finding_record(acting_user=team_leader, item=items[0], finding=Finding.ACCURATE)
    quality_sample_finding_record(
        acting_user=team_leader, item=items[1], finding=Finding.INACCURATE, note="Wrong date of birth."
    )
    quality_sample_finding_record(
        acting_user=team_leader, item=items[2], finding=Finding.INCOMPLETE, note="No outcome recorded."
    )

    listed = quality_sample_list(user=team_leader).get(pk=sample.pk)
    assert (listed.checked, listed.accurate, listed.inaccurate, listed.incomplete, listed.problems) == (
        3,
        1,
        1,
        1,
        2,
    )
    assert finding_rate(listed) == pytest.approx(2 / 3)
    item = QualitySampleItem.objects.get(pk=items[1].pk)
    assert (item.finding, item.note, item.checked_by) == (
        Finding.INACCURATE,
        "Wrong date of birth.",
        team_leader,
    )


def test_a_problem_needs_a_note_and_nothing_is_saved_without(population, team_leader, unit):
    sample = _draw(team_leader, unit, size=1)
    item = sample.items.get()

    with pytest.raises(DomainError) as error:
        quality_sample_finding_record(acting_user=team_leader, item=item, finding=Finding.OTHER, note="  ")

    assert error.value.field == "note"
    assert QualitySampleItem.objects.get(pk=item.pk).finding == ""


def test_only_the_checker_records_findings(population, records_officer, team_leader, unit):
    sample = _draw(records_officer, unit, checker=team_leader, size=1)

    with pytest.raises(NotAllowed):
        quality_sample_finding_record(
            acting_user=records_officer, item=sample.items.get(), finding=Finding.ACCURATE
        )


def test_a_sample_closes_only_when_every_item_has_a_finding(population, team_leader, unit):
    sample = _draw(team_leader, unit, size=2)
    first, second = sample.items.order_by("position")
    quality_sample_finding_record(acting_user=team_leader, item=first, finding=Finding.ACCURATE)

    with pytest.raises(DomainError, match="1 item"):
        quality_sample_close(acting_user=team_leader, sample=sample, conclusion="Good.")
    assert QualitySample.objects.get(pk=sample.pk).status == SampleStatus.OPEN

    quality_sample_finding_record(acting_user=team_leader, item=second, finding=Finding.ACCURATE)
    closed = quality_sample_close(acting_user=team_leader, sample=sample, conclusion="All accurate.")

    assert (closed.status, closed.conclusion, closed.closed_by) == (
        SampleStatus.CLOSED,
        "All accurate.",
        team_leader,
    )
    with pytest.raises(InvalidTransition):
        quality_sample_finding_record(
            acting_user=team_leader, item=first, finding=Finding.OTHER, note="Late."
        )
    with pytest.raises(DomainError):
        quality_sample_close(acting_user=team_leader, sample=sample, conclusion="Again.")


def test_a_conclusion_is_required(population, team_leader, unit):
    sample = _draw(team_leader, unit, size=1)
    quality_sample_finding_record(acting_user=team_leader, item=sample.items.get(), finding=Finding.ACCURATE)

    with pytest.raises(DomainError) as error:
        quality_sample_close(acting_user=team_leader, sample=sample, conclusion="")
    assert error.value.field == "conclusion"


def test_who_sees_which_samples(
    population, org, unit, team_leader, records_officer, dpo, auditor, caseworker, outsider_dpo
):
    own = _draw(team_leader, unit, size=1)
    other_unit = UnitFactory(organisation=org)
    RecordFactory(organisation=org, unit=other_unit)
    elsewhere = _draw(records_officer, other_unit, size=1)

    assert set(quality_samples_visible_to(team_leader)) == {own}
    for reader in (records_officer, dpo, auditor):
        assert set(quality_samples_visible_to(reader)) == {own, elsewhere}
    assert not quality_samples_visible_to(caseworker).exists()
    assert not quality_samples_visible_to(outsider_dpo).exists()


def test_samples_and_findings_are_in_the_audit_log(population, team_leader, unit):
    sample = _draw(team_leader, unit, size=1)
    item = sample.items.get()
    quality_sample_finding_record(
        acting_user=team_leader, item=item, finding=Finding.INACCURATE, note="Wrong name."
    )

    assert LogEntry.objects.get_for_object(sample).exists()
    change = LogEntry.objects.get_for_object(item).filter(action=LogEntry.Action.UPDATE).get()
    assert change.changes_dict["finding"] == ["", "inaccurate"]
