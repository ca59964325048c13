"""Test settings: fast hashing, in-memory cache and mail, tasks run in-process."""

from config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "en"
# WhiteNoise warns when STATIC_ROOT does not exist; tests never collect static files.
STATIC_ROOT = VAR_DIR / "staticfiles-test"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
