"""External API clients, their tokens, and the stored outcome of idempotent POSTs.

An ``ApiClient`` is a system of one organisation (a case-management system, an intake
portal). It acts through its own service user (role ``api_client``), so every service and
selector, domain event and audit row sees a real user. Tokens are stored as a SHA-256 hash
with an 8-character prefix to find the row; the plaintext is shown once when issued.

Reading the token history: every token ever issued stays as a row. A token works while
``revoked_at`` is empty and ``expires_at`` has not passed; rotating revokes the old tokens
and issues a new one in one transaction.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="api_clients"
    )
    name = models.CharField(_("name"), max_length=200)
    # A list of api.scopes.Scope values; validated by the services.
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("API client")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="api_client_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    def has_scopes(self, *scopes: str) -> bool:
        return set(scopes) <= set(self.scopes or ())


class ApiToken(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(max_length=8, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.client})"

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class IdempotencyRecord(models.Model):
    """The first answer to a POST sent with an ``Idempotency-Key``.

    A row is written before the request runs (``response_status`` empty: in flight) and
    completed with the answer; a retry with the same key and the same request gets that
    answer again instead of a second write. Keys are per acting user (one per API client).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=512)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    # The answer's JSON as text: a body may echo a client's text with a NUL character, which
    # PostgreSQL's jsonb cannot hold but an escaped JSON string can.
    response_body = models.TextField(blank=True)
    response_headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"


# The webhook models live with the rest of the webhooks; Django finds them through here.
from api.webhooks.models import (  # noqa: E402
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

__all__ = [
    "ApiClient",
    "ApiToken",
    "DeliveryStatus",
    "IdempotencyRecord",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookSubscription",
]
