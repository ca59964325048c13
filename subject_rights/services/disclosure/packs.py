"""The disclosure pack: the subject's data as a PDF, redactions burned in (R-DSR-1, R-DSR-2).

``disclosure_pack_request`` checks again for third parties' data (new entries since the
last look), refuses while any proposal is unreviewed, and queues a pack; a Celery task
calls ``disclosure_pack_render``, which claims the row, builds the content item by item
(progress on the row, polled by the screen), renders it with WeasyPrint and stores it
with its SHA-256. A redelivered task finds the pack ready and does nothing.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import DomainError, InvalidTransition
from core.services import domain_event_record
from retention.pdf import css_string, render_pdf
from subject_rights.models import DisclosureOutput, OutputKind, OutputStatus, SourceKind, SubjectRequest
from subject_rights.services.disclosure.common import (
    PACK_TYPES,
    require_disclosure_handler,
    require_disclosure_request,
    require_not_refused,
)
from subject_rights.services.disclosure.content import DisclosureContent, disclosure_content, unreviewed_count
from subject_rights.services.disclosure.outputs import LEGAL_BASIS, output_progress, output_store
from subject_rights.services.disclosure.redactions import redactions_propose
from subject_rights.services.workflow import request_lock

logger = logging.getLogger(__name__)

PACK_TEMPLATE = "subject_rights/disclosure/pack_pdf.html"
# Share of the progress bar for gathering the items; rendering and storing take the rest.
GATHERING_SHARE = 60
STALLED_AFTER = datetime.timedelta(minutes=30)


def _enqueue(output_id: int, user_id: int) -> None:
    from subject_rights.tasks_disclosure import disclosure_pack_render_task

    disclosure_pack_render_task.delay(output_id=output_id, acting_user_id=user_id)


def disclosure_pack_request(*, acting_user, request: SubjectRequest) -> DisclosureOutput:
    """Queue a new disclosure pack for ``request``.

    Looks for third parties' data first (that look is kept even when the pack is refused:
    its proposals are the next thing to review), then refuses while any proposal waits for
    a review or while another pack is being made.
    """
    require_disclosure_handler(acting_user, request)
    require_disclosure_request(request)
    if request.request_type not in PACK_TYPES:
        raise DomainError(_("A portability request is answered with the export, not a disclosure pack."))
    require_not_refused(request)
    found = redactions_propose(acting_user=acting_user, request=request)
    with transaction.atomic():
        locked = request_lock(request)
        pending = unreviewed_count(locked)
        if pending:
            message = _(
                "%(count)d proposed redaction(s) still need a review: accept, edit or reject each "
                "before the pack is made."
            )
            if found:
                message = _("New third-party data was found since the last review. ") + message
            raise DomainError(message % {"count": pending}, code="unreviewed")
        unfinished = locked.disclosure_outputs.filter(
            kind=OutputKind.PACK, status__in=(OutputStatus.QUEUED, OutputStatus.RENDERING)
        )
        # A pack unfinished for this long lost its task message: it no longer blocks a new one.
        unfinished.filter(requested_at__lt=timezone.now() - STALLED_AFTER).update(
            status=OutputStatus.FAILED, error=_("Not finished in time; a new pack was asked for.")
        )
        if unfinished.exists():
            raise InvalidTransition(_("A disclosure pack for this request is already being made."))
        output = DisclosureOutput.objects.create(
            organisation_id=locked.organisation_id,
            request=locked,
            kind=OutputKind.PACK,
            requested_by=acting_user,
        )
        domain_event_record(
            acting_user=acting_user,
            verb="subject_request.pack_requested",
            target=locked,
            legal_basis=LEGAL_BASIS,
            data={"output": output.pk},
        )
        output_id, user_id = output.pk, acting_user.pk
        transaction.on_commit(lambda: _enqueue(output_id, user_id))
    return output


def _claim(output_id: int) -> DisclosureOutput | None:
    """Queued (or left rendering by a lost worker) → rendering; None when already done."""
    with transaction.atomic():
        output = DisclosureOutput.objects.select_for_update().select_related("request").get(pk=output_id)
        if output.status not in (OutputStatus.QUEUED, OutputStatus.RENDERING):
            return None
        output.status = OutputStatus.RENDERING
        output.progress = 1
        output.save(update_fields=["status", "progress"])
    return output


def _fail(output: DisclosureOutput, message: str, acting_user) -> None:
    with transaction.atomic():
        DisclosureOutput.objects.filter(pk=output.pk).update(
            status=OutputStatus.FAILED, error=message, completed_at=timezone.now()
        )
        domain_event_record(
            acting_user=acting_user,
            verb="subject_request.pack_failed",
            target=output.request,
            reason=message,
            data={"output": output.pk},
        )


def disclosure_pack_render(*, acting_user, output_id: int) -> DisclosureOutput:
    """Make the queued pack ``output_id`` (the worker's part)."""
    output = _claim(output_id)
    if output is None:
        return DisclosureOutput.objects.get(pk=output_id)
    request = SubjectRequest.objects.select_related("organisation", "subject").get(pk=output.request_id)

    def progress(done: int, total: int) -> None:
        output_progress(output, GATHERING_SHARE * done // max(total, 1))

    try:
        require_disclosure_handler(acting_user, request)
        # In the organisation's language: the pack goes to the requester, not to the worker.
        with translation.override(request.organisation.default_language or settings.LANGUAGE_CODE):
            content = disclosure_content(request=request, on_item=progress)
            output_progress(output, GATHERING_SHARE + 5)
            pdf = render_pdf(PACK_TEMPLATE, pack_context(request, content, output))
        output_progress(output, 95)
    except DomainError as error:
        _fail(output, error.message, acting_user)
        return DisclosureOutput.objects.get(pk=output_id)
    except Exception:
        logger.exception("Disclosure pack %s could not be rendered.", output_id)
        _fail(output, _("The pack could not be made. Try again; if it fails again, tell IT."), acting_user)
        return DisclosureOutput.objects.get(pk=output_id)
    return output_store(
        output,
        data=pdf,
        file_name=f"{request.reference}-disclosure-{output.pk}.pdf",
        content_type="application/pdf",
        contents=content.index(),
        redactions=content.redactions,
        acting_user=acting_user,
    )


def pack_context(request: SubjectRequest, content: DisclosureContent, output: DisclosureOutput) -> dict:
    items = content.items
    by_dossier: dict[int, list] = {}
    for item in items:
        if item.item.kind == SourceKind.ENTRY:
            by_dossier.setdefault(item.item.dossier_id, []).append(item)
    dossiers = [
        {"membership": membership, "entries": by_dossier.get(membership.dossier_id, [])}
        for membership in content.scope.memberships
    ]
    return {
        "request": request,
        "organisation": request.organisation,
        "subject": content.scope.subject,
        "identifiers": content.scope.identifiers,
        "dossiers": dossiers,
        "records": [item for item in items if item.item.kind == SourceKind.RECORD],
        "events": [item for item in items if item.item.kind == SourceKind.EVENT],
        "redactions": content.redactions,
        "made_at": timezone.now(),
        "LANGUAGE_CODE": translation.get_language(),
        "pack_number": output.pk,
        "header_left": css_string(request.organisation.name),
        "footer_reference": css_string(_("Request %(reference)s") % {"reference": request.reference}),
    }
