"""Production settings: no secret defaults, secure transport, passes check --deploy."""

from config.env import env_bool, env_int, env_list, env_str
from config.settings.base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set ALLOWED_HOSTS for production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Webhook payloads leave the building: only to https:// receivers unless explicitly allowed.
WEBHOOK_REQUIRE_HTTPS = env_bool("WEBHOOK_REQUIRE_HTTPS", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix makes the browser refuse these cookies unless they are Secure, for this
# host only and for every path: a sibling subdomain cannot set or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
X_FRAME_OPTIONS = "DENY"

# The audit hash chain's key: required, and long enough that it cannot be guessed.
AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY")
if len(AUDIT_HMAC_KEY) < 32:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("AUDIT_HMAC_KEY must be at least 32 characters.")

# Keys that encrypt webhook signing secrets at rest: required, comma-separated Fernet keys
# (the first encrypts, all decrypt), never derived from SECRET_KEY here. Make one with
# python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())".
WEBHOOK_SECRET_KEYS = [key.strip() for key in env_str("WEBHOOK_SECRET_KEYS").split(",") if key.strip()]
if not WEBHOOK_SECRET_KEYS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set the WEBHOOK_SECRET_KEYS environment variable.")
try:
    from cryptography.fernet import Fernet

    for _key in WEBHOOK_SECRET_KEYS:
        Fernet(_key)
except ValueError as exc:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "WEBHOOK_SECRET_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes), comma-separated."
    ) from exc
