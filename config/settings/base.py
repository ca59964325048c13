"""Settings shared by every environment.

Everything comes from the environment. With nothing set the service runs on the embedded
default: a SQLite file and Celery's filesystem broker under ``var/``, so ``make run`` needs
no server. With DATABASE_URL / REDIS_URL it runs on PostgreSQL and Redis.
"""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
# Key of the audit hash chain (core/audit_chain.py). Never stored in the database; changing
# it makes every existing seal fail verification, so keep it as long as the audit log.
AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY", "dev-only-insecure-audit-key")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "auditlog",
    "django_celery_beat",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "access_control",
    "records",
    "retention",
    "subject_rights",
    "governance",
    "compliance",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed a TOTP device?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Records officers, the DPO and administrators reach no page before their second factor.
    "core.two_factor.middleware.TwoFactorRequiredMiddleware",
    # Turns a locked-out sign-in into the lockout page (django-axes).
    "axes.middleware.AxesMiddleware",
    # No page before the current confidentiality declaration is accepted (R-ACC-2).
    "access_control.middleware.ConfidentialityGateMiddleware",
    # Last, so it sees the user and request id and writes once the view has answered.
    "core.middleware.AccessLogMiddleware",
    # Inside the access log: offers break-glass instead of a same-organisation 404 and
    # stamps the reason on the rows of a break-glass opening before they are written.
    "access_control.middleware.BreakGlassMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is the embedded development default: WAL and a busy timeout let the web
    # server, the worker and beat share the file without "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the visibility filter's many small subplans make the planner's cost estimate
    # pass jit_above_cost, and compiling then takes ~400 ms for a query that runs in a few
    # (docs/benchmarks.md, list pages). Short OLTP queries never gain from it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One transaction policy for the whole project: services are atomic themselves
# (STYLE.md 4); requests are not wrapped, so a service may be durable.
ATOMIC_REQUESTS = False

AUTH_USER_MODEL = "access_control.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username/address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # inactivity timeout: the age restarts on each request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the cookie never outlives the browser; the server still times out
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Sign-in hardening (core/two_factor/). django-axes: after AXES_FAILURE_LIMIT wrong passwords
# for one username from one address, that pair is refused for the cool-off period.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Username and address together: a guesser cannot lock a colleague out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lockout page (429) says for how long; see core/two_factor/views.py.
AXES_LOCKOUT_CALLABLE = "core.two_factor.views.locked_out"
# Reverse proxies in front of the app: the client address is then read from X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
AXES_USERNAME_FORM_FIELD = "username"
# Lockouts still log a warning; the version banner and per-login INFO lines are noise.
AXES_VERBOSE = False
# django-otp: the issuer name an authenticator app shows beside the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Retentie")
# Approving or executing a disposal batch and confirming a copy's destruction need the
# password (and the second factor, for the roles that have one) within this many minutes.
REAUTH_MINUTES = env_int("REAUTH_MINUTES", 10)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
# Break-glass: how long an emergency opening of a dossier or record lasts (R-ACC-5).
BREAK_GLASS_MINUTES = env_int("BREAK_GLASS_MINUTES", 60)

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when configured, otherwise kombu's filesystem transport (no server).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "data_folder_processed": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
    }
    (VAR_DIR / "results").mkdir(parents=True, exist_ok=True)
    CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", f"file://{VAR_DIR / 'results'}")
else:
    CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for a re-run
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Declared in code (beat copies it into its database schedule at start); the time of the
# nightly retention sweep is configurable through the environment.
RETENTION_SWEEP_HOUR = env_int("RETENTION_SWEEP_HOUR", 2)
RETENTION_SWEEP_MINUTE = env_int("RETENTION_SWEEP_MINUTE", 30)
if not (0 <= RETENTION_SWEEP_HOUR <= 23 and 0 <= RETENTION_SWEEP_MINUTE <= 59):
    raise ImproperlyConfigured("RETENTION_SWEEP_HOUR must be 0-23 and RETENTION_SWEEP_MINUTE 0-59.")
CELERY_BEAT_SCHEDULE: dict = {
    "retention-sweep-nightly": {
        "task": "retention.sweep",
        "schedule": crontab(hour=RETENTION_SWEEP_HOUR, minute=RETENTION_SWEEP_MINUTE),
    },
    # A disposal batch whose task message was lost is picked up again.
    "retention-resume-stalled-batches": {
        "task": "retention.disposal_batches_resume_stalled",
        "schedule": crontab(minute="*/15"),
    },
    # Webhook deliveries whose task message was lost are sent again (api/tasks.py).
    "webhooks-resume-stalled": {
        "task": "api.webhook_deliveries_resume",
        "schedule": crontab(minute="*/5"),
    },
    # Policy owners are reminded of reviews falling due; the DPO of overdue breach decisions.
    "governance-policy-review-reminders": {
        "task": "governance.policy_review_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "governance-breach-overdue-alerts": {
        "task": "governance.breach_overdue_alerts",
        "schedule": crontab(minute=5),
    },
    # New audit entries get their place in the hash chain within a minute.
    "audit-seal-every-minute": {
        "task": "core.audit_seal",
        "schedule": crontab(),
    },
}

REST_FRAMEWORK = {
    # Token clients first: a request without credentials is answered 401 with a Bearer
    # challenge. Browser sessions still work for people signed in (their own rules apply).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ScopePermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env_str("API_THROTTLE_RATE", "1200/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.IdCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_METADATA_CLASS": None,  # no OPTIONS introspection: the OpenAPI schema describes the API
    "EXCEPTION_HANDLER": "api.exceptions.problem_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Retentie API",
    "DESCRIPTION": (
        "Records retention and data-subject rights. Authenticate with `Authorization: Bearer <token>`; "
        "errors are RFC 9457 problem details; lists are cursor-paginated in id order; send "
        "`Idempotency-Key` on POST to retry safely and `If-Match` with the ETag you read on PATCH."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind", "status" or "role": name each choice set after its class.
    "ENUM_NAME_OVERRIDES": {
        "CopyKindEnum": "records.models.CopyKind",
        "CopyStatusEnum": "records.models.CopyStatus",
        "SubjectEventKindEnum": "records.models.SubjectEventKind",
        "EntryKindEnum": "records.models.EntryKind",
        "ItemStatusEnum": "records.models.ItemStatus",
        "DossierStatusEnum": "records.models.DossierStatus",
        "SubjectRoleEnum": "records.models.SubjectRole",
        "MemberRoleEnum": "records.models.MemberRole",
        # api/ (subject rights, disposal, access log, webhooks)
        "RequestStatusEnum": "subject_rights.models.RequestStatus",
        "RequestChannelEnum": "subject_rights.models.Channel",
        "RequestDecisionEnum": "subject_rights.models.Decision",
        "IdentityMethodEnum": "subject_rights.models.IdentityMethod",
        "AccessChannelEnum": "core.models.AccessChannel",
        "BatchStatusEnum": "retention.models.BatchStatus",
        "DisposalActionEnum": "retention.models.DisposalAction",
        "DisposalItemStatusEnum": "retention.models.DisposalItemStatus",
        "ReviewStatusEnum": "retention.models.ReviewStatus",
        "ReviewDecisionEnum": "retention.models.ReviewDecision",
        "WebhookEventEnum": "api.webhooks.models.WebhookEvent",
        "DeliveryStatusEnum": "api.webhooks.models.DeliveryStatus",
        # governance (safeguarding, policies, breaches)
        "CategoryEnum": "records.models.RecordCategory",  # the name it had before concerns came
        "ConcernCategoryEnum": "governance.models.ConcernCategory",
        "ConcernEntryKindEnum": "governance.models.EntryKind",
        "PolicyKindEnum": "governance.models.PolicyKind",
        "NotifyDecisionEnum": "governance.models.NotifyDecision",
    },
}
# API tokens expire after this many days unless issued with another date (0: never).
API_TOKEN_LIFETIME_DAYS = env_int("API_TOKEN_LIFETIME_DAYS", 365)
# How long a POST's Idempotency-Key is remembered.
API_IDEMPOTENCY_TTL_HOURS = env_int("API_IDEMPOTENCY_TTL_HOURS", 24)
# Webhooks (api/webhooks): attempts per delivery before giving up, the first retry's delay
# (doubled after each failure, capped at an hour) and the receiver's time to answer.
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_RETRY_BACKOFF_SECONDS = env_int("WEBHOOK_RETRY_BACKOFF_SECONDS", 30)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
# Only https:// receivers (production should keep this on; plain http is for local tests).
WEBHOOK_REQUIRE_HTTPS = env_bool("WEBHOOK_REQUIRE_HTTPS", False)
# Receivers must be on the public internet: loopback, private (RFC 1918, fc00::/7), link-local
# (cloud metadata) and reserved addresses are refused (api/webhooks/addresses.py). Only for
# development and tests that deliver to a local server.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
# Fernet keys that encrypt webhook signing secrets at rest (api/webhooks/secret_box.py),
# comma-separated: the first encrypts, every one decrypts (rotation). Development and tests
# derive one key from SECRET_KEY, so changing SECRET_KEY there makes stored webhook secrets
# undecryptable; production requires its own keys (config/settings/production.py).
WEBHOOK_SECRET_KEYS = env_list("WEBHOOK_SECRET_KEYS") or [
    base64.urlsafe_b64encode(
        hashlib.sha256(b"retentie.webhook-secret-keys:" + SECRET_KEY.encode()).digest()
    ).decode("ascii")
]

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous users see nothing

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
# The request id joins auditlog's field diffs to the domain events that say why.
AUDITLOG_CID_GETTER = "core.request_context.current_request_id"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
