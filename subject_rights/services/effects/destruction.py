"""Destruction (R-DSR-5) and erasure (GDPR art. 17, R-DSR-6) of the subject's data.

Only the subject's data goes (see ``subject_rights.selectors.effects.destruction_plan_for``).
Whole records and dossiers go through the retention engine's disposal path: a disposal batch
of the request (numbered ``SR-…``) disposes of them with ``item_dispose``, so copies,
tombstones, the audit scrub and the destruction certificate work exactly as for scheduled
disposal. The subject's parts of shared items (their entries, membership, links and events)
are removed here, their audit values scrubbed, and a ``SubjectDataRemoval`` row per item
records what went and when. An active legal hold on the subject or on any item stops the
whole execution with the hold named: nothing is removed. The request then becomes
fulfilled on the day of destruction, which is what the R-DSR-5 "destroyed within three
months of receipt" tracking (``destroy_by``, ``destructions_overdue``) reads.

Four eyes on whole items: destroying a whole record or dossier is irreversible, so it is
carried out by a second person — not the one who decided the request, and a team leader,
the DPO or a records-unit officer of the organisation. The request's disposal batch shows it
as the retention engine's batches do: built by the decider (the decision chose the items),
approved in one stage by the executor. Removing only the subject's own entries and links
from shared items stays with the handler alone. Items whose class goes to the archive
(R-REC-6) are kept with the GDPR art. 17(3)(d) exception recorded on the request, and the
subject's disclosure documents and effect letters go with the data
(``subject_rights.services.effects.documents``).
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowed
from core.services import domain_event_record
from records.models import (
    Dossier,
    DossierEntry,
    EntryAttachment,
    EntryKind,
    NotifiedEffect,
    Person,
    PersonIdentifier,
    RecipientNotification,
    Record,
    RemovalScope,
    SubjectDataRemoval,
    SubjectEvent,
)
from retention import engine
from retention.models import (
    BatchApproval,
    BatchStatus,
    DisposalAction,
    DisposalBatch,
    DisposalItem,
    LegalHold,
)
from retention.services.batches import disposal_batch_transition
from retention.services.certificates import destruction_certificate_issue
from retention.services.disposal_items import DisposalContext, item_dispose
from retention.services.scrub import audit_object, audit_objects, audit_scrub_for_objects
from subject_rights.models import LEGAL_BASIS_BY_TYPE, Decision, RequestStatus, SubjectRequest
from subject_rights.selectors.effects import DestructionPlan, ItemPlan, destruction_plan_for
from subject_rights.services.effects.common import DESTRUCTIVE_TYPES, effect_request_lock
from subject_rights.services.effects.documents import subject_documents_remove
from subject_rights.services.effects.four_eyes import second_person_require
from subject_rights.services.workflow import request_move


class RequestDisposalContext(DisposalContext):
    """A batch decided by the request's decision and approved by the second person."""

    def __init__(self, *, request: SubjectRequest, **kwargs):
        super().__init__(**kwargs)
        self.request = request

    @property
    def approvals(self):
        decider = self.request.decided_by
        return [
            {
                "kind": "subject_request",
                "reference": self.request.reference,
                "request_type": self.request.request_type,
                "decision": self.request.decision,
                "by": (decider.get_full_name() or decider.username) if decider else "",
                "at": self.request.decided_on.isoformat() if self.request.decided_on else "",
            },
            # The batch's one approval stage: the second person who carried it out (four eyes).
            *super().approvals,
        ]


def holds_sentence(holds: Iterable[LegalHold]) -> str:
    return "; ".join(
        f"{hold.get_authority_display()}"
        + (f" ({hold.authority_reference})" if hold.authority_reference else "")
        + f", {timezone.localtime(hold.placed_at):%d-%m-%Y}"
        for hold in holds
    )


def subject_data_destroy(
    *, acting_user, request: SubjectRequest, keep: Iterable[str] = (), keep_reason: str = ""
) -> list[SubjectDataRemoval]:
    """Destroy the subject's data as the decision says; return what each item became.

    ``keep``: keys (``dossier:<id>``, ``record:<id>``) of items a partly granted request
    keeps, with ``keep_reason`` (e.g. the art. 17(3) exception or the significant interest).
    """
    keep = set(keep or ())
    keep_reason = (keep_reason or "").strip()
    with transaction.atomic():
        locked = effect_request_lock(acting_user, request, types=DESTRUCTIVE_TYPES)
        if keep and locked.decision == Decision.GRANT:
            raise DomainError(
                _("The request was granted in full: all of the subject's data is destroyed."), field="keep"
            )
        if keep and not keep_reason:
            raise DomainError(_("Say why the chosen items are kept."), field="keep_reason")
        # Lock the subject first: a hold placed on them now waits for us, or we see it.
        Person.objects.select_for_update().filter(pk=locked.subject_id).first()
        plan = destruction_plan_for(locked)
        unknown = keep - {item.key for item in plan.items}
        if unknown:
            raise DomainError(_("Choose items of this subject to keep."), field="keep")
        _targets_lock(plan)
        if plan.blocked:
            raise DomainError(
                _("Nothing was destroyed: the data is under legal hold (%(holds)s). A hold always wins.")
                % {"holds": holds_sentence(plan.holds)},
                field="request",
                code="held",
            )
        second_person_require(acting_user, locked, [i for i in plan.whole if i.key not in keep])
        _recipients_snapshot(acting_user, locked, plan)
        removals = _execute(acting_user, locked, plan, keep, keep_reason)
        today = timezone.localdate()
        locked.completed_on = today
        within = locked.destroy_by is None or today <= locked.destroy_by
        request_move(
            locked,
            acting_user=acting_user,
            new_status=RequestStatus.FULFILLED,
            reason=_("The subject's data was destroyed."),
            update_fields=("completed_on",),
            data={
                "destroyed_on": today.isoformat(),
                "destroy_by": locked.destroy_by.isoformat() if locked.destroy_by else None,
                "within_deadline": within,
                "whole": sum(1 for r in removals if r.scope == RemovalScope.WHOLE),
                "partial": sum(1 for r in removals if r.scope == RemovalScope.PARTIAL),
                "kept": sum(1 for r in removals if r.scope == RemovalScope.KEPT),
                # GDPR art. 17(3)(d): items of archive classes kept (R-REC-6).
                "archive_exception": [item.reference for item in plan.archived],
                "documents": sum(r.attachments_removed for r in removals if r.item_kind == "document"),
            },
        )
    return removals


def _targets_lock(plan: DestructionPlan) -> None:
    for model, kind in ((Dossier, "dossier"), (Record, "record")):
        ids = sorted(item.item.pk for item in plan.items if item.kind == kind)
        list(model.objects.select_for_update(of=("self",)).filter(pk__in=ids).values_list("pk", flat=True))


def _recipients_snapshot(acting_user, request: SubjectRequest, plan: DestructionPlan) -> None:
    """GDPR art. 19: the recipients of what is about to go are kept to be told of the erasure."""
    shared = (
        DossierEntry.objects.filter(
            kind=EntryKind.SHARED_WITH_THIRD_PARTY,
            concerns__person_id=request.subject_id,
            dossier__organisation_id=request.organisation_id,
        )
        .exclude(recipient="")
        .order_by("created_at")
        .values_list("recipient", "created_at")
    )
    first: dict[str, object] = {}
    for recipient, created_at in shared:
        first.setdefault(recipient, timezone.localtime(created_at).date())
    for recipient, shared_on in first.items():
        RecipientNotification.objects.get_or_create(
            request=request,
            recipient=recipient,
            effect=NotifiedEffect.ERASURE,
            defaults={
                "organisation_id": request.organisation_id,
                "shared_on": shared_on,
                "prepared_by": acting_user,
            },
        )


def _execute(
    acting_user, request: SubjectRequest, plan: DestructionPlan, keep: set[str], keep_reason: str
) -> list[SubjectDataRemoval]:
    removals: list[SubjectDataRemoval] = []
    whole = [item for item in plan.whole if item.key not in keep]
    batch = _batch_run(acting_user, request, whole) if whole else None
    scrub: list = []
    mentions: set[str] = set()
    mentioned_in: list = []
    for item in plan.items:
        values = {
            "organisation_id": request.organisation_id,
            "request": request,
            "item_kind": item.kind,
            "reference": item.reference,
            "removed_by": acting_user,
        }
        if item.key in keep or item.scope == RemovalScope.KEPT:
            reason = keep_reason if item.key in keep else item.why
            removals.append(SubjectDataRemoval(scope=RemovalScope.KEPT, kept_reason=reason, **values))
        elif item.scope == RemovalScope.WHOLE:
            removals.append(SubjectDataRemoval(scope=RemovalScope.WHOLE, batch=batch, **values))
        elif item.kind == "dossier":
            counts = _dossier_part_remove(item, scrub, mentions, mentioned_in)
            removals.append(SubjectDataRemoval(scope=RemovalScope.PARTIAL, **counts, **values))
        else:
            counts = _record_part_remove(item, scrub)
            removals.append(SubjectDataRemoval(scope=RemovalScope.PARTIAL, **counts, **values))
    person_removal = _person_remove(request, plan, scrub)
    if person_removal is not None:
        removals.append(
            SubjectDataRemoval(
                organisation_id=request.organisation_id,
                request=request,
                item_kind="person",
                reference=request.reference,
                scope=RemovalScope.PARTIAL,
                removed_by=acting_user,
                **person_removal,
            )
        )
    documents, documents_removed = subject_documents_remove(
        acting_user=acting_user, request=request, scrub=scrub
    )
    removals += documents
    if scrub or mentioned_in:
        audit_scrub_for_objects(
            acting_user=acting_user,
            objects=scrub,
            organisation=request.organisation,
            reason=f"Subject request {request.reference}: the subject's data destroyed.",
            mentions=mentions,
            mentioned_in=mentioned_in,
        )
    created = SubjectDataRemoval.objects.bulk_create(removals)
    _recompute(plan, keep)
    domain_event_record(
        acting_user=acting_user,
        verb="subject_request.data_destroyed",
        target=request,
        legal_basis=LEGAL_BASIS_BY_TYPE[request.request_type],
        data={
            "items": [{"kind": r.item_kind, "reference": r.reference, "scope": r.scope} for r in created],
            "batch": batch.number if batch else None,
            "archive_exception": [item.reference for item in plan.archived],
            "documents": documents_removed.listed,
        },
    )
    return created


def _batch_number_next(request: SubjectRequest) -> str:
    prefix = f"SR-{request.organisation.slug.upper()}-{timezone.localdate():%Y%m%d}-"
    numbers = DisposalBatch.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    seq = max((int(n.rsplit("-", 1)[1]) for n in numbers if n.rsplit("-", 1)[1].isdigit()), default=0)
    return f"{prefix}{seq + 1:03d}"


def _batch_run(acting_user, request: SubjectRequest, items: list[ItemPlan]) -> DisposalBatch:
    """Dispose of the whole items through the retention engine, in a batch of the request."""
    basis = LEGAL_BASIS_BY_TYPE[request.request_type]
    decision = f"{request.get_request_type_display()} {request.reference} ({basis})"
    # Four eyes, as for scheduled disposal: the decision built the batch, the second person
    # (checked by ``second_person_require``) gives its one approval stage.
    batch = DisposalBatch.objects.create(
        organisation_id=request.organisation_id,
        number=_batch_number_next(request),
        action=DisposalAction.DESTROY,
        approvals_required=1,
        built_by_id=request.decided_by_id,
        items_total=len(items),
    )
    domain_event_record(
        acting_user=acting_user,
        verb="disposal_batch.built",
        target=batch,
        data={"number": batch.number, "subject_request": request.reference, "items": len(items)},
    )
    if batch.built_by_id == acting_user.pk:  # second_person_require already refused this
        raise NotAllowed(_("The person who decided the request cannot also approve its destruction."))
    BatchApproval.objects.create(batch=batch, approver=acting_user, stage=1)
    domain_event_record(
        acting_user=acting_user,
        verb="disposal_batch.approval_given",
        target=batch,
        data={"stage": 1, "of": 1, "subject_request": request.reference},
    )
    reason = f"Decided by subject request {decision}; carried out by a second person."
    disposal_batch_transition(
        acting_user=acting_user, batch=batch, new_status=BatchStatus.APPROVED, reason=reason
    )
    disposal_batch_transition(acting_user=acting_user, batch=batch, new_status=BatchStatus.EXECUTING)
    context = RequestDisposalContext(
        request=request, acting_user=acting_user, batch=batch, today=timezone.localdate()
    )
    for plan_item in items:
        target = (
            type(plan_item.item)
            .objects.select_related("organisation", "record_class", "retention_version__schedule")
            .get(pk=plan_item.item.pk)
        )
        item = DisposalItem.objects.create(
            batch=batch,
            # Ids, not instances: the item row outlives the target it is about to dispose of.
            record_id=target.pk if plan_item.kind == "record" else None,
            dossier_id=target.pk if plan_item.kind == "dossier" else None,
            reference=target.reference,
            item_kind=plan_item.kind,
            due_on=request.destroy_by,
            explanation=f"Only the subject of request {request.reference} is in it: destroyed whole.",
        )
        item_dispose(context, item, target)
    batch.items_done = len(items)
    batch.save(update_fields=["items_done"])
    if batch.items.filter(status="pending_copies").exists():
        # R-REC-4: paper and other copies are confirmed by their custodians; the last
        # confirmation completes the batch and issues the certificate.
        disposal_batch_transition(
            acting_user=acting_user,
            batch=batch,
            new_status=BatchStatus.AWAITING_COPIES,
            reason="Waiting for custodians to confirm the destruction of copies (R-REC-4).",
        )
    else:
        disposal_batch_transition(acting_user=acting_user, batch=batch, new_status=BatchStatus.COMPLETED)
        destruction_certificate_issue(batch=batch, acting_user=acting_user)
    return batch


def _dossier_part_remove(item: ItemPlan, scrub: list, mentions: set[str], mentioned_in: list) -> dict:
    member = item.member
    entries = DossierEntry.objects.filter(pk__in=item.entry_ids)
    attachments = EntryAttachment.objects.filter(entry_id__in=item.entry_ids)
    scrub += audit_objects(entries) + audit_objects(attachments) + [audit_object(member)]
    # The entries that stay list the member in their "concerns" audit entries.
    mentions.add(str(member))
    mentioned_in += audit_objects(
        DossierEntry.objects.filter(dossier=item.item).exclude(pk__in=item.entry_ids)
    )
    for name in attachments.values_list("file", flat=True):
        # Files are not transactional: delete them only once the removal has committed.
        transaction.on_commit(lambda name=name: EntryAttachment.file.field.storage.delete(name))
    attachment_count = attachments.count()
    attachments.delete()
    entry_count = entries.count()
    entries.delete()
    member.delete()
    return {"entries_removed": entry_count, "attachments_removed": attachment_count, "links_removed": 1}


def _record_part_remove(item: ItemPlan, scrub: list) -> dict:
    events = SubjectEvent.objects.filter(pk__in=item.event_ids)
    scrub += audit_objects(events) + [audit_object(item.link)]
    event_count = events.count()
    events.delete()
    item.link.delete()
    return {"events_removed": event_count, "links_removed": 1}


def _person_remove(request: SubjectRequest, plan: DestructionPlan, scrub: list) -> dict | None:
    """Events not tied to a record, identifiers, and the person row when nothing needs it."""
    events = SubjectEvent.objects.filter(pk__in=plan.loose_event_ids)
    identifiers = PersonIdentifier.objects.filter(person_id=request.subject_id)
    scrub += audit_objects(events) + audit_objects(identifiers)
    counts = {"events_removed": events.count(), "links_removed": identifiers.count()}
    events.delete()
    identifiers.delete()
    try:
        with transaction.atomic():
            Person.objects.filter(pk=request.subject_id).delete()
    except ProtectedError:
        # The request itself (and its answer) still names the subject; the row stays with
        # the name only, under the request's own retention.
        pass
    return counts if any(counts.values()) else None


def _recompute(plan: DestructionPlan, keep: set[str]) -> None:
    # Removing a member or subject can change the retention date (e.g. R-WMO-2's youngest child).
    dossiers = [i.item.pk for i in plan.partial if i.kind == "dossier" and i.key not in keep]
    records = [i.item.pk for i in plan.partial if i.kind == "record" and i.key not in keep]
    if dossiers:
        engine.recompute_dossiers(dossiers)
    if records:
        engine.recompute_records(records)
