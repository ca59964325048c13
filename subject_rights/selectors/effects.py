"""Reads for carrying out decided requests: what a destruction or erasure would remove, the
subject's restriction, their corrections and what was removed (R-DSR-3..6, GDPR art. 18).

``destruction_plan_for`` is the one place that decides what of the subject's data goes:
an entry only when it concerns nobody else (or, when the investigation refuted the report,
the report entries about the subject: R-DSR-5), a whole dossier or record only when nothing
in it concerns anyone else, and never anything under an active legal hold. Items whose
schedule sends them to the archive (R-REC-6) are kept whole: GDPR art. 17(3)(d), archiving in
the public interest, is the exception recorded for them.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from records.models import (
    DataCorrection,
    Dossier,
    DossierEntry,
    DossierMember,
    EntryAttachment,
    EntryKind,
    ItemStatus,
    PersonRestriction,
    Record,
    RecordSubject,
    RemovalScope,
    SubjectDataRemoval,
    SubjectEvent,
)
from retention.models import DueAction, LegalHold
from retention.selectors import holds_on
from subject_rights.models import SubjectRequest


@dataclass
class ItemPlan:
    """What happens to one record or dossier the subject appears in."""

    kind: str  # "record" | "dossier"
    item: Record | Dossier
    scope: str
    entry_ids: list[int] = field(default_factory=list)
    attachments: int = 0
    member: DossierMember | None = None
    link: RecordSubject | None = None
    event_ids: list[int] = field(default_factory=list)
    holds: list[LegalHold] = field(default_factory=list)
    why: str = ""
    archive: bool = False  # kept under GDPR art. 17(3)(d): its class goes to the archive

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.item.pk}"

    @property
    def reference(self) -> str:
        return self.item.reference


@dataclass
class DestructionPlan:
    request: SubjectRequest
    items: list[ItemPlan]
    person_holds: list[LegalHold]
    loose_event_ids: list[int]

    @property
    def holds(self) -> list[LegalHold]:
        seen: dict[int, LegalHold] = {hold.pk: hold for hold in self.person_holds}
        for item in self.items:
            for hold in item.holds:
                seen.setdefault(hold.pk, hold)
        return sorted(seen.values(), key=lambda hold: hold.pk)

    @property
    def blocked(self) -> bool:
        return bool(self.holds)

    @property
    def whole(self) -> list[ItemPlan]:
        return [item for item in self.items if item.scope == RemovalScope.WHOLE]

    @property
    def archived(self) -> list[ItemPlan]:
        return [item for item in self.items if item.archive]

    @property
    def partial(self) -> list[ItemPlan]:
        return [item for item in self.items if item.scope == RemovalScope.PARTIAL]


def archive_exception() -> str:
    return _(
        "GDPR art. 17(3)(d): its record class is transferred to the archive for permanent "
        "preservation in the public interest (R-REC-6), so it is kept whole."
    )


def is_archive_class(item: Record | Dossier) -> bool:
    """The item's schedule (or its computed action) transfers it to the archive (R-REC-6)."""
    if item.retention_action == DueAction.TRANSFER:
        return True
    version = item.retention_version
    return version is not None and version.action == DueAction.TRANSFER


def _dossier_plan(request: SubjectRequest, member: DossierMember) -> ItemPlan:
    dossier = member.dossier
    if dossier.lifecycle != ItemStatus.LIVE:
        return ItemPlan(
            "dossier", dossier, RemovalScope.KEPT, member=member, why=dossier.get_lifecycle_display()
        )
    if is_archive_class(dossier):
        return ItemPlan(
            "dossier", dossier, RemovalScope.KEPT, member=member, why=archive_exception(), archive=True
        )
    holds = list(holds_on(dossier))
    if not dossier.members.exclude(pk=member.pk).exists():
        return ItemPlan("dossier", dossier, RemovalScope.WHOLE, member=member, holds=holds)
    entries = DossierEntry.objects.filter(dossier=dossier, concerns=member)
    concerns_someone_else = DossierEntry.concerns.through.objects.filter(
        dossierentry_id=OuterRef("pk")
    ).exclude(dossiermember_id=member.pk)
    only_subject = ~Q(Exists(concerns_someone_else))
    if request.report_refuted:
        # R-DSR-5: the investigation refuted the report, so the report about the subject goes
        # even where it names others too.
        only_subject |= Q(kind=EntryKind.REPORT)
    entry_ids = list(entries.filter(only_subject).values_list("pk", flat=True).distinct())
    return ItemPlan(
        "dossier",
        dossier,
        RemovalScope.PARTIAL,
        entry_ids=entry_ids,
        attachments=EntryAttachment.objects.filter(entry_id__in=entry_ids).count(),
        member=member,
        holds=holds,
    )


def _record_plan(request: SubjectRequest, link: RecordSubject) -> ItemPlan:
    record = link.record
    if record.status != ItemStatus.LIVE:
        return ItemPlan("record", record, RemovalScope.KEPT, link=link, why=record.get_status_display())
    if is_archive_class(record):
        return ItemPlan("record", record, RemovalScope.KEPT, link=link, why=archive_exception(), archive=True)
    holds = list(holds_on(record))
    others = (
        record.subject_links.exclude(pk=link.pk).exists()
        or record.events.exclude(person_id=request.subject_id).exists()
    )
    event_ids = list(record.events.filter(person_id=request.subject_id).values_list("pk", flat=True))
    scope = RemovalScope.PARTIAL if others else RemovalScope.WHOLE
    return ItemPlan("record", record, scope, link=link, event_ids=event_ids, holds=holds)


def destruction_plan_for(request: SubjectRequest) -> DestructionPlan:
    """What destroying the subject's data would remove, item by item, and what holds stop it."""
    subject_id = request.subject_id
    memberships = (
        DossierMember.objects.filter(person_id=subject_id, dossier__organisation_id=request.organisation_id)
        .select_related("dossier__retention_version")
        .order_by("dossier__reference", "pk")
    )
    links = (
        RecordSubject.objects.filter(person_id=subject_id, record__organisation_id=request.organisation_id)
        .select_related("record__retention_version")
        .order_by("record__reference", "pk")
    )
    items = [_dossier_plan(request, m) for m in memberships] + [_record_plan(request, li) for li in links]
    linked_records = [li.record_id for li in links]
    loose = (
        SubjectEvent.objects.filter(person_id=subject_id, organisation_id=request.organisation_id)
        .exclude(record_id__in=linked_records)
        .values_list("pk", flat=True)
    )
    person_holds = list(
        LegalHold.objects.filter(
            organisation_id=request.organisation_id, released_at__isnull=True, people=subject_id
        ).order_by("pk")
    )
    return DestructionPlan(
        request=request, items=items, person_holds=person_holds, loose_event_ids=list(loose)
    )


def data_removals_for(request: SubjectRequest) -> QuerySet[SubjectDataRemoval]:
    return SubjectDataRemoval.objects.filter(request=request).select_related("batch", "removed_by")


def corrections_for(request: SubjectRequest) -> QuerySet[DataCorrection]:
    return DataCorrection.objects.filter(request=request).select_related("corrected_by")


def active_restriction_of(person_id: int) -> PersonRestriction | None:
    return (
        PersonRestriction.objects.filter(person_id=person_id, lifted_at__isnull=True)
        .select_related("request", "restricted_by")
        .first()
    )


def restrictions_for(request: SubjectRequest) -> QuerySet[PersonRestriction]:
    return PersonRestriction.objects.filter(request=request).select_related("restricted_by", "lifted_by")


def restrictions_on_item(item) -> QuerySet[PersonRestriction]:
    """Active restrictions of the people in a record or dossier, or of one person."""
    active = PersonRestriction.objects.filter(lifted_at__isnull=True).select_related("person")
    if isinstance(item, Dossier):
        return active.filter(person__memberships__dossier=item).order_by("restricted_at")
    if isinstance(item, Record):
        return active.filter(person__record_links__record=item).order_by("restricted_at")
    return active.filter(person=item)
