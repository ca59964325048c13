"""Webhook signing secrets encrypted at rest with the keys in ``WEBHOOK_SECRET_KEYS``.

The server signs every delivery with the subscription's secret, so the secret cannot be
hashed like a password; it is stored as a Fernet token (AES-128-CBC + HMAC-SHA256) instead,
so a copy of the database (a backup, a replica, a read-only SQL account) does not hold the
secrets. It is decrypted only when a delivery is signed.

Rotation: ``WEBHOOK_SECRET_KEYS`` is a comma-separated list; the first key encrypts, every
key decrypts (MultiFernet). Put a new key first, keep the old one after it, and run
``manage.py webhook_secrets_reencrypt`` before removing the old key.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SecretUndecryptable(Exception):
    """A stored secret none of the configured keys can decrypt (a key was removed or changed)."""


@lru_cache(maxsize=4)
def _box(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("WEBHOOK_SECRET_KEYS holds no key.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        # Never echo the key itself into logs.
        raise ImproperlyConfigured(
            "WEBHOOK_SECRET_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes)."
        ) from exc


def _current_box() -> MultiFernet:
    # Read the setting on every call (cached per key list) so override_settings and a
    # rotated key list take effect without a restart of the cache.
    return _box(tuple(settings.WEBHOOK_SECRET_KEYS))


def secret_encrypt(secret: str) -> str:
    return _current_box().encrypt(secret.encode()).decode("ascii")


def secret_decrypt(token: str) -> str:
    try:
        return _current_box().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as exc:
        raise SecretUndecryptable from exc


def secret_reencrypt(token: str) -> str:
    """The token encrypted again with the first (newest) key; raises SecretUndecryptable."""
    try:
        return _current_box().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError) as exc:
        raise SecretUndecryptable from exc
