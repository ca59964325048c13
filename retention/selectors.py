"""Reads for the retention engine: what is held, what is due for review, what may go.

All set-based: each returns a QuerySet filtered with EXISTS subqueries, so sweeps and
queues stay single queries at any size.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from access_control.models import Role
from access_control.permissions import user_may_manage_holds, visible_to
from records.models import Dossier, DossierMember, ItemStatus, Person, PersonIdentifier, Record, RecordSubject
from retention.capabilities import may_approve_disposal, may_dispose
from retention.models import (
    Automation,
    BatchApproval,
    BatchStatus,
    BatchStatusChange,
    CopyDestructionTask,
    CopyTaskStatus,
    DestructionCertificate,
    DisposalBatch,
    DisposalItem,
    DisposalItemStatus,
    DueAction,
    LegalHold,
    RecordClass,
    RetentionSchedule,
    Review,
    ReviewDecision,
    ReviewStatus,
    ScheduleVersion,
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


def _removed_at_this_date(model) -> Q:
    """An officer removed the item from a batch and its due date has not moved since.

    Without this, the next nightly sweep would propose it again; it comes back only when
    its retention is recomputed to another date (or a new review decides dispose).
    """
    return Q(
        Exists(
            DisposalItem.objects.filter(
                **{_item_field(model): OuterRef("pk")},
                status=DisposalItemStatus.REMOVED,
                due_on=OuterRef("retention_due_on"),
            )
        )
    )


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
        & ~_removed_at_this_date(model)
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


# --- Pages of the records unit ----------------------------------------------------------------
# Who sees which part of the records unit's pages. Writes are checked again by the services;
# these say who may look, and every lookup below filters on the user's organisation first, so
# another organisation's ids answer 404.

REVIEWS, BATCHES, HOLDS, SCHEDULES = "reviews", "batches", "holds", "schedules"
AREA_ROLES: dict[str, frozenset[str]] = {
    # Team leaders decide reviews of their units' items and extend retention (R-WMO-3).
    REVIEWS: frozenset({Role.RECORDS_OFFICER, Role.TEAM_LEADER, Role.DPO, Role.ASSET_OWNER}),
    # Disposal is the records unit's; the DPO and asset owners oversee it (R-REC-9).
    BATCHES: frozenset({Role.RECORDS_OFFICER, Role.DPO, Role.ASSET_OWNER}),
    HOLDS: frozenset({Role.RECORDS_OFFICER, Role.TEAM_LEADER, Role.DPO, Role.ASSET_OWNER}),
    SCHEDULES: frozenset({Role.RECORDS_OFFICER, Role.TEAM_LEADER, Role.DPO, Role.ASSET_OWNER}),
}
RECORDS_UNIT_ROLES = frozenset().union(*AREA_ROLES.values())
# R-REC-9: Information Asset Owners set review and deletion schedules; the records unit keeps them.
SCHEDULE_EDITOR_ROLES = frozenset({Role.RECORDS_OFFICER, Role.ASSET_OWNER})


def user_sees_area(user, area: str) -> bool:
    if not user.is_authenticated or getattr(user, "organisation_id", None) is None:
        return False
    if user.role in AREA_ROLES[area]:
        return True
    # Whoever the matrix lets approve or carry out disposal, or manage holds, sees the pages
    # they act on (R-ACC-1), whatever their role; an API client uses the API, not these pages.
    if user.role == Role.API_CLIENT:
        return False
    if area == BATCHES:
        return may_approve_disposal(user) or may_dispose(user)
    return area == HOLDS and user_may_manage_holds(user)


def user_may_revise_schedules(user) -> bool:
    return user_sees_area(user, SCHEDULES) and user.role in SCHEDULE_EDITOR_ROLES


def _one_or_404(queryset: QuerySet, what: str):
    found = queryset.first()
    if found is None:
        raise Http404(f"No such {what}.")
    return found


# --- reviews ---


def reviews_visible_to(user) -> QuerySet[Review]:
    """The organisation's reviews; for a team leader only those of items they may see (R-ACC-5)."""
    if not user_sees_area(user, REVIEWS):
        return Review.objects.none()
    reviews = Review.objects.filter(organisation_id=user.organisation_id)
    if user.sees_whole_organisation:
        return reviews
    records = visible_to(user, Record.objects.all()).filter(pk=OuterRef("record_id"))
    dossiers = visible_to(user, Dossier.objects.all()).filter(pk=OuterRef("dossier_id"))
    return reviews.filter(Q(Exists(records)) | Q(Exists(dossiers)))


def review_queue_for_user(*, user, schedule_id: int | None = None) -> QuerySet[Review]:
    """The open reviews the user may see, oldest due first, optionally of one schedule."""
    reviews = reviews_visible_to(user).filter(status=ReviewStatus.OPEN)
    if schedule_id is not None:
        reviews = reviews.filter(schedule_version__schedule_id=schedule_id)
    return reviews.select_related("record", "dossier", "schedule_version__schedule").order_by("due_on", "id")


def review_get_for_user(*, user, pk: int) -> Review:
    reviews = reviews_visible_to(user).select_related(
        "record__record_class",
        "dossier__record_class",
        "schedule_version__schedule",
        "decided_by",
    )
    return _one_or_404(reviews.filter(pk=pk), "review")


# --- disposal batches and certificates ---


def batches_visible_to(user) -> QuerySet[DisposalBatch]:
    if not user_sees_area(user, BATCHES):
        return DisposalBatch.objects.none()
    return DisposalBatch.objects.filter(organisation_id=user.organisation_id)


def batch_list(*, user, status: str = "") -> QuerySet[DisposalBatch]:
    batches = batches_visible_to(user)
    if status:
        batches = batches.filter(status=status)
    return batches.select_related("schedule", "built_by").order_by("-built_at", "-id")


def batch_get_for_user(*, user, pk: int) -> DisposalBatch:
    batches = batches_visible_to(user).select_related("schedule", "built_by", "organisation")
    return _one_or_404(batches.filter(pk=pk), "disposal batch")


def batch_certificate(batch: DisposalBatch) -> DestructionCertificate | None:
    return DestructionCertificate.objects.filter(batch=batch).first()


def batch_items(batch: DisposalBatch) -> QuerySet[DisposalItem]:
    pending = CopyDestructionTask.objects.filter(item=OuterRef("pk"), status=CopyTaskStatus.PENDING)
    return (
        batch.items.select_related("removed_by")
        .annotate(
            pending_copies=Subquery(
                pending.order_by().values("item").annotate(total=Count("pk")).values("total")[:1]
            )
        )
        .order_by("id")
    )


def batch_item_get(*, batch: DisposalBatch, pk: int) -> DisposalItem:
    return _one_or_404(batch.items.filter(pk=pk), "item in this batch")


def batch_approvals(batch: DisposalBatch) -> QuerySet[BatchApproval]:
    return batch.approvals.select_related("approver").order_by("stage")


def batch_status_changes(batch: DisposalBatch) -> QuerySet[BatchStatusChange]:
    return batch.status_changes.select_related("changed_by").order_by("changed_at", "id")


def certificate_get_for_user(*, user, pk: int) -> DestructionCertificate:
    if not user_sees_area(user, BATCHES):
        raise Http404("No such certificate.")
    certificates = DestructionCertificate.objects.filter(organisation_id=user.organisation_id, pk=pk)
    return _one_or_404(certificates, "certificate")


# --- legal holds ---

ACTIVE, RELEASED = "active", "released"


def holds_visible_to(user) -> QuerySet[LegalHold]:
    if not user_sees_area(user, HOLDS):
        return LegalHold.objects.none()
    return LegalHold.objects.filter(organisation_id=user.organisation_id)


def _scope_count(through, column: str) -> Subquery:
    rows = through.objects.filter(legalhold_id=OuterRef("pk")).order_by().values("legalhold_id")
    return Coalesce(Subquery(rows.annotate(total=Count(column)).values("total")[:1]), 0)


def hold_list(*, user, state: str = ACTIVE) -> QuerySet[LegalHold]:
    """Active holds (newest first), released ones, or all (``state=""``), with scope sizes."""
    holds = holds_visible_to(user)
    if state == ACTIVE:
        holds = holds.filter(released_at__isnull=True)
    elif state == RELEASED:
        holds = holds.filter(released_at__isnull=False)
    return (
        holds.select_related("placed_by", "released_by")
        .annotate(
            record_count=_scope_count(LegalHold.records.through, "record_id"),
            dossier_count=_scope_count(LegalHold.dossiers.through, "dossier_id"),
            people_count=_scope_count(LegalHold.people.through, "person_id"),
        )
        .order_by("-placed_at", "-id")
    )


def hold_get_for_user(*, user, pk: int) -> LegalHold:
    holds = (
        holds_visible_to(user)
        .select_related("placed_by", "released_by")
        .prefetch_related(
            Prefetch("records", queryset=Record.objects.order_by("reference")),
            Prefetch("dossiers", queryset=Dossier.objects.order_by("reference")),
            Prefetch(
                "people",
                queryset=Person.objects.prefetch_related("identifiers").order_by(
                    "family_name", "given_names"
                ),
            ),
        )
    )
    return _one_or_404(holds.filter(pk=pk), "legal hold")


def _by_reference(model, organisation_id: int, references: list[str]) -> tuple[list, list[str]]:
    found = {
        item.reference: item
        for item in model.objects.filter(organisation_id=organisation_id, reference__in=references)
    }
    return [found[r] for r in references if r in found], [r for r in references if r not in found]


def records_by_reference(*, organisation_id: int, references: list[str]) -> tuple[list[Record], list[str]]:
    """The organisation's records with these references, in the order given, and the unknown ones."""
    return _by_reference(Record, organisation_id, references)


def dossiers_by_reference(*, organisation_id: int, references: list[str]) -> tuple[list[Dossier], list[str]]:
    return _by_reference(Dossier, organisation_id, references)


def people_by_identifier(
    *, organisation_id: int, values: list[str]
) -> tuple[list[Person], list[str], list[str]]:
    """People of the organisation by an identifier (PNC, pupil number, ...): the people found,
    the values nobody has, and the values that fit more than one person."""
    matches: dict[str, dict[int, Person]] = {}
    identifiers = PersonIdentifier.objects.filter(
        person__organisation_id=organisation_id, value__in=values
    ).select_related("person")
    for identifier in identifiers:
        matches.setdefault(identifier.value, {})[identifier.person_id] = identifier.person
    people = [next(iter(matches[v].values())) for v in values if len(matches.get(v, {})) == 1]
    unknown = [v for v in values if v not in matches]
    ambiguous = [v for v in values if len(matches.get(v, {})) > 1]
    return people, unknown, ambiguous


# --- copy-destruction tasks ---


def copy_tasks_visible_to(user) -> QuerySet[CopyDestructionTask]:
    """A custodian sees their own tasks; whoever may dispose (the matrix, R-ACC-1: by default a
    records-unit officer) every task of the organisation."""
    if not user.is_authenticated or getattr(user, "organisation_id", None) is None:
        return CopyDestructionTask.objects.none()
    tasks = CopyDestructionTask.objects.filter(item__batch__organisation_id=user.organisation_id)
    if may_dispose(user):
        return tasks
    return tasks.filter(custodian_id=user.pk)


def copy_task_list(*, user, status: str = CopyTaskStatus.PENDING) -> QuerySet[CopyDestructionTask]:
    return (
        copy_tasks_visible_to(user)
        .filter(status=status)
        .select_related("item__batch", "custodian")
        .order_by("id")
    )


def copy_task_get_for_user(*, user, pk: int) -> CopyDestructionTask:
    tasks = copy_tasks_visible_to(user).select_related("item__batch", "custodian", "confirmed_by")
    return _one_or_404(tasks.filter(pk=pk), "copy-destruction task")


# --- schedules and record classes ---


def schedules_visible_to(user) -> QuerySet[RetentionSchedule]:
    if not user_sees_area(user, SCHEDULES):
        return RetentionSchedule.objects.none()
    return RetentionSchedule.objects.filter(organisation_id=user.organisation_id)


def schedule_list(*, user) -> QuerySet[RetentionSchedule]:
    return schedules_visible_to(user).select_related("current_version").order_by("code")


def schedule_get_for_user(*, user, pk: int) -> RetentionSchedule:
    schedules = schedules_visible_to(user).select_related("current_version", "organisation")
    return _one_or_404(schedules.filter(pk=pk), "retention schedule")


def schedule_versions(schedule: RetentionSchedule) -> QuerySet[ScheduleVersion]:
    return schedule.versions.select_related("created_by").order_by("-number")


def record_class_list(*, user) -> QuerySet[RecordClass]:
    if not user_sees_area(user, SCHEDULES):
        return RecordClass.objects.none()
    return (
        RecordClass.objects.filter(organisation_id=user.organisation_id)
        .select_related("schedule")
        .order_by("code")
    )


# --- the records unit's start page and an item's retention card ---


def records_unit_summary(*, user) -> dict[str, int]:
    """How much work waits in each queue the user may see, one query per queue."""
    batches = batches_visible_to(user).aggregate(
        proposed=Count("pk", filter=Q(status=BatchStatus.PROPOSED)),
        approved=Count("pk", filter=Q(status=BatchStatus.APPROVED)),
        running=Count("pk", filter=Q(status__in=(BatchStatus.EXECUTING, BatchStatus.AWAITING_COPIES))),
    )
    return {
        "open_reviews": reviews_visible_to(user).filter(status=ReviewStatus.OPEN).count(),
        "proposed_batches": batches["proposed"],
        "approved_batches": batches["approved"],
        "running_batches": batches["running"],
        "active_holds": holds_visible_to(user).filter(released_at__isnull=True).count(),
        "pending_copy_tasks": copy_tasks_visible_to(user).filter(status=CopyTaskStatus.PENDING).count(),
    }


def retention_version_with_schedule(item) -> ScheduleVersion | None:
    """Load ``item``'s schedule version with its schedule in one query (explain reads both)."""
    if item.retention_version_id is None:
        return None
    version = ScheduleVersion.objects.select_related("schedule").get(pk=item.retention_version_id)
    item.retention_version = version
    return version
