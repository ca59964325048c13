"""Serving stored files (attachments, letters, certificates, ID copies) as downloads."""

import logging

from django.core.files.base import File
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def stored_file_download(
    field_file: File | None, *, filename: str, content_type: str = "application/octet-stream"
) -> FileResponse:
    """Always a download, never shown inline: an uploaded HTML or SVG must not run in our origin.

    A row whose file is gone from storage (a restored backup, a failed write) answers 404 with
    a message instead of a server error, and is logged so the records unit can look into it.
    """
    if not field_file:
        raise Http404(_("There is no file to download."))
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        logger.error("Stored file missing: %s", getattr(field_file, "name", "?"))
        raise Http404(_("The stored file could not be found.")) from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
