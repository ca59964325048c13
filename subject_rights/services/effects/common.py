"""Shared checks of the effect services: which request may have which effect, and letters."""

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core.errors import DomainError, InvalidTransition
from retention.pdf import css_string, render_pdf
from subject_rights.models import Decision, RequestStatus, RequestType, SubjectRequest
from subject_rights.services.common import require_request_handler
from subject_rights.services.workflow import request_lock

GRANTED = frozenset({Decision.GRANT, Decision.PARTIAL})
ALL_DECISIONS = frozenset(Decision.values)
# The effects follow the decision; a fulfilled request may still notify recipients.
EFFECT_STATUSES = frozenset({RequestStatus.DECIDED})
DESTRUCTIVE_TYPES = frozenset({RequestType.DESTRUCTION, RequestType.ERASURE})


def effect_request_lock(
    acting_user,
    request: SubjectRequest,
    *,
    types: frozenset[str],
    statuses: frozenset[str] = EFFECT_STATUSES,
    decisions: frozenset[str] = GRANTED,
) -> SubjectRequest:
    """The request's row, locked, after checking who acts and that the decision allows this.

    Call inside the service's transaction.
    """
    require_request_handler(acting_user, request)
    locked = request_lock(request)
    if locked.request_type not in types:
        raise DomainError(
            _("A request for %(type)s does not have this effect.")
            % {"type": locked.get_request_type_display().lower()},
            field="request",
        )
    if locked.status not in statuses or locked.decision not in decisions:
        if not locked.decision:
            raise InvalidTransition(
                _("Request %(reference)s is not decided yet: record the decision first.")
                % {"reference": locked.reference}
            )
        raise InvalidTransition(
            _("Request %(reference)s is %(status)s and %(decision)s; this cannot be done now.")
            % {
                "reference": locked.reference,
                "status": locked.get_status_display().lower(),
                "decision": locked.get_decision_display().lower(),
            }
        )
    return locked


def letter_render(template_name: str, context: dict, *, organisation, title: str) -> ContentFile:
    """A letter as a PDF file to store on a model's FileField (named by ``letter_path``)."""
    pdf = render_pdf(
        template_name,
        {
            **context,
            "organisation": organisation,
            "header_left": css_string(organisation.name),
            "header_right": css_string(title),
        },
    )
    return ContentFile(pdf, name="letter.pdf")
