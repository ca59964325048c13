"""Who may act on requests and consents, and small shared checks."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowed
from subject_rights.roles import HANDLER_ROLES, INTAKE_ROLES, POLICY_ROLES, REQUEST_WIDE_ROLES

__all__ = [
    "HANDLER_ROLES",
    "INTAKE_ROLES",
    "POLICY_ROLES",
    "REQUEST_WIDE_ROLES",
    "not_in_future",
    "require_request_handler",
    "require_role",
    "required_text",
]


def require_role(acting_user, organisation_id: int, roles: frozenset[str], message: str) -> None:
    if getattr(acting_user, "organisation_id", None) != organisation_id:
        raise NotAllowed(_("You can only act within your own organisation."))
    if getattr(acting_user, "role", None) not in roles:
        raise NotAllowed(message)


def require_request_handler(acting_user, request) -> None:
    """The handler or creator of the request, or a team leader / the DPO of its organisation."""
    require_role(
        acting_user,
        request.organisation_id,
        HANDLER_ROLES,
        _("Only caseworkers, team leaders and the DPO handle subject requests."),
    )
    involved = acting_user.pk in (request.handler_id, request.created_by_id)
    if not involved and acting_user.role not in REQUEST_WIDE_ROLES:
        raise NotAllowed(_("Only the handler of this request, a team leader or the DPO can do this."))


def required_text(value: str | None, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


def not_in_future(day: datetime.date | None, message: str, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise DomainError(message, field=field)
