"""What the objection panel of the request detail page shows (GDPR art. 21; R-CON-7)."""

from django import template

from subject_rights.models import RequestType
from subject_rights.selectors.objections import (
    objection_memberships_of,
    objection_views_of,
    objection_weighing_of,
    objection_weighings_earlier,
)
from subject_rights.services.objections import VIEW_STATUSES
from subject_rights.services.workflow import TRANSITIONS

register = template.Library()


@register.simple_tag
def objection_of(subject_request) -> dict:
    if subject_request.request_type != RequestType.OBJECTION:
        return {}
    weighing = objection_weighing_of(subject_request)
    return {
        "weighing": weighing,
        "views": list(objection_views_of(subject_request)),
        "earlier": list(objection_weighings_earlier(subject_request)[:5]),
        "can_weigh": weighing is None and "decided" in TRANSITIONS[subject_request.status],
        "can_add_view": subject_request.status in VIEW_STATUSES
        and objection_memberships_of(subject_request).exists(),
    }
