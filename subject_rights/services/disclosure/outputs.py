"""Storing a finished disclosure document: the file, its SHA-256 and size, and the event."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.services import domain_event_record
from subject_rights.models import DisclosureOutput, OutputStatus

LEGAL_BASIS = "GDPR arts. 12, 15 and 20; R-DSR-2"


def output_store(
    output: DisclosureOutput,
    *,
    data: bytes,
    file_name: str,
    content_type: str,
    contents: list | None = None,
    redactions: int = 0,
    acting_user=None,
) -> DisclosureOutput:
    """Write the file and mark the document ready, in one transaction with its event."""
    with transaction.atomic():
        locked = DisclosureOutput.objects.select_for_update().get(pk=output.pk)
        locked.file.save(file_name, ContentFile(data), save=False)
        locked.file_name = file_name
        locked.content_type = content_type
        locked.size = len(data)
        locked.sha256 = hashlib.sha256(data).hexdigest()
        locked.contents = contents or []
        locked.redactions_applied = redactions
        locked.status = OutputStatus.READY
        locked.progress = 100
        locked.error = ""
        locked.completed_at = timezone.now()
        locked.save()
        domain_event_record(
            acting_user=acting_user or locked.requested_by,
            verb=f"subject_request.{locked.kind}_ready",
            target=locked.request,
            legal_basis=LEGAL_BASIS,
            data={
                "output": locked.pk,
                "sha256": locked.sha256,
                "size": locked.size,
                "items": len(locked.contents),
                "redactions": redactions,
            },
        )
    return locked


def output_progress(output: DisclosureOutput, percent: int) -> None:
    """Note progress outside any transaction, so the screen polling it sees it at once."""
    DisclosureOutput.objects.filter(pk=output.pk).update(progress=max(0, min(int(percent), 99)))
