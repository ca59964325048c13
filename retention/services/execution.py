"""Executing an approved disposal batch, and confirming the destruction of copies (R-REC-4).

The database is the truth, not the task message. ``disposal_batch_execute`` claims the
batch (approved → executing), then takes the batch's items one per transaction in id order,
each locked with ``SELECT … FOR UPDATE SKIP LOCKED`` so two workers never process the same
item. Inside the transaction that disposes of an item it checks again that the item is
still live, not held (a hold placed after approval wins) and still due or decided. A worker
killed mid-batch leaves the batch executing with the remaining items included; a re-run
resumes them. A batch already done is left alone, so a redelivered task does no harm.
What happens to each item is in retention.services.disposal_items.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, InvalidTransition, NotAllowed
from core.services import domain_event_record
from records.models import Dossier, DossierMember, ItemStatus, Person, Record, RecordSubject
from retention import selectors
from retention.capabilities import disposer_require
from retention.models import (
    Automation,
    BatchStatus,
    BatchStatusChange,
    CopyDestructionTask,
    CopyTaskStatus,
    DisposalBatch,
    DisposalItem,
    DisposalItemStatus,
    RetentionExtension,
    Review,
    ReviewDecision,
    ReviewStatus,
)
from retention.services.batches import disposal_batch_transition
from retention.services.certificates import destruction_certificate_issue
from retention.services.disposal_items import (
    DisposalContext,
    copy_mark_destroyed,
    item_dispose,
    record_finalise,
)

DONE_STATUSES = (BatchStatus.AWAITING_COPIES, BatchStatus.COMPLETED)
# A batch executing for this long without finishing has most likely lost its task message.
STALLED_AFTER = datetime.timedelta(minutes=30)


# --- entry points -----------------------------------------------------------------------------


def disposal_batch_execute_request(*, acting_user, batch: DisposalBatch) -> DisposalBatch:
    """A records-unit officer starts the execution of an approved batch; a worker runs it.

    Refuses a batch that is not approved, or already executing or executed, with a clear
    message. The claim (approved → executing) is made here so a second click is refused.
    """
    disposer_require(user=acting_user, organisation_id=batch.organisation_id)
    with transaction.atomic():
        locked = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
        _refuse_unexecutable(locked)
        if locked.status == BatchStatus.EXECUTING:
            raise InvalidTransition(
                _("Batch %(number)s is already being executed.") % {"number": locked.number}
            )
        if locked.status in DONE_STATUSES:
            raise InvalidTransition(
                _("Batch %(number)s has already been executed.") % {"number": locked.number}
            )
        disposal_batch_transition(acting_user=acting_user, batch=locked, new_status=BatchStatus.EXECUTING)
        batch_id, user_id = locked.pk, acting_user.pk
        transaction.on_commit(lambda: _enqueue(batch_id, user_id))
    batch.refresh_from_db()
    return batch


def disposal_batches_resume_stalled(*, older_than: datetime.timedelta = STALLED_AFTER) -> int:
    """Re-queue batches left executing (a lost or failed task message), as the officer who
    started them. Harmless when a worker is still on it: execution is idempotent and takes
    items with SKIP LOCKED. Returns how many batches were re-queued."""
    cutoff = timezone.now() - older_than
    started = (
        BatchStatusChange.objects.filter(batch=OuterRef("pk"), new_status=BatchStatus.EXECUTING)
        .order_by("-changed_at")
        .values("changed_by")[:1]
    )
    stalled = list(
        DisposalBatch.objects.filter(status=BatchStatus.EXECUTING)
        .exclude(Exists(BatchStatusChange.objects.filter(batch=OuterRef("pk"), changed_at__gte=cutoff)))
        .annotate(_starter=Subquery(started))
        .values_list("pk", "_starter")
    )
    for batch_id, starter_id in stalled:
        if starter_id is not None:
            _enqueue(batch_id, starter_id)
    return len(stalled)


def _enqueue(batch_id: int, acting_user_id: int) -> None:
    from retention.tasks_disposal import disposal_batch_execute_task

    disposal_batch_execute_task.delay(batch_id=batch_id, acting_user_id=acting_user_id)


def disposal_batch_execute(*, acting_user, batch_id: int) -> DisposalBatch:
    """Run (or resume) the execution of batch ``batch_id``. Idempotent; see the module doc."""
    batch = _claim(acting_user, batch_id)
    if batch.status in DONE_STATUSES:
        return batch
    context = DisposalContext(acting_user=acting_user, batch=batch, today=timezone.localdate())
    last_id = 0
    while True:
        with transaction.atomic():
            # Keyset order; SKIP LOCKED leaves an item another worker holds to that worker.
            item = (
                DisposalItem.objects.select_for_update(skip_locked=True)
                .filter(batch_id=batch.pk, status=DisposalItemStatus.INCLUDED, pk__gt=last_id)
                .order_by("pk")
                .first()
            )
            if item is None:
                break
            last_id = item.pk
            try:
                with transaction.atomic():
                    _item_process(context, item)
            except DomainError as exc:
                # A business refusal (e.g. an attachment failing its checksum) must not
                # block the batch forever: the item is skipped and the reason recorded.
                _item_refused(context, item, exc)
            DisposalBatch.objects.filter(pk=batch.pk).update(items_done=F("items_done") + 1)
    return _batch_finish(acting_user, batch.pk)


def copy_destruction_confirm(
    *, acting_user, task: CopyDestructionTask, method: str, note: str = ""
) -> CopyDestructionTask:
    """The custodian (or a records-unit officer) confirms that a copy is destroyed.

    The last confirmation of an item disposes of it; the last item of the batch completes
    the batch and issues its certificate (R-REC-4: complete only when every copy is gone).
    """
    method = (method or "").strip()
    if not method:
        raise DomainError(_("Say how the copy was destroyed."), field="method")
    with transaction.atomic():
        task = CopyDestructionTask.objects.select_for_update().select_related("item__batch").get(pk=task.pk)
        batch = task.item.batch
        if getattr(acting_user, "pk", None) != task.custodian_id:
            try:
                disposer_require(user=acting_user, organisation_id=batch.organisation_id)
            except NotAllowed:
                raise NotAllowed(
                    _("Only the copy's custodian or the records unit can confirm this.")
                ) from None
        if task.status == CopyTaskStatus.CONFIRMED:
            raise InvalidTransition(
                _("This copy was already confirmed destroyed on %(date)s.")
                % {"date": f"{timezone.localtime(task.confirmed_at):%d-%m-%Y}"}
            )
        task.status = CopyTaskStatus.CONFIRMED
        task.method = method
        task.note = note.strip()
        task.confirmed_by = acting_user
        task.confirmed_at = timezone.now()
        task.save(update_fields=["status", "method", "note", "confirmed_by", "confirmed_at"])
        copy_mark_destroyed(task)
        domain_event_record(
            acting_user=acting_user,
            verb="copy_destruction.confirmed",
            target=batch,
            data={"task": task.pk, "item": task.item_id, "copy_kind": task.copy_kind, "method": method},
        )
        item = DisposalItem.objects.select_for_update().get(pk=task.item_id)
        if (
            item.status == DisposalItemStatus.PENDING_COPIES
            and not item.copy_tasks.filter(status=CopyTaskStatus.PENDING).exists()
        ):
            context = DisposalContext(acting_user=acting_user, batch=batch, today=timezone.localdate())
            record = Record.objects.select_for_update().filter(pk=item.record_id).first()
            if record is None:
                raise DomainError(
                    _("The record %(reference)s no longer exists; it cannot be finalised.")
                    % {"reference": item.reference}
                )
            record_finalise(context, item, record)
            _batch_complete_if_done(acting_user, batch.pk)
    return task


# --- batch claim and finish -------------------------------------------------------------------


def _refuse_unexecutable(batch: DisposalBatch) -> None:
    if batch.status == BatchStatus.PROPOSED:
        raise InvalidTransition(
            _("Batch %(number)s has not been approved; it cannot be executed.") % {"number": batch.number}
        )
    if batch.status == BatchStatus.CANCELLED:
        raise InvalidTransition(
            _("Batch %(number)s was cancelled; it cannot be executed.") % {"number": batch.number}
        )


def _claim(acting_user, batch_id: int) -> DisposalBatch:
    with transaction.atomic():
        batch = DisposalBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            raise DomainError(_("There is no disposal batch %(id)s.") % {"id": batch_id})
        disposer_require(user=acting_user, organisation_id=batch.organisation_id)
        _refuse_unexecutable(batch)
        if batch.status == BatchStatus.APPROVED:
            disposal_batch_transition(acting_user=acting_user, batch=batch, new_status=BatchStatus.EXECUTING)
        return batch


def _batch_finish(acting_user, batch_id: int) -> DisposalBatch:
    """Whoever processes the last item moves the batch on; items another worker still
    holds (or a killed worker left) keep it executing for that worker or a re-run."""
    with transaction.atomic():
        batch = DisposalBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != BatchStatus.EXECUTING:
            return batch
        if batch.items.filter(status=DisposalItemStatus.INCLUDED).exists():
            return batch
        if batch.items.filter(status=DisposalItemStatus.PENDING_COPIES).exists():
            return disposal_batch_transition(
                acting_user=acting_user,
                batch=batch,
                new_status=BatchStatus.AWAITING_COPIES,
                reason="Waiting for custodians to confirm the destruction of copies (R-REC-4).",
            )
        return _batch_complete(acting_user, batch)


def _batch_complete_if_done(acting_user, batch_id: int) -> None:
    batch = DisposalBatch.objects.select_for_update().get(pk=batch_id)
    if batch.status != BatchStatus.AWAITING_COPIES:
        return
    if batch.items.filter(
        status__in=(DisposalItemStatus.INCLUDED, DisposalItemStatus.PENDING_COPIES)
    ).exists():
        return
    _batch_complete(acting_user, batch)


def _batch_complete(acting_user, batch: DisposalBatch) -> DisposalBatch:
    batch = disposal_batch_transition(acting_user=acting_user, batch=batch, new_status=BatchStatus.COMPLETED)
    if batch.tombstones.exists():
        destruction_certificate_issue(batch=batch, acting_user=acting_user)
    return batch


# --- one item ---------------------------------------------------------------------------------


def _item_process(context: DisposalContext, item: DisposalItem) -> None:
    target = _target_lock(item)
    if target is not None:
        _people_lock(target)
    skip = _recheck(context, item, target)
    if skip is None:
        item_dispose(context, item, target)
        return
    item.status = skip
    item.processed_at = timezone.now()
    item.save(update_fields=["status", "processed_at"])
    domain_event_record(
        acting_user=context.acting_user,
        verb=f"disposal_item.{skip}",
        target=context.batch,
        data={"item": item.pk, "reference": item.reference},
    )


def _item_refused(context: DisposalContext, item: DisposalItem, error: DomainError) -> None:
    item.status = DisposalItemStatus.SKIPPED_CHANGED
    item.processed_at = timezone.now()
    item.save(update_fields=["status", "processed_at"])
    domain_event_record(
        acting_user=context.acting_user,
        verb="disposal_item.refused",
        target=context.batch,
        reason=error.message,
        data={"item": item.pk, "reference": item.reference},
    )


def _target_lock(item: DisposalItem) -> Record | Dossier | None:
    queryset = Record.objects if item.item_kind == "record" else Dossier.objects
    pk = item.record_id if item.item_kind == "record" else item.dossier_id
    if pk is None:
        return None
    return (
        queryset.select_for_update(of=("self",))
        .select_related("organisation", "record_class", "retention_version__schedule")
        .filter(pk=pk)
        .first()
    )


def _people_lock(target: Record | Dossier) -> None:
    """Lock the people in the item too: a hold service that locks the rows it names (the
    item or a person) then waits for this transaction, or this one sees its hold."""
    links = RecordSubject if isinstance(target, Record) else DossierMember
    field = "record" if isinstance(target, Record) else "dossier"
    people = links.objects.filter(**{field: target}).values("person_id")
    list(Person.objects.select_for_update().filter(pk__in=people).order_by("pk").values_list("pk", flat=True))


def _recheck(context: DisposalContext, item: DisposalItem, target) -> str | None:
    """Why ``item`` must not be disposed of now, as a skip status; None if it may."""
    if target is None:
        return DisposalItemStatus.SKIPPED_CHANGED
    lifecycle = target.status if isinstance(target, Record) else target.lifecycle
    if lifecycle != ItemStatus.LIVE:
        return DisposalItemStatus.SKIPPED_CHANGED
    if selectors.is_held(target):
        return DisposalItemStatus.SKIPPED_HELD
    if item.review_id is not None:
        return None if _decision_stands(item, target) else DisposalItemStatus.SKIPPED_CHANGED
    version = target.retention_version
    still_due = (
        target.retention_due_on is not None
        and target.retention_due_on <= context.today
        # The schedule may have changed from destroy to anonymise (or back) since the build.
        and target.retention_action == context.batch.action
        and version is not None
        and version.automation == Automation.AUTOMATIC
    )
    return None if still_due else DisposalItemStatus.SKIPPED_CHANGED


def _decision_stands(item: DisposalItem, target) -> bool:
    """The review that put the item in the batch is still the latest word on it."""
    field = "record" if isinstance(target, Record) else "dossier"
    review = item.review
    if review.status != ReviewStatus.DECIDED or review.decision not in (
        ReviewDecision.DISPOSE,
        ReviewDecision.TRANSFER,
    ):
        return False
    later_review = Review.objects.filter(**{field: target}, decided_at__gt=review.decided_at).exists()
    later_extension = RetentionExtension.objects.filter(
        **{field: target}, decided_at__gt=review.decided_at
    ).exists()
    return not later_review and not later_extension
