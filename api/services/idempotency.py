"""``Idempotency-Key`` on POST: a retried request does not write twice.

The first request with a key claims it (a row with no response yet), runs, and stores its
answer. A retry with the same key and the same request gets the stored answer; the same
key with another request is refused (422); a retry while the first still runs gets 409.
An answer of 500 or above is not stored: the client may retry it for real. Keys expire
after ``API_IDEMPOTENCY_TTL_HOURS``.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.utils.encoders import JSONEncoder

from api.models import ApiClient, IdempotencyRecord
from core.errors import DomainError

KEY_MAX = IdempotencyRecord._meta.get_field("key").max_length
PATH_MAX = IdempotencyRecord._meta.get_field("path").max_length


@dataclass(frozen=True)
class Claim:
    """What a POST with a key should do: run (``record`` claimed) or replay ``stored``."""

    record: IdempotencyRecord | None = None
    stored: IdempotencyRecord | None = None


def request_fingerprint(*, method: str, path: str, data) -> str:
    canonical = json.dumps({"method": method, "path": path, "body": data}, sort_keys=True, cls=JSONEncoder)
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency_key_validate(key: str) -> str:
    key = key.strip()
    if not key or len(key) > KEY_MAX or not key.isascii() or not key.isprintable():
        raise DomainError(
            _("An Idempotency-Key is 1 to %(max)s printable ASCII characters.") % {"max": KEY_MAX},
            field="Idempotency-Key",
        )
    return key


def idempotency_claim(
    *, user, client: ApiClient | None, key: str, method: str, path: str, fingerprint: str
) -> Claim:
    """Claim ``key`` for this request, or find the earlier request that used it."""
    key = idempotency_key_validate(key)
    expired_before = timezone.now() - datetime.timedelta(hours=settings.API_IDEMPOTENCY_TTL_HOURS)
    IdempotencyRecord.objects.filter(user=user, key=key, created_at__lt=expired_before).delete()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                user=user,
                client=client,
                key=key,
                method=method,
                path=path[:PATH_MAX],
                request_hash=fingerprint,
            )
    except IntegrityError:
        # The unique (user, key) constraint: someone used the key first (maybe concurrently).
        # None when the first request failed and freed the key meanwhile: the caller retries.
        return Claim(stored=IdempotencyRecord.objects.filter(user=user, key=key).first())
    return Claim(record=record)


def idempotency_complete(*, record: IdempotencyRecord, status: int, body, headers: dict[str, str]) -> None:
    """Store the answer to replay, or free the key when the answer was a server fault."""
    if status >= 500:
        idempotency_release(record=record)
        return
    record.response_status = status
    record.response_body = json.dumps(body, cls=JSONEncoder)
    record.response_headers = headers
    record.save(update_fields=["response_status", "response_body", "response_headers"])


def idempotency_stored_body(record: IdempotencyRecord):
    return json.loads(record.response_body) if record.response_body else None


def idempotency_release(*, record: IdempotencyRecord) -> None:
    IdempotencyRecord.objects.filter(pk=record.pk, response_status__isnull=True).delete()
