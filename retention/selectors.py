"""Reads for the retention engine: what is held, what is due for review, what may go.

All set-based: each returns a QuerySet filtered with EXISTS subqueries, so sweeps and
queues stay single queries at any size.
"""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from records.models import DossierMember, ItemStatus, Record, RecordSubject
from retention.models import (
    Automation,
    BatchStatus,
    DisposalItem,
    DisposalItemStatus,
    DueAction,
    LegalHold,
    Review,
    ReviewDecision,
    ReviewStatus,
)

ACTIVE_BATCH_STATUSES = (
    BatchStatus.PROPOSED,
    BatchStatus.APPROVED,
    BatchStatus.EXECUTING,
    BatchStatus.AWAITING_COPIES,
)
ACTIVE_ITEM_STATUSES = (DisposalItemStatus.INCLUDED, DisposalItemStatus.PENDING_COPIES)


def _item_field(model) -> str:
    return "record" if model is Record else "dossier"


def held_condition(model) -> Q:
    """True for items under an active legal hold: named directly, or about a held person."""
    active = LegalHold.objects.filter(released_at__isnull=True)
    # ``people`` is nested inside the hold subquery: OuterRef(OuterRef(...)) reaches the item;
    # a single OuterRef would compare with the hold's own id.
    if model is Record:
        direct = active.filter(records=OuterRef("pk"))
        people = RecordSubject.objects.filter(record=OuterRef(OuterRef("pk"))).values("person")
    else:
        direct = active.filter(dossiers=OuterRef("pk"))
        people = DossierMember.objects.filter(dossier=OuterRef(OuterRef("pk"))).values("person")
    via_person = active.filter(people__in=people)
    return Q(Exists(direct)) | Q(Exists(via_person))


def is_held(item) -> bool:
    return type(item).objects.filter(pk=item.pk).filter(held_condition(type(item))).exists()


def holds_on(item) -> QuerySet[LegalHold]:
    """The active holds that stop ``item`` (directly or through a person in it)."""
    active = LegalHold.objects.filter(released_at__isnull=True, organisation_id=item.organisation_id)
    if isinstance(item, Record):
        people = item.subject_links.values("person")
        return active.filter(Q(records=item) | Q(people__in=people)).distinct()
    people = item.members.values("person")
    return active.filter(Q(dossiers=item) | Q(people__in=people)).distinct()


def _live(model, organisation_id: int) -> QuerySet:
    status_field = "status" if model is Record else "lifecycle"
    return model.objects.filter(organisation_id=organisation_id, **{status_field: ItemStatus.LIVE})


def _in_active_batch(model) -> Q:
    return Q(
        Exists(
            DisposalItem.objects.filter(
                **{_item_field(model): OuterRef("pk")},
                status__in=ACTIVE_ITEM_STATUSES,
                batch__status__in=ACTIVE_BATCH_STATUSES,
            )
        )
    )


def _open_review(model) -> Q:
    return Q(Exists(Review.objects.filter(**{_item_field(model): OuterRef("pk")}, status=ReviewStatus.OPEN)))


def review_candidates(model, *, organisation_id: int, today: datetime.date) -> QuerySet:
    """Items that need a human decision and have no open review yet (R-REC-5, R-REC-7).

    Due items whose schedule is not automatic, or whose action is a review or transfer;
    and items whose periodic review date has come (e.g. MoPI group 1 every 10 years).
    """
    due = Q(retention_due_on__lte=today) & (
        Q(retention_version__automation=Automation.HUMAN_REVIEW)
        | Q(retention_action__in=(DueAction.REVIEW, DueAction.TRANSFER))
    )
    periodic = Q(retention_review_on__lte=today)
    return (
        _live(model, organisation_id)
        .filter(due | periodic)
        .exclude(retention_action=DueAction.RETAIN_PERMANENTLY, retention_review_on__isnull=True)
        .exclude(_open_review(model))
        .exclude(_in_active_batch(model))
    )


def _decided_for_disposal(model) -> Q:
    """A decided review said dispose or transfer and no batch has taken that decision yet."""
    decided = Review.objects.filter(
        **{_item_field(model): OuterRef("pk")},
        status=ReviewStatus.DECIDED,
        decision__in=(ReviewDecision.DISPOSE, ReviewDecision.TRANSFER),
    ).exclude(Exists(DisposalItem.objects.filter(review=OuterRef("pk"))))
    return Q(Exists(decided))


def disposal_candidates(model, *, organisation_id: int, today: datetime.date) -> QuerySet:
    """Items that may go into a disposal batch: never held, never twice.

    R-REC-7: straight to a batch only when due and the schedule is automatic (which the
    schedule validation allows only below police group 2); everything else only after a
    review decided dispose or transfer.
    """
    automatic = (
        Q(retention_due_on__lte=today)
        & Q(retention_version__automation=Automation.AUTOMATIC)
        & Q(retention_action__in=(DueAction.DESTROY, DueAction.ANONYMISE))
    )
    return (
        _live(model, organisation_id)
        .filter(automatic | _decided_for_disposal(model))
        .exclude(held_condition(model))
        .exclude(_in_active_batch(model))
    )


def latest_disposal_review(item) -> Review | None:
    field = _item_field(type(item))
    return (
        Review.objects.filter(
            **{field: item},
            status=ReviewStatus.DECIDED,
            decision__in=(ReviewDecision.DISPOSE, ReviewDecision.TRANSFER),
        )
        .order_by("-decided_at")
        .first()
    )


def review_queue(*, organisation_id: int) -> QuerySet[Review]:
    return (
        Review.objects.filter(organisation_id=organisation_id, status=ReviewStatus.OPEN)
        .select_related("record", "dossier", "schedule_version__schedule")
        .order_by("due_on", "id")
    )
