"""Scopes for token clients; the people's own rules for browser sessions.

Each view declares ``required_scopes``: for every action (``list``, ``retrieve``, ``create``,
a custom action, or for a plain view the lower-case HTTP method) the scopes a token client
must all hold. An action the view does not list is refused: a new endpoint is closed until
its scopes are declared.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from access_control.models import Role
from api.models import ApiToken


def required_scopes(view, request) -> tuple[str, ...] | None:
    declared = getattr(view, "required_scopes", {})
    action = getattr(view, "action", None) or request.method.lower()
    return declared.get(action)


def _serves_method(view, request) -> bool:
    if getattr(view, "action", None) == "metadata":  # OPTIONS: switched off (no metadata class)
        return False
    return hasattr(view, request.method.lower())


class ScopePermission(BasePermission):
    message = _("This API client does not have the scope this call needs.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.organisation_id):
            return False
        if not isinstance(request.auth, ApiToken):
            # A person signed in to the browser: scopes do not apply; their role and
            # involvement decide in the selectors and services. A service user can only
            # ever come in with its token.
            return user.role != Role.API_CLIENT
        if not _serves_method(view, request):
            return True  # nothing runs: DRF answers 405 Method Not Allowed
        scopes = required_scopes(view, request)
        if scopes is None:
            return False
        self.message = _("This API client needs the scope(s): %(scopes)s.") % {"scopes": ", ".join(scopes)}
        return request.auth.client.has_scopes(*scopes)
