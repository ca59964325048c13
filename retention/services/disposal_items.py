"""How one item of a disposal batch is destroyed, anonymised or transferred.

Called by retention.services.execution inside the transaction that re-checked the item.
Destroying a record: electronic copies are destroyed at once; paper, cloud and other-system
copies become tasks for their custodian, and the item is disposed of only when the last is
confirmed (R-REC-4). Personal content goes first (people links, events, people who appear
nowhere else, text), then the row; a tombstone without personal data remains, and the audit
entries of everything removed are scrubbed (retention.services.scrub). Anonymisation
(R-WMO-4) keeps the anonymous shell; transfer (R-REC-6) hands the package to the archive.
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q
from django.utils import timezone

from core.services import domain_event_record
from records.models import (
    CopyKind,
    CopyStatus,
    Dossier,
    DossierEntry,
    DossierMember,
    EntryAttachment,
    ItemStatus,
    Person,
    PersonIdentifier,
    Record,
    RecordSubject,
    SubjectEvent,
)
from retention.models import (
    CopyDestructionTask,
    DisposalAction,
    DisposalBatch,
    DisposalItem,
    DisposalItemStatus,
    LegalHold,
    Review,
    Tombstone,
)
from retention.services.scrub import AuditObject, audit_object, audit_objects, audit_scrub_for_objects
from retention.services.transfer import archive_package_store

DESTROYED = "[destroyed]"
ANONYMISED = "[anonymised]"
A_DATA_SUBJECT = "a data subject"


class DisposalContext:
    """Who executes which batch, on which day; the batch's approvals, read once."""

    def __init__(self, *, acting_user, batch: DisposalBatch, today: datetime.date):
        self.acting_user = acting_user
        self.batch = batch
        self.today = today
        self._approvals: list[dict[str, Any]] | None = None

    @property
    def approvals(self) -> list[dict[str, Any]]:
        if self._approvals is None:
            self._approvals = [
                {
                    "kind": "approval",
                    "stage": a.stage,
                    "by": a.approver.get_full_name() or a.approver.username,
                    "at": a.approved_at.isoformat(timespec="seconds"),
                }
                for a in self.batch.approvals.select_related("approver").order_by("stage")
            ]
        return self._approvals


def item_dispose(context: DisposalContext, item: DisposalItem, target: Record | Dossier) -> None:
    """Destroy, anonymise or transfer ``target`` as the batch says. Call inside the item's
    transaction, after the re-checks, with the item and ``target`` rows locked."""
    action = context.batch.action
    if action == DisposalAction.TRANSFER:
        _transfer(context, item, target)
    elif isinstance(target, Record):
        _record_dispose(context, item, target, anonymise=action == DisposalAction.ANONYMISE)
    else:
        _dossier_dispose(context, item, target, anonymise=action == DisposalAction.ANONYMISE)


# --- what a disposal removes, and its audit trail ---------------------------------------------


class _Removal:
    """What one disposal removes, collected before the rows go, for the audit scrub.

    ``audit``: the rows whose audit entries are scrubbed whole. ``names``: the full names
    of the people in the item (rows that outlive it, such as the batch item, must not keep
    them). ``mentions``/``mentioned_in``: the display strings of removed rows and the legal
    holds whose many-to-many audit entries list them.
    """

    def __init__(self) -> None:
        self.audit: list[AuditObject] = []
        self.names: list[str] = []
        self.mentions: set[str] = set()
        self.mentioned_in: list[AuditObject] = []

    def people(self, person_ids: set[int]) -> None:
        people = Person.objects.filter(pk__in=person_ids).only("given_names", "family_name")
        names = {p.full_name for p in people if p.full_name}
        # Longest first, so "Ann Smith-Jones" is replaced before "Ann Smith".
        self.names = sorted(names, key=len, reverse=True)

    def holds(self, holds) -> None:
        self.mentioned_in += audit_objects(holds.distinct())


def _impersonal(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, A_DATA_SUBJECT)
    return text


def _orphans_delete(person_ids: set[int], removal: _Removal) -> None:
    """Delete the people who now appear in no record, dossier or event."""
    orphans = list(
        Person.objects.filter(pk__in=person_ids)
        .exclude(Exists(RecordSubject.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(DossierMember.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(SubjectEvent.objects.filter(person=OuterRef("pk"))))
    )
    removal.audit += audit_objects(Person.objects.filter(pk__in=[p.pk for p in orphans]))
    removal.audit += audit_objects(PersonIdentifier.objects.filter(person__in=orphans))
    deleted = orphans
    try:
        with transaction.atomic():
            Person.objects.filter(pk__in=[p.pk for p in orphans]).delete()
    except ProtectedError:
        # Another part of the service (e.g. an open subject request) still needs someone:
        # delete the others, keep that person.
        deleted = []
        for person in orphans:
            try:
                with transaction.atomic():
                    Person.objects.filter(pk=person.pk).delete()
                deleted.append(person)
            except ProtectedError:
                continue
    removal.mentions |= {str(p) for p in deleted}


def _scrub(context: DisposalContext, item: DisposalItem, removal: _Removal) -> None:
    if removal.names:
        # The item row outlives the data; its explanation may name the person whose group
        # set the date. A queryset update, so the old text is not copied into the audit log.
        DisposalItem.objects.filter(pk=item.pk).update(
            explanation=_impersonal(item.explanation, removal.names)
        )
    audit_scrub_for_objects(
        acting_user=context.acting_user,
        objects=removal.audit,
        organisation=context.batch.organisation,
        reason=f"Disposal of {item.item_kind} {item.reference} in batch {context.batch.number}.",
        mentions=removal.mentions,
        mentioned_in=removal.mentioned_in,
    )


def _tombstone(context: DisposalContext, item: DisposalItem, target) -> Tombstone:
    organisation_id = target.organisation_id
    reference = target.reference
    if Tombstone.objects.filter(
        organisation_id=organisation_id, item_kind=item.item_kind, reference=reference
    ).exists():
        # A destroyed item's reference was reused by a later item: keep both proofs apart.
        reference = f"{reference} #{item.pk}"
    approvals = list(context.approvals)
    if item.review_id is not None:
        review = item.review
        approvals.insert(
            0,
            {
                "kind": "review",
                "decision": review.decision,
                "by": (review.decided_by.get_full_name() or review.decided_by.username)
                if review.decided_by
                else "",
                "at": review.decided_at.isoformat(timespec="seconds") if review.decided_at else "",
            },
        )
    is_record = isinstance(target, Record)
    return Tombstone.objects.create(
        organisation_id=organisation_id,
        item_kind=item.item_kind,
        reference=reference,
        record_class_code=target.record_class.code if target.record_class else "",
        schedule_version=target.retention_version,
        action=context.batch.action,
        opened_on=target.created_on if is_record else target.report_date,
        closed_on=target.closed_on,
        due_on=item.due_on,
        disposed_at=timezone.now(),
        batch=context.batch,
        approvals=approvals,
    )


def _item_done(context: DisposalContext, item: DisposalItem, status: str, verb: str) -> None:
    item.status = status
    item.processed_at = timezone.now()
    item.save(update_fields=["status", "processed_at"])
    domain_event_record(
        acting_user=context.acting_user,
        verb=verb,
        target=context.batch,
        data={"item": item.pk, "reference": item.reference, "action": context.batch.action},
    )


# --- records ----------------------------------------------------------------------------------


def _record_dispose(context: DisposalContext, item: DisposalItem, record: Record, *, anonymise: bool) -> None:
    removal = _Removal()
    person_ids = set(record.subject_links.values_list("person_id", flat=True))
    person_ids |= set(record.events.values_list("person_id", flat=True))
    removal.people(person_ids)
    removal.holds(LegalHold.objects.filter(Q(records=record) | Q(people__in=person_ids)))
    removal.mentions.add(str(record))
    removal.audit.append(audit_object(record))
    removal.audit += audit_objects(record.subject_links.all()) + audit_objects(record.events.all())
    record.subject_links.all().delete()
    record.events.all().delete()
    _orphans_delete(person_ids, removal)

    pending = _copies_dispose(item, record)
    removal.audit += audit_objects(record.copies.all())
    if anonymise:
        _reviews_impersonal(record.reviews.all(), removal)
    if pending or anonymise:
        # What stays (the anonymous shell, or the row until the copies are confirmed) keeps
        # no personal text.
        record.title = ANONYMISED if anonymise else DESTROYED
        record.description = ""
        record.retention_basis_person = None
        if pending:
            record.status = ItemStatus.DISPOSAL_PENDING
        record.save(update_fields=["title", "description", "retention_basis_person", "status", "updated_at"])
    if pending:
        _item_done(context, item, DisposalItemStatus.PENDING_COPIES, "disposal_item.pending_copies")
    else:
        record_finalise(context, item, record, removal)
    _scrub(context, item, removal)


def _copies_dispose(item: DisposalItem, record: Record) -> bool:
    """Electronic copies go with the record; every other copy becomes a custodian's task."""
    pending = False
    for copy in record.copies.all():
        if copy.kind == CopyKind.ELECTRONIC:
            copy.status = CopyStatus.DESTROYED
        else:
            copy.status = CopyStatus.DESTRUCTION_REQUESTED
            CopyDestructionTask.objects.create(
                item=item, copy_kind=copy.kind, location=copy.location, custodian_id=copy.custodian_id
            )
            pending = True
        copy.save(update_fields=["status"])
    return pending


def copy_mark_destroyed(task: CopyDestructionTask) -> None:
    if task.item.record_id is None:
        return
    copy = task.item.record.copies.filter(
        kind=task.copy_kind,
        location=task.location,
        custodian_id=task.custodian_id,
        status=CopyStatus.DESTRUCTION_REQUESTED,
    ).first()
    if copy is not None:
        copy.status = CopyStatus.DESTROYED
        copy.save(update_fields=["status"])


def record_finalise(
    context: DisposalContext, item: DisposalItem, record: Record, removal: _Removal | None = None
) -> None:
    """Every copy is gone: leave the tombstone; delete the row (or keep the anonymous shell).

    Without ``removal`` (the last copy was just confirmed) it scrubs what it removed itself.
    """
    own = removal is None
    removal = removal or _Removal()
    removal.audit += [audit_object(record)] + audit_objects(record.copies.all())
    _tombstone(context, item, record)
    if context.batch.action == DisposalAction.ANONYMISE:
        record.status = ItemStatus.ANONYMISED
        record.save(update_fields=["status", "updated_at"])
        _item_done(context, item, DisposalItemStatus.DISPOSED, "disposal_item.anonymised")
    else:
        removal.audit += audit_objects(record.reviews.all()) + audit_objects(record.extensions.all())
        _reviews_release(Review.objects.filter(record=record))
        record.delete()
        _item_done(context, item, DisposalItemStatus.DISPOSED, "disposal_item.destroyed")
    if own:
        _scrub(context, item, removal)


def _reviews_release(reviews) -> None:
    # Reviews go with the item they are about, but a batch item points at the review that
    # decided it (a protected link): unlink it. The decision itself is kept in the
    # tombstone's approvals (R-REC-5: who decided, when).
    DisposalItem.objects.filter(review__in=reviews).update(review=None)


def _reviews_impersonal(reviews, removal: _Removal) -> None:
    """An anonymised item keeps its reviews; their explanations must not name anyone."""
    for review in reviews.only("pk", "explanation"):
        text = _impersonal(review.explanation, removal.names)
        if text != review.explanation:
            Review.objects.filter(pk=review.pk).update(explanation=text)
    removal.audit += audit_objects(reviews)


# --- dossiers ---------------------------------------------------------------------------------


def _dossier_dispose(
    context: DisposalContext, item: DisposalItem, dossier: Dossier, *, anonymise: bool
) -> None:
    removal = _Removal()
    person_ids = set(dossier.members.values_list("person_id", flat=True))
    removal.people(person_ids)
    removal.holds(LegalHold.objects.filter(Q(dossiers=dossier) | Q(people__in=person_ids)))
    removal.mentions.add(str(dossier))
    entries = DossierEntry.objects.filter(dossier=dossier)
    attachments = EntryAttachment.objects.filter(entry__dossier=dossier)
    removal.audit.append(audit_object(dossier))
    removal.audit += audit_objects(dossier.members.all()) + audit_objects(entries)
    removal.audit += audit_objects(attachments) + audit_objects(dossier.status_changes.all())

    for name in attachments.values_list("file", flat=True):
        # Files are not transactional: delete them only once the disposal has committed.
        transaction.on_commit(lambda name=name: EntryAttachment.file.field.storage.delete(name))
    attachments.delete()
    if anonymise:
        DossierEntry.concerns.through.objects.filter(dossierentry__dossier=dossier).delete()
        # Queryset updates: the old texts must not be copied into new audit entries.
        entries.update(body=ANONYMISED, source="", recipient="")
        dossier.status_changes.update(reason="")
    else:
        entries.delete()
    dossier.members.all().delete()
    _orphans_delete(person_ids, removal)

    _tombstone(context, item, dossier)
    if anonymise:
        _reviews_impersonal(dossier.reviews.all(), removal)
        dossier.household_name = ANONYMISED
        dossier.summary = ""
        dossier.retention_basis_person = None
        dossier.lifecycle = ItemStatus.ANONYMISED
        dossier.save(
            update_fields=["household_name", "summary", "retention_basis_person", "lifecycle", "updated_at"]
        )
        _item_done(context, item, DisposalItemStatus.DISPOSED, "disposal_item.anonymised")
    else:
        removal.audit += audit_objects(dossier.reviews.all()) + audit_objects(dossier.extensions.all())
        _reviews_release(Review.objects.filter(dossier=dossier))
        dossier.delete()
        _item_done(context, item, DisposalItemStatus.DISPOSED, "disposal_item.destroyed")
    _scrub(context, item, removal)


# --- transfer ---------------------------------------------------------------------------------


def _transfer(context: DisposalContext, item: DisposalItem, target: Record | Dossier) -> None:
    """R-REC-6: the package goes to the archive store, then the item is marked transferred."""
    path = archive_package_store(item=target)
    if isinstance(target, Record):
        target.status = ItemStatus.TRANSFERRED
        target.save(update_fields=["status", "updated_at"])
    else:
        target.lifecycle = ItemStatus.TRANSFERRED
        target.save(update_fields=["lifecycle", "updated_at"])
    _tombstone(context, item, target)
    _item_done(context, item, DisposalItemStatus.DISPOSED, "disposal_item.transferred")
    domain_event_record(
        acting_user=context.acting_user,
        verb="archive.package_stored",
        target=context.batch,
        data={"item": item.pk, "reference": item.reference, "package": path},
    )
