"""What a subject request covers: everything held about the subject, and nothing about the
other people in the same dossiers (R-DSR-1).

One household dossier has several subjects. A subject gets only the entries that concern
them (``DossierEntry.concerns`` names their membership) and their own membership; another
member's entries are never in scope, even in the same dossier. Records count where the
subject is linked as a subject (``RecordSubject``), with the subject's own events. All of
it within the request's organisation only; items already disposed of, anonymised or
transferred to the archive are no longer held and so not in scope.

The names, identifiers and dates of birth of the *other* people linked to these items are
what the redaction proposals look for (R-DSR-14): ``third_parties`` lists them.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from records.models import (
    DossierEntry,
    DossierMember,
    ItemStatus,
    Person,
    PersonIdentifier,
    RecordSubject,
    SubjectEvent,
)
from subject_rights.models import REDACTABLE_FIELDS, SourceKind, SubjectRequest

# Lifecycle states in which the organisation still holds the item.
HELD = (ItemStatus.LIVE, ItemStatus.DISPOSAL_PENDING)


@dataclass(frozen=True)
class ScopeItem:
    """One disclosed item: its redactable text fields and what identifies it."""

    kind: str
    pk: int
    reference: str
    heading: str
    fields: dict[str, str]
    dossier_id: int | None = None
    record_id: int | None = None
    # (stable key for exports, translated label, value)
    facts: list[tuple[str, str, str]] = field(default_factory=list)
    attachments: int = 0

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.pk)


@dataclass
class DisclosureScope:
    request: SubjectRequest
    subject: Person
    identifiers: list[PersonIdentifier]
    memberships: list[DossierMember]
    record_links: list[RecordSubject]
    items: list[ScopeItem]
    third_parties: list[Person]

    @property
    def dossier_ids(self) -> list[int]:
        return sorted({m.dossier_id for m in self.memberships})

    @property
    def record_ids(self) -> list[int]:
        return sorted({link.record_id for link in self.record_links})

    def item(self, kind: str, pk: int) -> ScopeItem | None:
        return next((item for item in self.items if item.kind == kind and item.pk == pk), None)


def subject_memberships(request: SubjectRequest) -> QuerySet[DossierMember]:
    return (
        DossierMember.objects.filter(
            person_id=request.subject_id,
            dossier__organisation_id=request.organisation_id,
            dossier__lifecycle__in=HELD,
        )
        .select_related("dossier")
        .order_by("dossier__report_date", "dossier_id")
    )


def subject_entries(request: SubjectRequest) -> QuerySet[DossierEntry]:
    """The entries that concern the subject: one of their concerned members is the subject."""
    concerns_subject = DossierEntry.concerns.through.objects.filter(
        dossierentry_id=OuterRef("pk"), dossiermember__person_id=request.subject_id
    )
    return (
        DossierEntry.objects.filter(
            Exists(concerns_subject),
            dossier__organisation_id=request.organisation_id,
            dossier__lifecycle__in=HELD,
        )
        .select_related("dossier")
        .annotate(attachment_count=Count("attachments"))
        .order_by("dossier__report_date", "dossier_id", "created_at", "id")
    )


def subject_record_links(request: SubjectRequest) -> QuerySet[RecordSubject]:
    return (
        RecordSubject.objects.filter(
            person_id=request.subject_id,
            record__organisation_id=request.organisation_id,
            record__status__in=HELD,
        )
        .select_related("record")
        .order_by("record__created_on", "record_id")
    )


def subject_events(request: SubjectRequest) -> QuerySet[SubjectEvent]:
    return (
        SubjectEvent.objects.filter(person_id=request.subject_id, organisation_id=request.organisation_id)
        .select_related("record")
        .order_by("occurred_on", "id")
    )


def third_parties_of(
    request: SubjectRequest, dossier_ids: list[int], record_ids: list[int]
) -> QuerySet[Person]:
    """Everyone else linked to the subject's dossiers and records (members, record subjects)."""
    in_dossiers = DossierMember.objects.filter(person_id=OuterRef("pk"), dossier_id__in=dossier_ids)
    in_records = RecordSubject.objects.filter(person_id=OuterRef("pk"), record_id__in=record_ids)
    return (
        Person.objects.filter(organisation_id=request.organisation_id)
        .exclude(pk=request.subject_id)
        .filter(Exists(in_dossiers) | Exists(in_records))
        .prefetch_related("identifiers")
        .order_by("pk")
    )


def _fields(obj, kind: str) -> dict[str, str]:
    return {name: getattr(obj, name) or "" for name in REDACTABLE_FIELDS[kind]}


def disclosure_scope(*, request: SubjectRequest) -> DisclosureScope:
    """Everything in scope of ``request`` (already permission-checked by the caller)."""
    memberships = list(subject_memberships(request))
    record_links = list(subject_record_links(request))
    items: list[ScopeItem] = []
    for entry in subject_entries(request):
        items.append(
            ScopeItem(
                kind=SourceKind.ENTRY,
                pk=entry.pk,
                reference=entry.dossier.reference,
                heading=str(entry.get_kind_display()),
                fields=_fields(entry, SourceKind.ENTRY),
                dossier_id=entry.dossier_id,
                facts=[
                    ("kind", _("Kind"), str(entry.get_kind_display())),
                    ("nature", _("Fact or opinion"), str(entry.get_nature_display())),
                    ("recorded_on", _("Recorded on"), entry.created_at.date().isoformat()),
                    (
                        "not_current_contact",
                        _("Not based on current contact"),
                        _("Yes") if entry.not_current_contact else _("No"),
                    ),
                ],
                attachments=entry.attachment_count,
            )
        )
    for link in record_links:
        record = link.record
        items.append(
            ScopeItem(
                kind=SourceKind.RECORD,
                pk=record.pk,
                reference=record.reference,
                heading=str(link.get_role_display()),
                fields=_fields(record, SourceKind.RECORD),
                record_id=record.pk,
                facts=[
                    ("role", _("Your role"), str(link.get_role_display())),
                    ("category", _("Category"), str(record.get_category_display())),
                    ("created_on", _("Created on"), record.created_on.isoformat()),
                ],
            )
        )
    for event in subject_events(request):
        items.append(
            ScopeItem(
                kind=SourceKind.EVENT,
                pk=event.pk,
                reference=event.record.reference if event.record else "",
                heading=str(event.get_kind_display()),
                fields=_fields(event, SourceKind.EVENT),
                record_id=event.record_id,
                facts=[
                    ("kind", _("Kind"), str(event.get_kind_display())),
                    ("occurred_on", _("Occurred on"), event.occurred_on.isoformat()),
                ],
            )
        )
    dossier_ids = sorted({m.dossier_id for m in memberships})
    record_ids = sorted({link.record_id for link in record_links})
    return DisclosureScope(
        request=request,
        subject=request.subject,
        identifiers=list(request.subject.identifiers.order_by("scheme")),
        memberships=memberships,
        record_links=record_links,
        items=items,
        third_parties=list(third_parties_of(request, dossier_ids, record_ids)),
    )
