"""Webhook subscriptions (create, change, delete, rotate the secret) and deliveries.

Deliveries are an outbox: ``webhook_deliveries_create`` runs inside the transaction that
writes the domain event (api/webhooks/dispatch.py), so a change that rolls back leaves no
delivery and sends nothing; the Celery task is enqueued only on commit. The database is
the truth, not the task message: an attempt claims the delivery with a conditional update,
so a redelivered message never sends twice at once, and the delivery says when to give up.
"""

import datetime
import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.models import Role
from api.etag import require_match
from api.models import ApiClient
from api.webhooks import signing
from api.webhooks.addresses import (
    AddressNotAllowed,
    AddressUnresolved,
    pinned_opener,
    receiver_addresses,
    receiver_host_check,
)
from api.webhooks.events import webhook_event_type, webhook_payload
from api.webhooks.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from api.webhooks.secret_box import (
    SecretUndecryptable,
    secret_decrypt,
    secret_encrypt,
    secret_reencrypt,
)
from core.errors import DomainError, NotAllowed
from core.models import DomainEvent
from core.services import domain_event_record

# The longest wait between two attempts, however many failed before.
BACKOFF_MAX_SECONDS = 3600
ERROR_MAX = WebhookDelivery._meta.get_field("last_error").max_length

logger = logging.getLogger(__name__)


# --- subscriptions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CreatedSubscription:
    """A new subscription and its signing secret, which is shown this once."""

    subscription: WebhookSubscription
    secret: str


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    schemes = ("https",) if settings.WEBHOOK_REQUIRE_HTTPS else ("https", "http")
    if parts.scheme not in schemes or not parts.hostname:
        raise DomainError(
            _("Give the receiver's full address starting with %(schemes)s.")
            % {"schemes": " or ".join(f"{scheme}://" for scheme in schemes)},
            field="url",
        )
    if parts.username or parts.password:
        raise DomainError(_("Put no user name or password in the address."), field="url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        receiver_host_check(parts.hostname, port)
    except ValueError:  # a port out of range
        raise DomainError(_("Give a valid port number."), field="url") from None
    except AddressNotAllowed:
        # No server-side request forgery: never this server's own network (see addresses.py).
        raise DomainError(
            _("Give a receiver on the public internet, not a local or private network address."),
            field="url",
        ) from None
    return url


def _clean_events(events) -> list[str]:
    if not isinstance(events, list | tuple) or not events or not all(isinstance(e, str) for e in events):
        raise DomainError(_("Choose at least one event."), field="events")
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if unknown:
        raise DomainError(_("Unknown event(s): %(events)s.") % {"events": ", ".join(unknown)}, field="events")
    return [event for event in WebhookEvent.values if event in set(events)]


def _require_own(acting_user, client: ApiClient) -> None:
    # A client manages its own subscriptions; an administrator of its organisation may too.
    if acting_user is None or acting_user.pk == client.user_id:
        return
    if acting_user.is_superuser:
        return
    if acting_user.organisation_id == client.organisation_id and acting_user.role == Role.ADMINISTRATOR:
        return
    raise NotAllowed(_("Only the API client itself or its administrator manages its webhooks."))


def webhook_subscription_create(
    *, acting_user, client: ApiClient, url: str, events: list[str], description: str = ""
) -> CreatedSubscription:
    _require_own(acting_user, client)
    url = _clean_url(url)
    events = _clean_events(events)
    secret = signing.secret_new()
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            client=client,
            organisation_id=client.organisation_id,
            url=url,
            events=events,
            description=(description or "").strip(),
            secret_encrypted=secret_encrypt(secret),
        )
        domain_event_record(
            acting_user=acting_user,
            verb="webhook_subscription.created",
            target=subscription,
            data={"client": client.pk, "url": url, "events": events},
        )
    return CreatedSubscription(subscription=subscription, secret=secret)


def webhook_subscription_update(
    *, acting_user, subscription: WebhookSubscription, changes: dict, expected: frozenset[str]
) -> WebhookSubscription:
    """Change the URL, events, description or whether it is active, if the subscription is
    still at the version ``expected`` (If-Match)."""
    _require_own(acting_user, subscription.client)
    if not changes:
        raise DomainError(_("Send at least one field to change."))
    if "url" in changes:
        changes["url"] = _clean_url(changes["url"])
    if "events" in changes:
        changes["events"] = _clean_events(changes["events"])
    if "description" in changes:
        changes["description"] = (changes["description"] or "").strip()
    with transaction.atomic():
        locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        require_match(locked, expected)
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=[*changes, "updated_at"])
        domain_event_record(
            acting_user=acting_user,
            verb="webhook_subscription.updated",
            target=locked,
            organisation=locked.organisation,
            data={"fields": sorted(changes)},
        )
    return locked


def webhook_subscription_rotate_secret(
    *, acting_user, subscription: WebhookSubscription
) -> CreatedSubscription:
    """A new signing secret at once (shown once); the old one stops signing."""
    _require_own(acting_user, subscription.client)
    secret = signing.secret_new()
    with transaction.atomic():
        WebhookSubscription.objects.filter(pk=subscription.pk).update(
            secret_encrypted=secret_encrypt(secret), updated_at=timezone.now()
        )
        domain_event_record(
            acting_user=acting_user,
            verb="webhook_subscription.secret_rotated",
            target=subscription,
            organisation=subscription.organisation,
        )
    subscription.refresh_from_db()
    return CreatedSubscription(subscription=subscription, secret=secret)


def webhook_subscription_delete(*, acting_user, subscription: WebhookSubscription) -> None:
    """Stop and remove a subscription with its delivery log."""
    _require_own(acting_user, subscription.client)
    with transaction.atomic():
        domain_event_record(
            acting_user=acting_user,
            verb="webhook_subscription.deleted",
            target=subscription,
            organisation=subscription.organisation,
            data={"url": subscription.url},
        )
        subscription.delete()


def webhook_secrets_reencrypt() -> tuple[int, list[int]]:
    """Encrypt every stored signing secret again with the first key of WEBHOOK_SECRET_KEYS,
    so an old key can then be removed. Returns how many were re-encrypted and the ids of the
    subscriptions no configured key decrypts (left as they are)."""
    reencrypted, undecryptable = 0, []
    for pk in WebhookSubscription.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            subscription = WebhookSubscription.objects.select_for_update().filter(pk=pk).first()
            if subscription is None:
                continue  # deleted meanwhile
            try:
                token = secret_reencrypt(subscription.secret_encrypted)
            except SecretUndecryptable:
                undecryptable.append(pk)
                continue
            # updated_at untouched: the secret itself did not change (ETags stay valid).
            WebhookSubscription.objects.filter(pk=pk).update(secret_encrypted=token)
            reencrypted += 1
    return reencrypted, undecryptable


# --- deliveries -------------------------------------------------------------------------------


def webhook_deliveries_create(*, event: DomainEvent) -> list[int]:
    """The deliveries ``event`` causes: one per active subscription of its organisation that
    wants its type. Call inside the event's transaction; returns the new delivery ids."""
    event_type = webhook_event_type(event)
    if event_type is None or event.organisation_id is None:
        return []
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(
            organisation_id=event.organisation_id, is_active=True, client__is_active=True
        )
        if event_type in subscription.events
    ]
    if not subscriptions:
        return []
    payload = webhook_payload(event, event_type)
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=subscription,
            organisation_id=event.organisation_id,
            event_type=event_type,
            domain_event_id=event.pk,
            payload=payload,
            next_attempt_at=now,
        )
        for subscription in subscriptions
    )
    return [delivery.pk for delivery in deliveries]


@dataclass(frozen=True)
class AttemptOutcome:
    status: str
    retry: bool = False
    error: str = ""


def backoff_seconds(attempts: int) -> int:
    """The wait after ``attempts`` failed tries: doubling from the configured first delay
    (the same curve as Celery's retry_backoff without jitter)."""
    return min(BACKOFF_MAX_SECONDS, settings.WEBHOOK_RETRY_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))


# What the delivery log says when there is no answer. Deliberately generic: the raw error
# ("connection refused", "no route to host", a resolver message) would let a client map the
# network this server is in.
ERROR_CONNECTION_FAILED = "connection failed"
ERROR_TIMED_OUT = "timed out"
ERROR_ADDRESS_NOT_ALLOWED = "address not allowed"
# Nothing was sent: the stored secret does not decrypt with WEBHOOK_SECRET_KEYS (a key was
# removed or replaced). The operator restores the key; the delivery is retried meanwhile.
ERROR_UNDECRYPTABLE = (
    "not sent: the signing secret cannot be decrypted with the configured WEBHOOK_SECRET_KEYS"
)


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        # Checked again at every delivery: the name may resolve elsewhere now (addresses.py).
        addresses = receiver_addresses(parts.hostname or "", port)
    except AddressNotAllowed:
        return None, ERROR_ADDRESS_NOT_ALLOWED
    except (AddressUnresolved, ValueError):
        return None, ERROR_CONNECTION_FAILED
    # The scheme was checked to be http(s) when the URL was stored (_clean_url).
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with pinned_opener(addresses).open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except TimeoutError:  # socket.timeout is TimeoutError
        return None, ERROR_TIMED_OUT
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            return None, ERROR_TIMED_OUT
        return None, ERROR_CONNECTION_FAILED
    except (OSError, ValueError, http.client.HTTPException):
        return None, ERROR_CONNECTION_FAILED


def _claim(delivery_id: int) -> WebhookDelivery | None:
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts
    ).update(attempts=delivery.attempts + 1)
    if not claimed:
        return None  # another worker is trying it right now
    delivery.attempts += 1
    return delivery


def _send_signed(delivery: WebhookDelivery, subscription: WebhookSubscription) -> tuple[int | None, str]:
    """Sign the payload with the decrypted secret (decrypted here only) and post it."""
    try:
        secret = secret_decrypt(subscription.secret_encrypted)
    except SecretUndecryptable:
        # A configuration fault, not the receiver's: recorded in the delivery log (and the
        # delivery retried, so it goes out once the key is restored) instead of crashing.
        logger.error(
            "Webhook subscription %s: its signing secret cannot be decrypted with WEBHOOK_SECRET_KEYS.",
            subscription.pk,
        )
        return None, ERROR_UNDECRYPTABLE
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Retentie-Webhooks/1.0",
        signing.EVENT_HEADER: delivery.event_type,
        signing.DELIVERY_HEADER: str(delivery.pk),
        signing.SIGNATURE_HEADER: signing.signature_header(secret, body),
    }
    return _post(subscription.url, body, headers)


def webhook_delivery_attempt(*, delivery_id: int) -> AttemptOutcome:
    """Try to deliver once; record the try. ``retry`` says whether another try is due."""
    delivery = _claim(delivery_id)
    if delivery is None:
        current = WebhookDelivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
        return AttemptOutcome(status=current or "missing")
    subscription = delivery.subscription
    started = time.monotonic()
    if not subscription.is_active:
        status_code, error = None, _("The subscription was deactivated.")
    else:
        status_code, error = _send_signed(delivery, subscription)
    duration_ms = int((time.monotonic() - started) * 1000)
    now = timezone.now()
    delivered = status_code is not None and 200 <= status_code < 300
    give_up = not delivered and (
        delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS or not subscription.is_active
    )
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            attempted_at=now,
            status_code=status_code,
            error=error[:ERROR_MAX],
            duration_ms=duration_ms,
        )
        delivery.last_status_code = status_code
        delivery.last_error = error[:ERROR_MAX]
        if delivered:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                DeliveryStatus.DELIVERED,
                now,
                None,
            )
        elif give_up:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.next_attempt_at = now + datetime.timedelta(seconds=backoff_seconds(delivery.attempts))
        delivery.save(
            update_fields=["last_status_code", "last_error", "status", "delivered_at", "next_attempt_at"]
        )
    return AttemptOutcome(status=delivery.status, retry=not delivered and not give_up, error=error)


def webhook_deliveries_stalled(*, older_than: datetime.timedelta) -> list[int]:
    """Pending deliveries whose next try is overdue by ``older_than`` (a lost task message)."""
    due_before = timezone.now() - older_than
    return list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lt=due_before)
        .order_by("id")
        .values_list("pk", flat=True)[:500]
    )
