"""API clients and their tokens: create a client, issue, rotate and revoke tokens.

A token is 32 random bytes (URL-safe text). Only its SHA-256 is stored: a token has full
entropy, so a fast hash is enough (no password stretching needed) and a lookup stays one
indexed query. The plaintext is returned once, by the call that issues it.
"""

import datetime
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Organisation, Role
from api.models import ApiClient, ApiToken
from api.scopes import Scope
from core.errors import DomainError
from core.services import domain_event_record

PREFIX_LENGTH = 8


@dataclass(frozen=True)
class IssuedToken:
    """A newly issued token: ``plaintext`` is never stored and cannot be shown again."""

    token: ApiToken
    plaintext: str


def token_hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def _clean_scopes(scopes) -> list[str]:
    if not isinstance(scopes, list | tuple | set | frozenset) or not all(isinstance(s, str) for s in scopes):
        raise DomainError(_("Give the scopes as a list of names."), field="scopes")
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise DomainError(_("Unknown scope(s): %(scopes)s.") % {"scopes": ", ".join(unknown)}, field="scopes")
    # Stored in the order Scope declares them, so the same grant always reads the same.
    return [scope for scope in Scope.values if scope in set(scopes)]


def _require_manager(acting_user, organisation: Organisation) -> None:
    # Who hands out machine access to an organisation's data: its administrator, or the
    # platform's superuser. A management command passes acting_user=None (shell access).
    if acting_user is None or acting_user.is_superuser:
        return
    if acting_user.organisation_id != organisation.pk or acting_user.role != Role.ADMINISTRATOR:
        raise DomainError(_("Only an administrator of the organisation can manage its API clients."))


def api_client_create(*, acting_user, organisation: Organisation, name: str, scopes: list[str]) -> ApiClient:
    """Register a client with its own service user (role api_client) in ``organisation``."""
    _require_manager(acting_user, organisation)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the API client a name."), field="name")
    scopes = _clean_scopes(scopes)
    if ApiClient.objects.filter(organisation=organisation, name=name).exists():
        raise DomainError(_("This organisation already has an API client with that name."), field="name")
    with transaction.atomic():
        user = get_user_model().objects.create(
            username=f"api-{organisation.slug}-{uuid.uuid4().hex[:12]}"[:150],
            first_name=name[:150],
            organisation=organisation,
            role=Role.API_CLIENT,
        )
        # A service user never signs in through the browser: it has no usable password.
        user.set_unusable_password()
        user.save(update_fields=["password"])
        client = ApiClient.objects.create(
            organisation=organisation, name=name, scopes=scopes, user=user, created_by=acting_user
        )
        domain_event_record(
            acting_user=acting_user, verb="api_client.created", target=client, data={"scopes": scopes}
        )
    return client


def api_client_update(
    *, acting_user, client: ApiClient, name: str, scopes: list[str], is_active: bool
) -> ApiClient:
    """Rename a client or change what it may do; deactivating it stops every token at once."""
    _require_manager(acting_user, client.organisation)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the API client a name."), field="name")
    scopes = _clean_scopes(scopes)
    if (
        ApiClient.objects.filter(organisation_id=client.organisation_id, name=name)
        .exclude(pk=client.pk)
        .exists()
    ):
        raise DomainError(_("This organisation already has an API client with that name."), field="name")
    with transaction.atomic():
        client.name, client.scopes, client.is_active = name, scopes, is_active
        client.save(update_fields=["name", "scopes", "is_active"])
        client.user.is_active = is_active
        client.user.save(update_fields=["is_active"])
        domain_event_record(
            acting_user=acting_user,
            verb="api_client.updated",
            target=client,
            data={"name": name, "scopes": scopes, "is_active": is_active},
        )
    return client


def _new_token(acting_user, client: ApiClient, expires_at: datetime.datetime | None) -> IssuedToken:
    plaintext = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        client=client,
        prefix=plaintext[:PREFIX_LENGTH],
        token_hash=token_hash(plaintext),
        created_by=acting_user,
        expires_at=expires_at,
    )
    return IssuedToken(token=token, plaintext=plaintext)


def _default_expiry() -> datetime.datetime | None:
    days = settings.API_TOKEN_LIFETIME_DAYS
    return timezone.now() + datetime.timedelta(days=days) if days else None


def _check_expiry(expires_at: datetime.datetime | None) -> datetime.datetime | None:
    if expires_at is None:
        return _default_expiry()
    if expires_at <= timezone.now():
        raise DomainError(_("A token must expire in the future."), field="expires_at")
    return expires_at


def api_token_issue(
    *, acting_user, client: ApiClient, expires_at: datetime.datetime | None = None
) -> IssuedToken:
    """A new token for ``client``, next to any it already has."""
    _require_manager(acting_user, client.organisation)
    if not client.is_active:
        raise DomainError(_("The API client is inactive; activate it before issuing a token."))
    expires_at = _check_expiry(expires_at)
    with transaction.atomic():
        issued = _new_token(acting_user, client, expires_at)
        domain_event_record(
            acting_user=acting_user,
            verb="api_token.issued",
            target=client,
            data={"token": issued.token.pk, "prefix": issued.token.prefix},
        )
    return issued


def _revoke(client: ApiClient, token: ApiToken | None) -> list[int]:
    tokens = ApiToken.objects.select_for_update().filter(client=client, revoked_at__isnull=True)
    if token is not None:
        tokens = tokens.filter(pk=token.pk)
    revoked = list(tokens.values_list("pk", flat=True))
    ApiToken.objects.filter(pk__in=revoked).update(revoked_at=timezone.now())
    return revoked


def api_token_rotate(
    *, acting_user, client: ApiClient, expires_at: datetime.datetime | None = None
) -> IssuedToken:
    """Revoke every live token of ``client`` and issue one new token, atomically."""
    _require_manager(acting_user, client.organisation)
    if not client.is_active:
        raise DomainError(_("The API client is inactive; activate it before issuing a token."))
    expires_at = _check_expiry(expires_at)
    with transaction.atomic():
        revoked = _revoke(client, None)
        issued = _new_token(acting_user, client, expires_at)
        domain_event_record(
            acting_user=acting_user,
            verb="api_token.rotated",
            target=client,
            data={"revoked": revoked, "token": issued.token.pk, "prefix": issued.token.prefix},
        )
    return issued


def api_token_revoke(*, acting_user, client: ApiClient, token: ApiToken | None = None) -> int:
    """Revoke one token of ``client`` or, without ``token``, all of them. Returns how many."""
    _require_manager(acting_user, client.organisation)
    if token is not None and token.client_id != client.pk:
        raise DomainError(_("That token belongs to another API client."), field="token")
    with transaction.atomic():
        revoked = _revoke(client, token)
        domain_event_record(
            acting_user=acting_user, verb="api_token.revoked", target=client, data={"revoked": revoked}
        )
    return len(revoked)


# How stale ``last_used_at`` may get: one write a minute per client, not one per request.
TOUCH_INTERVAL = datetime.timedelta(minutes=1)


def api_client_touch(client: ApiClient) -> None:
    """Note that ``client`` called the API now (for administrators spotting unused clients)."""
    now = timezone.now()
    if client.last_used_at is None or client.last_used_at < now - TOUCH_INTERVAL:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
