"""``Authorization: Bearer <token>`` for API clients.

The request's user becomes the client's service user, so every selector and service applies
as it does for a person; ``request.auth`` is the ApiToken, which the scope permission reads.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.selectors import api_token_lookup
from api.services.clients import api_client_touch

KEYWORD = b"bearer"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None  # not ours: the session (or nothing) authenticates
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as: Authorization: Bearer <token>."))
        try:
            plaintext = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid, or it expired or was revoked.")
            ) from None
        token = api_token_lookup(plaintext)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid, or it expired or was revoked."))
        api_client_touch(token.client)
        return token.client.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) with a challenge when no credentials were sent.
        return 'Bearer realm="api"'
