"""Signing webhook payloads with HMAC-SHA256, and checking a signature (for receivers).

Every delivery is a POST with a JSON body and these headers:

* ``Retentie-Event``: the event type, e.g. ``item.destroyed``;
* ``Retentie-Delivery``: the delivery id (the same on every retry of one delivery);
* ``Retentie-Signature``: ``t=<unix seconds>,v1=<hex>``, where ``<hex>`` is
  HMAC-SHA256(secret, ``"<t>.<raw body>"``) with the subscription's secret.

A receiver recomputes the HMAC over the timestamp and the raw body it received, compares
in constant time, and refuses a timestamp older than a few minutes (a replayed delivery).
"""

import hashlib
import hmac
import secrets
import time

SIGNATURE_HEADER = "Retentie-Signature"
EVENT_HEADER = "Retentie-Event"
DELIVERY_HEADER = "Retentie-Delivery"
SECRET_PREFIX = "whsec_"  # noqa: S105 - a label, not a secret
# How old a signed timestamp a receiver should accept, by default.
TOLERANCE_SECONDS = 300


def secret_new() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def signature_verify(
    secret: str, header: str, body: bytes, *, now: int | None = None, tolerance: int = TOLERANCE_SECONDS
) -> bool:
    """What a receiver does: True only for a fresh timestamp and a matching signature."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = int(time.time()) if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(parts.get("v1", ""), signature(secret, timestamp, body))
