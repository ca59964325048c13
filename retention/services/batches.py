"""Disposal batches: build them from what is due, remove items, approve (four eyes), cancel.

A batch moves through ``BATCH_TRANSITIONS`` only via ``disposal_batch_transition``, which
locks the row and writes a ``BatchStatusChange``. Execution lives in
retention.services.execution; it starts from an approved batch.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Organisation
from core.errors import DomainError, InvalidTransition, NotAllowed
from core.services import domain_event_record
from records.models import Dossier, Record
from retention import selectors
from retention.capabilities import disposal_approver_require, disposer_require
from retention.explain import explain
from retention.models import (
    BatchApproval,
    BatchStatus,
    BatchStatusChange,
    DisposalAction,
    DisposalBatch,
    DisposalItem,
    DisposalItemStatus,
    DueAction,
    Review,
    ReviewDecision,
    ReviewStatus,
)

# The declared workflow of a batch (STYLE.md 5). Completed and cancelled are final.
BATCH_TRANSITIONS: dict[str, frozenset[str]] = {
    BatchStatus.PROPOSED: frozenset({BatchStatus.APPROVED, BatchStatus.CANCELLED}),
    BatchStatus.APPROVED: frozenset({BatchStatus.EXECUTING, BatchStatus.CANCELLED}),
    BatchStatus.EXECUTING: frozenset({BatchStatus.AWAITING_COPIES, BatchStatus.COMPLETED}),
    BatchStatus.AWAITING_COPIES: frozenset({BatchStatus.COMPLETED}),
    BatchStatus.COMPLETED: frozenset(),
    BatchStatus.CANCELLED: frozenset(),
}

BUILD_CHUNK_SIZE = 2000


def disposal_batch_transition(
    *, acting_user, batch: DisposalBatch, new_status: str, reason: str = ""
) -> DisposalBatch:
    """Move ``batch`` to ``new_status`` if the declared workflow allows it."""
    if new_status not in BatchStatus.values:
        raise InvalidTransition(_("Unknown batch status %(status)s.") % {"status": repr(new_status)})
    with transaction.atomic():
        locked = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
        old_status = locked.status
        if new_status not in BATCH_TRANSITIONS[old_status]:
            raise InvalidTransition(
                _("Batch %(number)s is %(old)s; it cannot become %(new)s.")
                % {
                    "number": locked.number,
                    "old": locked.get_status_display().lower(),
                    "new": BatchStatus(new_status).label.lower(),
                }
            )
        locked.status = new_status
        update_fields = ["status"]
        now = timezone.now()
        if new_status == BatchStatus.EXECUTING:
            locked.executed_at = now
            update_fields.append("executed_at")
        elif new_status == BatchStatus.COMPLETED:
            locked.completed_at = now
            update_fields.append("completed_at")
        locked.save(update_fields=update_fields)
        BatchStatusChange.objects.create(
            batch=locked,
            old_status=old_status,
            new_status=new_status,
            reason=reason,
            changed_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        domain_event_record(
            acting_user=acting_user,
            verb=f"disposal_batch.{new_status}",
            target=locked,
            reason=reason,
            data={"from": old_status, "number": locked.number},
        )
    # The caller's object reflects the new state too.
    for field in ("status", "executed_at", "completed_at"):
        setattr(batch, field, getattr(locked, field))
    return locked


# --- building ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    schedule_id: int | None
    action: str


def _pending_review(model) -> QuerySet[Review]:
    """The decided dispose/transfer review of each item that no batch has taken yet."""
    field = "record" if model is Record else "dossier"
    return (
        Review.objects.filter(
            **{field: OuterRef("pk")},
            status=ReviewStatus.DECIDED,
            decision__in=(ReviewDecision.DISPOSE, ReviewDecision.TRANSFER),
        )
        .exclude(Exists(DisposalItem.objects.filter(review=OuterRef("pk"))))
        .order_by("-decided_at", "-pk")
    )


def _candidates(model, organisation: Organisation, today: datetime.date) -> QuerySet:
    reviews = _pending_review(model)
    return (
        selectors.disposal_candidates(model, organisation_id=organisation.pk, today=today)
        .select_related("retention_version__schedule", "retention_basis_person")
        .annotate(
            _review_id=Subquery(reviews.values("pk")[:1]),
            _review_decision=Subquery(reviews.values("decision")[:1]),
            _review_due_on=Subquery(reviews.values("due_on")[:1]),
            _review_decided_at=Subquery(reviews.values("decided_at")[:1]),
        )
        .order_by("pk")
    )


def disposal_action_for(item) -> str:
    """What a batch does with ``item`` (annotated by ``_candidates``).

    A review that decided transfer sends it to the archive (R-REC-6). A review that decided
    dispose applies the schedule's own action when that is destroy or anonymise — so a
    Veilig Thuis organisation's choice of anonymisation holds (R-WMO-4) — and destroys
    otherwise (e.g. a MoPI group 2 schedule whose action is "review").
    """
    if item._review_id is not None:
        if item._review_decision == ReviewDecision.TRANSFER:
            return DisposalAction.TRANSFER
        version = item.retention_version
        if version is not None and version.action == DueAction.ANONYMISE:
            return DisposalAction.ANONYMISE
        return DisposalAction.DESTROY
    if item.retention_action == DueAction.ANONYMISE:
        return DisposalAction.ANONYMISE
    return DisposalAction.DESTROY


def _explanation(item) -> str:
    text = explain(item)
    if item._review_id is not None:
        decided = item._review_decided_at
        when = timezone.localtime(decided).strftime("%d-%m-%Y") if decided else "?"
        decision = ReviewDecision(item._review_decision).label.lower()
        text = f"{text} Review of {when} decided: {decision} (R-REC-5)."
    return text


def _batch_number_next(organisation: Organisation, today: datetime.date) -> str:
    """``DB-<ORG>-<yyyymmdd>-<seq>``. Call with the organisation row locked."""
    prefix = f"DB-{organisation.slug.upper()}-{today:%Y%m%d}-"
    numbers = DisposalBatch.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    seq = max((int(n.rsplit("-", 1)[1]) for n in numbers if n.rsplit("-", 1)[1].isdigit()), default=0)
    return f"{prefix}{seq + 1:03d}"


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def disposal_batches_build(
    *, organisation: Organisation, today: datetime.date, acting_user=None
) -> list[DisposalBatch]:
    """One proposed batch per (schedule, action) of what may now be disposed of.

    Set-based: one query per item kind streams the candidates (with their pending review)
    and the items are bulk-created in chunks. Idempotent: the selector leaves out items that
    are already in an active batch and reviews a batch has already taken, so a second run
    creates nothing new.
    """
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        batches: dict[_Key, DisposalBatch] = {}
        totals: dict[_Key, int] = {}
        for model, kind in ((Record, "record"), (Dossier, "dossier")):
            rows = _candidates(model, organisation, today).iterator(chunk_size=BUILD_CHUNK_SIZE)
            for chunk in _chunks(rows, BUILD_CHUNK_SIZE):
                items = []
                for item in chunk:
                    version = item.retention_version
                    key = _Key(version.schedule_id if version else None, disposal_action_for(item))
                    if key not in batches:
                        batches[key] = DisposalBatch.objects.create(
                            organisation=organisation,
                            number=_batch_number_next(organisation, today),
                            schedule_id=key.schedule_id,
                            action=key.action,
                            approvals_required=max(1, organisation.disposal_approvals_required),
                            built_by=acting_user if getattr(acting_user, "pk", None) else None,
                        )
                        totals[key] = 0
                    totals[key] += 1
                    items.append(
                        DisposalItem(
                            batch=batches[key],
                            record=item if model is Record else None,
                            dossier=item if model is Dossier else None,
                            reference=item.reference,
                            item_kind=kind,
                            due_on=item._review_due_on if item._review_id else item.retention_due_on,
                            explanation=_explanation(item),
                            review_id=item._review_id,
                        )
                    )
                DisposalItem.objects.bulk_create(items, batch_size=BUILD_CHUNK_SIZE)
        for key, batch in batches.items():
            batch.items_total = totals[key]
            batch.save(update_fields=["items_total"])
            domain_event_record(
                acting_user=acting_user,
                verb="disposal_batch.built",
                target=batch,
                data={
                    "number": batch.number,
                    "schedule": key.schedule_id,
                    "action": key.action,
                    "items": totals[key],
                    "today": today.isoformat(),
                },
            )
    return list(batches.values())


# --- items, approval, cancellation ------------------------------------------------------------


def disposal_item_remove(*, acting_user, item: DisposalItem, reason: str) -> DisposalItem:
    """Take an item out of a proposed batch. The row stays, with who and why."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why this item is removed from the batch."), field="reason")
    with transaction.atomic():
        batch = DisposalBatch.objects.select_for_update().get(pk=item.batch_id)
        disposer_require(user=acting_user, organisation_id=batch.organisation_id)
        if batch.status != BatchStatus.PROPOSED:
            raise InvalidTransition(
                _("Items can only be removed while the batch is proposed; %(number)s is %(status)s.")
                % {"number": batch.number, "status": batch.get_status_display().lower()}
            )
        locked = DisposalItem.objects.select_for_update().get(pk=item.pk)
        if locked.status != DisposalItemStatus.INCLUDED:
            raise InvalidTransition(
                _("%(reference)s is no longer in the batch.") % {"reference": locked.reference}
            )
        locked.status = DisposalItemStatus.REMOVED
        locked.removed_reason = reason
        locked.removed_by = acting_user
        locked.save(update_fields=["status", "removed_reason", "removed_by"])
        DisposalBatch.objects.filter(pk=batch.pk).update(items_total=F("items_total") - 1)
        domain_event_record(
            acting_user=acting_user,
            verb="disposal_item.removed",
            target=batch,
            reason=reason,
            data={"item": locked.pk, "reference": locked.reference},
        )
    return locked


def disposal_batch_approve(*, acting_user, batch: DisposalBatch) -> BatchApproval:
    """One approval stage by someone the matrix lets approve disposal (R-ACC-1; by default a
    records-unit officer) who neither built the batch nor approved an earlier stage (four
    eyes). The last required stage approves the batch."""
    with transaction.atomic():
        locked = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
        disposal_approver_require(user=acting_user, organisation_id=locked.organisation_id)
        if locked.status != BatchStatus.PROPOSED:
            raise InvalidTransition(
                _("Batch %(number)s is %(status)s; only a proposed batch can be approved.")
                % {"number": locked.number, "status": locked.get_status_display().lower()}
            )
        if locked.built_by_id is not None and locked.built_by_id == acting_user.pk:
            raise NotAllowed(_("You built this batch; another records-unit officer must approve it."))
        if locked.approvals.filter(approver=acting_user).exists():
            raise NotAllowed(_("You already approved this batch; the next stage needs another officer."))
        if not locked.items.filter(status=DisposalItemStatus.INCLUDED).exists():
            raise DomainError(_("This batch has no items left; cancel it instead."))
        stage = locked.approvals.count() + 1
        approval = BatchApproval.objects.create(batch=locked, approver=acting_user, stage=stage)
        domain_event_record(
            acting_user=acting_user,
            verb="disposal_batch.approval_given",
            target=locked,
            data={"stage": stage, "of": locked.approvals_required},
        )
        if stage >= locked.approvals_required:
            disposal_batch_transition(
                acting_user=acting_user,
                batch=locked,
                new_status=BatchStatus.APPROVED,
                reason=f"Approved in {stage} stage(s).",
            )
    batch.refresh_from_db()
    return approval


def disposal_batch_cancel(*, acting_user, batch: DisposalBatch, reason: str) -> DisposalBatch:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the batch is cancelled."), field="reason")
    disposer_require(user=acting_user, organisation_id=batch.organisation_id)
    return disposal_batch_transition(
        acting_user=acting_user, batch=batch, new_status=BatchStatus.CANCELLED, reason=reason
    )
