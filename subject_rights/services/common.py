"""Who may act on requests and consents, and small shared checks."""

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowed
from subject_rights.roles import (
    CONSENT_ROLES,
    HANDLER_ROLES,
    INTAKE_ROLES,
    POLICY_ROLES,
    REQUEST_WIDE_ROLES,
    acts_on_every_request,
    acts_on_requests,
    handles_requests,
    sets_policies,
)

__all__ = [
    "CONSENT_ROLES",
    "HANDLER_ROLES",
    "INTAKE_ROLES",
    "POLICY_ROLES",
    "REQUEST_WIDE_ROLES",
    "acts_on_requests",
    "handles_requests",
    "not_in_future",
    "require_request_handler",
    "require_role",
    "required_text",
    "sets_policies",
]


def require_role(acting_user, organisation_id: int, may: Callable[[object], bool], message: str) -> None:
    """Refuse another organisation's user, and a user ``may`` (a capability of
    ``subject_rights.roles``, read from the matrix) says no to (R-ACC-1)."""
    if getattr(acting_user, "organisation_id", None) != organisation_id:
        raise NotAllowed(_("You can only act within your own organisation."))
    if not may(acting_user):
        raise NotAllowed(message)


def require_request_handler(acting_user, request) -> None:
    """The handler or creator of the request, or, where the matrix lets their role see every
    request (by default team leaders and the DPO), anyone who handles requests (R-ACC-1).

    An API client counts as the creator of the requests it logged, and of those only.
    """
    require_role(
        acting_user,
        request.organisation_id,
        acts_on_requests,
        _("Your role may not handle subject requests."),
    )
    involved = acting_user.pk in (request.handler_id, request.created_by_id)
    if not involved and not acts_on_every_request(acting_user):
        raise NotAllowed(_("Only the handler of this request, a team leader or the DPO can do this."))


def required_text(value: str | None, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


def not_in_future(day: datetime.date | None, message: str, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise DomainError(message, field=field)
