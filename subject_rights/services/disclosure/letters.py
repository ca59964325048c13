"""The response letter: the decision on a request and its reasons, in writing, in the
organisation's name (R-DSR-2, R-DSR-3, R-DSR-8: refusals and limits are communicated with
reasons; GDPR art. 12(4): the requester is told they may complain to the supervisor)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import DomainError
from retention.pdf import css_string, render_pdf
from subject_rights.models import (
    Decision,
    DisclosureOutput,
    ErasureException,
    ObjectionWeighing,
    OutputKind,
    OutputStatus,
    RefusalGround,
    RequestType,
    SubjectRequest,
)
from subject_rights.services.disclosure.common import require_disclosure_handler
from subject_rights.services.disclosure.outputs import output_store

LETTER_TEMPLATE = "subject_rights/disclosure/letter_pdf.html"


def supervisory_authority(jurisdiction: str) -> str:
    """Where the requester may complain, by the organisation's jurisdiction."""
    if jurisdiction == "NL":
        return _(
            "the Autoriteit Persoonsgegevens (Dutch Data Protection Authority), autoriteitpersoonsgegevens.nl"
        )
    if jurisdiction.startswith("GB"):
        return _("the Information Commissioner's Office (ICO), ico.org.uk")
    return _("the data protection supervisory authority")


def _ground_labels(request: SubjectRequest) -> list[str]:
    labels = {value: str(label) for value, label in RefusalGround.choices}
    return [labels.get(ground, ground) for ground in request.refusal_grounds]


def letter_context(request: SubjectRequest) -> dict:
    pack = (
        request.disclosure_outputs.filter(kind=OutputKind.PACK, status=OutputStatus.READY)
        .order_by("-completed_at", "-id")
        .first()
    )
    export = request.disclosure_outputs.filter(
        kind__in=(OutputKind.EXPORT_JSON, OutputKind.EXPORT_CSV), status=OutputStatus.READY
    ).exists()
    decider = request.decided_by
    return {
        "request": request,
        "organisation": request.organisation,
        "subject": request.subject,
        "decision": request.decision,
        "granted": request.decision == Decision.GRANT,
        "partial": request.decision == Decision.PARTIAL,
        "refused": request.decision == Decision.REFUSE,
        "grounds": _ground_labels(request),
        "erasure_exception": (
            str(ErasureException(request.erasure_exception).label) if request.erasure_exception else ""
        ),
        # R-CON-7: an objection's answer gives its weighing.
        "weighing": (
            ObjectionWeighing.objects.filter(request_id=request.pk).select_related("consent").first()
            if request.request_type == RequestType.OBJECTION
            else None
        ),
        "discloses": request.request_type in (RequestType.ACCESS, RequestType.COPY, RequestType.PORTABILITY),
        "pack": pack,
        "export": export,
        "authority": supervisory_authority(request.organisation.jurisdiction),
        "signed_by": (decider.get_full_name() or decider.username) if decider else "",
        "today": timezone.localdate(),
        "header_left": css_string(request.organisation.name),
        "footer_reference": css_string(_("Request %(reference)s") % {"reference": request.reference}),
    }


def response_letter_issue(*, acting_user, request: SubjectRequest) -> DisclosureOutput:
    """Render and keep the letter answering ``request`` (needs a recorded decision)."""
    require_disclosure_handler(acting_user, request)
    if not request.decision:
        raise DomainError(
            _("Record the decision and its reasons first: the letter states them."), field="decision"
        )
    with translation.override(request.organisation.default_language or settings.LANGUAGE_CODE):
        pdf = render_pdf(
            LETTER_TEMPLATE, {**letter_context(request), "LANGUAGE_CODE": translation.get_language()}
        )
    with transaction.atomic():
        output = DisclosureOutput.objects.create(
            organisation_id=request.organisation_id,
            request=request,
            kind=OutputKind.LETTER,
            status=OutputStatus.RENDERING,
            requested_by=acting_user,
        )
        return output_store(
            output,
            data=pdf,
            file_name=f"{request.reference}-letter-{output.pk}.pdf",
            content_type="application/pdf",
            contents=[{"kind": "decision", "decision": request.decision, "reference": request.reference}],
            acting_user=acting_user,
        )
