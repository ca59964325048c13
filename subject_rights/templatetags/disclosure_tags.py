"""The disclosure panel of the request page: what is left to review and the latest pack."""

from django import template

from subject_rights.models import OutputKind, RedactionStatus
from subject_rights.selectors import disclosure as selectors
from subject_rights.services.disclosure.common import (
    DISCLOSURE_TYPES,
    EXPORT_TYPES,
    PACK_TYPES,
    WORKING_STATUSES,
)

register = template.Library()


@register.inclusion_tag("subject_rights/disclosure/_panel_body.html", takes_context=True)
def disclosure_panel(context, subject_request):
    user = context.get("user")
    allowed = (
        user is not None
        and selectors.disclosure_requests_visible_to(user).filter(pk=subject_request.pk).exists()
    )
    counts = selectors.redaction_counts(subject_request) if allowed else {}
    return {
        "subject_request": subject_request,
        "allowed": allowed,
        "discloses": subject_request.request_type in DISCLOSURE_TYPES,
        "packs": subject_request.request_type in PACK_TYPES,
        "exports": subject_request.request_type in EXPORT_TYPES,
        "working": subject_request.status in WORKING_STATUSES,
        "pending": counts.get(RedactionStatus.PROPOSED, 0),
        "reviewed": sum(n for status, n in counts.items() if status != RedactionStatus.PROPOSED),
        "pack": selectors.pack_latest(subject_request) if allowed else None,
        "letter": selectors.ready_output(subject_request, OutputKind.LETTER) if allowed else None,
    }
