"""Rate limits per API client (and per person for browser sessions)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class ClientRateThrottle(SimpleRateThrottle):
    """One bucket per API client, shared by all its tokens, so rotating does not reset it."""

    scope = "api"

    def get_rate(self):
        # Read at each request, not at import, so a changed setting applies at once.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"client-{request.auth.client_id}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
