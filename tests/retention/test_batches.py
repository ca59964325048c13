"""Disposal batches: building (R-REC-7), removing items, four-eyes approval, the workflow."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from access_control.models import Role
from core.errors import DomainError, InvalidTransition, NotAllowed
from records.models import CopyKind
from retention.models import (
    BatchStatus,
    BatchStatusChange,
    DisposalAction,
    DisposalItem,
    DisposalItemStatus,
    LegalHold,
    ReviewDecision,
)
from retention.services.batches import (
    BATCH_TRANSITIONS,
    disposal_batch_approve,
    disposal_batch_cancel,
    disposal_batch_transition,
    disposal_item_remove,
)
from tests.factories import UserFactory
from tests.retention.disposal_support import (
    build,
    decide,
    electronic,
    officer,
    police_record,
    recompute,
    vt_choose_anonymisation,
    vt_dossier,
)

pytestmark = pytest.mark.django_db


def test_it_puts_a_due_automatic_group_3_record_straight_into_a_batch_r_rec_7(police):
    record = electronic(police)
    recompute(police)
    builder = officer(police)

    (batch,) = build(police, builder=builder)

    item = batch.items.get()
    assert (item.record, item.item_kind, item.reference) == (record, "record", record.reference)
    assert item.due_on == dt.date(2017, 1, 1)
    assert "MOPI-3 v1" in item.explanation
    assert batch.status == BatchStatus.PROPOSED
    assert batch.action == DisposalAction.DESTROY
    assert batch.schedule.code == "MOPI-3"
    assert batch.items_total == 1
    assert batch.built_by == builder
    assert batch.number == f"DB-{police.slug.upper()}-{timezone.localdate():%Y%m%d}-001"


def test_it_keeps_a_due_group_2_record_out_until_a_review_decides_dispose_r_rec_7(police):
    record = electronic(police, "MOPI-2")
    recompute(police)

    assert build(police) == []

    review = decide(record)
    (batch,) = build(police)
    item = batch.items.get()
    assert item.review == review
    assert batch.action == DisposalAction.DESTROY  # the group 2 schedule's own action is "review"
    assert "decided: dispose (R-REC-5)" in item.explanation


def test_it_leaves_a_held_record_out_of_the_batch(police):
    held = electronic(police)
    free = electronic(police)
    recompute(police)
    hold = LegalHold.objects.create(
        organisation=police, reason="Pending appeal", authority="cpia", placed_by=officer(police)
    )
    hold.records.add(held)

    (batch,) = build(police)

    assert list(batch.items.values_list("record", flat=True)) == [free.pk]


def test_it_builds_no_second_batch_for_the_same_items(police):
    electronic(police)
    electronic(police)
    recompute(police)

    first = build(police)
    second = build(police)

    assert len(first) == 1 and second == []
    assert DisposalItem.objects.count() == 2


def test_it_groups_items_per_schedule_and_action(police):
    electronic(police)
    policy = police_record(police, "CORP-POLICY", closed_on=dt.date(2012, 1, 1))
    recompute(police)
    decide(policy, ReviewDecision.TRANSFER)

    batches = {b.action: b for b in build(police)}

    assert set(batches) == {DisposalAction.DESTROY, DisposalAction.TRANSFER}
    assert batches[DisposalAction.TRANSFER].items.get().record == policy
    numbers = sorted(b.number for b in batches.values())
    assert numbers[0].endswith("-001") and numbers[1].endswith("-002")


def test_it_uses_the_schedules_anonymisation_for_a_reviewed_veilig_thuis_dossier_r_wmo_4(veilig_thuis):
    vt_choose_anonymisation(veilig_thuis)
    dossier = vt_dossier(veilig_thuis)
    recompute(veilig_thuis)
    decide(dossier)

    (batch,) = build(veilig_thuis)

    assert batch.action == DisposalAction.ANONYMISE
    assert batch.items.get().dossier == dossier


def test_it_takes_the_approvals_required_from_the_organisation(police):
    police.disposal_approvals_required = 2
    police.save()
    electronic(police)
    recompute(police)

    (batch,) = build(police)

    assert batch.approvals_required == 2


# --- removing items ---------------------------------------------------------------------------


def test_it_refuses_to_remove_an_item_without_a_reason(police):
    electronic(police)
    recompute(police)
    (batch,) = build(police)
    item = batch.items.get()

    with pytest.raises(DomainError) as error:
        disposal_item_remove(acting_user=officer(police), item=item, reason="  ")

    assert error.value.field == "reason"
    item.refresh_from_db()
    assert item.status == DisposalItemStatus.INCLUDED


def test_it_removes_an_item_keeping_the_row_and_the_reason(police):
    electronic(police)
    electronic(police)
    recompute(police)
    (batch,) = build(police)
    item = batch.items.first()
    remover = officer(police)

    disposal_item_remove(acting_user=remover, item=item, reason="Still needed for a civil claim.")

    item.refresh_from_db()
    batch.refresh_from_db()
    assert (item.status, item.removed_by, item.removed_reason) == (
        DisposalItemStatus.REMOVED,
        remover,
        "Still needed for a civil claim.",
    )
    assert batch.items_total == 1


def test_it_does_not_propose_a_removed_item_again_until_its_date_moves(police):
    record = electronic(police)
    recompute(police)
    (batch,) = build(police)
    disposal_item_remove(acting_user=officer(police), item=batch.items.get(), reason="Pending a complaint.")
    disposal_batch_cancel(acting_user=officer(police), batch=batch, reason="Nothing left to dispose.")

    assert build(police) == []

    record.refresh_from_db()
    record.retention_due_on = record.retention_due_on - dt.timedelta(days=1)
    record.save(update_fields=["retention_due_on"])
    assert len(build(police)) == 1


def test_it_lets_only_records_officers_remove_items(police):
    electronic(police)
    recompute(police)
    (batch,) = build(police)

    with pytest.raises(NotAllowed):
        disposal_item_remove(
            acting_user=UserFactory(organisation=police, role=Role.CASEWORKER),
            item=batch.items.get(),
            reason="I think so",
        )


def test_it_refuses_to_remove_items_once_the_batch_is_approved(police):
    electronic(police)
    recompute(police)
    (batch,) = build(police, builder=officer(police))
    disposal_batch_approve(acting_user=officer(police), batch=batch)

    with pytest.raises(InvalidTransition):
        disposal_item_remove(acting_user=officer(police), item=batch.items.get(), reason="Too late")


# --- approval: four eyes ----------------------------------------------------------------------


def test_it_refuses_approval_by_the_builder_four_eyes(police):
    electronic(police)
    recompute(police)
    builder = officer(police)
    (batch,) = build(police, builder=builder)

    with pytest.raises(NotAllowed, match="You built this batch"):
        disposal_batch_approve(acting_user=builder, batch=batch)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.PROPOSED
    assert not batch.approvals.exists()


def test_it_refuses_approval_by_a_caseworker(police):
    electronic(police)
    recompute(police)
    (batch,) = build(police)

    caseworker = UserFactory(organisation=police, role=Role.CASEWORKER)

    with pytest.raises(NotAllowed):
        disposal_batch_approve(acting_user=caseworker, batch=batch)


def test_it_refuses_approval_by_an_officer_of_another_organisation(police):
    electronic(police)
    recompute(police)
    (batch,) = build(police)

    with pytest.raises(NotAllowed):
        disposal_batch_approve(acting_user=officer(UserFactory().organisation), batch=batch)


def test_it_approves_a_batch_with_one_stage(police):
    electronic(police)
    recompute(police)
    (batch,) = build(police, builder=officer(police))
    approver = officer(police)

    approval = disposal_batch_approve(acting_user=approver, batch=batch)

    batch.refresh_from_db()
    assert (approval.stage, approval.approver) == (1, approver)
    assert batch.status == BatchStatus.APPROVED
    change = BatchStatusChange.objects.get(batch=batch)
    assert (change.old_status, change.new_status, change.changed_by) == ("proposed", "approved", approver)


def test_it_needs_a_different_officer_for_the_second_stage(police):
    police.disposal_approvals_required = 2
    police.save()
    electronic(police)
    recompute(police)
    (batch,) = build(police, builder=officer(police))
    first = officer(police)

    disposal_batch_approve(acting_user=first, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PROPOSED

    with pytest.raises(NotAllowed, match="already approved"):
        disposal_batch_approve(acting_user=first, batch=batch)

    disposal_batch_approve(acting_user=officer(police), batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED
    assert list(batch.approvals.values_list("stage", flat=True)) == [1, 2]


def test_it_lets_any_officer_approve_a_batch_the_sweep_built(police):
    electronic(police)
    recompute(police)
    (batch,) = build(police, builder=None)

    disposal_batch_approve(acting_user=officer(police), batch=batch)

    batch.refresh_from_db()
    assert batch.built_by is None and batch.status == BatchStatus.APPROVED


def test_it_refuses_to_approve_a_batch_whose_items_were_all_removed(police):
    electronic(police)
    recompute(police)
    (batch,) = build(police)
    disposal_item_remove(acting_user=officer(police), item=batch.items.get(), reason="Needed")

    with pytest.raises(DomainError, match="no items left"):
        disposal_batch_approve(acting_user=officer(police), batch=batch)


# --- workflow ---------------------------------------------------------------------------------


def test_it_declares_the_batch_workflow_as_data():
    assert BATCH_TRANSITIONS[BatchStatus.PROPOSED] == {BatchStatus.APPROVED, BatchStatus.CANCELLED}
    assert BATCH_TRANSITIONS[BatchStatus.COMPLETED] == frozenset()


def test_it_refuses_an_illegal_transition(police):
    electronic(police)
    recompute(police)
    (batch,) = build(police)

    with pytest.raises(InvalidTransition, match="cannot become completed"):
        disposal_batch_transition(acting_user=officer(police), batch=batch, new_status=BatchStatus.COMPLETED)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.PROPOSED
    assert not BatchStatusChange.objects.filter(batch=batch).exists()


def test_it_cancels_a_batch_with_a_reason_and_frees_its_items(police):
    record = police_record(police, copies=[CopyKind.PAPER])
    recompute(police)
    (batch,) = build(police)

    with pytest.raises(DomainError):
        disposal_batch_cancel(acting_user=officer(police), batch=batch, reason="")
    disposal_batch_cancel(acting_user=officer(police), batch=batch, reason="Schedule under revision.")

    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED
    (rebuilt,) = build(police)
    assert rebuilt.items.get().record == record


def test_it_builds_with_a_number_of_queries_that_does_not_grow_with_the_items(police):
    """Set-based: the candidates stream in one query per item kind, items are bulk-created."""

    def queries_to_build(count: int) -> int:
        DisposalItem.objects.all().delete()
        for _ in range(count):
            electronic(police)
        recompute(police)
        with CaptureQueriesContext(connection) as captured:
            (batch,) = build(police)
        assert batch.items.count() >= count
        return len(captured)

    queries_to_build(1)  # warms the content-type cache the domain events use
    assert queries_to_build(2) == queries_to_build(8)
