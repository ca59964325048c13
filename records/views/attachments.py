"""Downloading an entry's attachment, only for those who may see its dossier."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from core.access_log import access_log_record
from core.downloads import stored_file_download
from core.models import AccessKind, AccessObject
from records.selectors import entry_attachment_get_for_user


@login_required
@require_GET
def attachment_download_view(request, pk: int):
    attachment = entry_attachment_get_for_user(user=request.user, pk=pk)
    access_log_record(  # R-ACC-4: filed under its dossier, so "who looked at it" includes it
        request,
        [attachment.entry.dossier_id],
        AccessObject.DOSSIER,
        access=AccessKind.DOWNLOADED,
        detail=f"attachment {attachment.pk}",
    )
    return stored_file_download(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
