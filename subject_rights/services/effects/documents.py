"""Documents made about the subject go with their data (R-DSR-5, R-DSR-6).

Disclosure packs and portability exports (``DisclosureOutput``) copy the subject's data
into stored files, and the effect letters (to recipients, informing of rights, limiting a
representative) quote it. When the subject's data is destroyed or erased those copies must
not outlive it. Here, inside the destruction's transaction:

- every disclosure document of the subject's requests in the organisation is deleted, row
  and file — except the answer letters of this very request, which are the organisation's
  proof of how it answered and name nothing the erasure removes;
- the letters of earlier effects about the subject lose their stored file (the row stays:
  it proves the recipient was told, by whom and when);
- the files are deleted only once the transaction commits (files are not transactional), so
  a refused or rolled-back destruction leaves every document in place.

What went is recorded on the request as one ``SubjectDataRemoval`` per request whose
documents were removed (``item_kind`` "document"), and listed in the destruction's event.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from records.models import (
    RecipientNotification,
    RemovalScope,
    RepresentativeLimitation,
    RightsInformation,
    SubjectDataRemoval,
)
from retention.services.scrub import audit_objects
from subject_rights.models import DisclosureOutput, OutputKind, SubjectRequest


@dataclass
class DocumentsRemoved:
    """What went, per request reference, for the trace on the request and its event."""

    by_request: dict[str, int] = field(default_factory=dict)
    listed: list[dict] = field(default_factory=list)

    def note(self, reference: str, kind: str, pk: int) -> None:
        self.by_request[reference] = self.by_request.get(reference, 0) + 1
        self.listed.append({"request": reference, "kind": kind, "id": pk})


def _file_delete_on_commit(file_field) -> None:
    name, storage = file_field.name, file_field.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _outputs_remove(request: SubjectRequest, removed: DocumentsRemoved, scrub: list) -> None:
    outputs = (
        DisclosureOutput.objects.filter(
            organisation_id=request.organisation_id, request__subject_id=request.subject_id
        )
        .exclude(request=request, kind=OutputKind.LETTER)
        .select_related("request")
        .order_by("pk")
    )
    doomed = list(outputs.select_for_update(of=("self",)))
    for output in doomed:
        _file_delete_on_commit(output.file)
        removed.note(output.request.reference, f"output:{output.kind}", output.pk)
    if doomed:
        ids = [output.pk for output in doomed]
        scrub += audit_objects(DisclosureOutput.objects.filter(pk__in=ids))
        DisclosureOutput.objects.filter(pk__in=ids).delete()


def _letters_blank(request: SubjectRequest, removed: DocumentsRemoved, scrub: list) -> None:
    subject_id = request.subject_id
    letters = (
        # Letters telling recipients of this request's erasure are made after it: keep those.
        RecipientNotification.objects.filter(request__subject_id=subject_id).exclude(request=request),
        RightsInformation.objects.filter(person_id=subject_id),
        RepresentativeLimitation.objects.filter(
            Q(young_person__person_id=subject_id) | Q(representative__person_id=subject_id)
        ),
    )
    for queryset in letters:
        rows = list(
            queryset.filter(organisation_id=request.organisation_id)
            .exclude(letter="")
            .select_for_update(of=("self",))
        )
        for row in rows:
            _file_delete_on_commit(row.letter)
            reference = row.request.reference if getattr(row, "request_id", None) else request.reference
            removed.note(reference, f"letter:{type(row).__name__}", row.pk)
        if rows:
            ids = [row.pk for row in rows]
            # Saved one by one so django-auditlog records the emptied file; then scrubbed.
            for row in rows:
                row.letter = ""
                row.save(update_fields=["letter"])
            scrub += audit_objects(queryset.model.objects.filter(pk__in=ids))


def subject_documents_remove(
    *, acting_user, request: SubjectRequest, scrub: list
) -> tuple[list[SubjectDataRemoval], DocumentsRemoved]:
    """Delete the subject's disclosure documents and effect letters (files on commit).

    Call inside the destruction's transaction; ``scrub`` collects the audit keys to scrub.
    Returns unsaved removal rows (one per request) and the list for the event.
    """
    removed = DocumentsRemoved()
    _outputs_remove(request, removed, scrub)
    _letters_blank(request, removed, scrub)
    rows = [
        SubjectDataRemoval(
            organisation_id=request.organisation_id,
            request=request,
            item_kind="document",
            reference=reference,
            scope=RemovalScope.PARTIAL,
            attachments_removed=count,
            removed_by=acting_user,
        )
        for reference, count in sorted(removed.by_request.items())
    ]
    return rows, removed
