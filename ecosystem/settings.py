"""One settings module for every environment, read from environment variables.

Safe production defaults: DEBUG is off unless set, and a production process refuses to
start without SECRET_KEY and ALLOWED_HOSTS. With no DATABASE_URL and no REDIS_URL the
platform runs on its embedded default: SQLite in WAL mode, kombu's filesystem broker and
a file cache, all under var/.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# The site's templates/ and static/ sit beside the apps in the repository; an installed
# copy (`pip install .`) carries them inside this package instead (see setup.py).
SITE_DIR = BASE_DIR if (BASE_DIR / "templates").is_dir() else Path(__file__).resolve().parent
TEMPLATES_DIR = SITE_DIR / ("templates" if SITE_DIR == BASE_DIR else "site_templates")
SITE_STATIC_DIR = SITE_DIR / ("static" if SITE_DIR == BASE_DIR else "site_static")
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _required(name: str) -> str:
    """Read a variable production cannot run without, naming it when it is missing."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required when DEBUG is off. "
            f"Set {name} (see the README's table of variables)."
        )
    return value


if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = _required("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "allauth",
    "allauth.account",
    "ecosystem",
    "ecosystem.accounts",
    "ecosystem.reference",
    "ecosystem.audit",
    "ecosystem.notifications",
    "goals",
    "milestones",
    "partners",
    "stakeholders",
    "community",
    "voice",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ecosystem.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ecosystem.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Innermost, so its messages are taken before MessageMiddleware stores what is left.
    "ecosystem.middleware.HtmxMessagesMiddleware",
]

ROOT_URLCONF = "ecosystem.urls"
WSGI_APPLICATION = "ecosystem.wsgi.application"
ASGI_APPLICATION = "ecosystem.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [TEMPLATES_DIR],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ecosystem.views.navigation.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite needs WAL and IMMEDIATE transactions so that the web process and the worker can
# write at once without "database is locked" (measured: see ENVIRONMENT.md).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, and a query the connection has run a few times
    # prepared: PostgreSQL then plans the pages' visibility queries once per connection,
    # not on every request (planning the thread page's lookup took 1.1 ms; README,
    # Performance). PG_PREPARE_THRESHOLD=off keeps nothing prepared, for a pooler that
    # cannot carry prepared statements across its connections.
    prepare = env.str("PG_PREPARE_THRESHOLD", default="5")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": None}
        if prepare == "off"
        else {"server_side_binding": True, "prepare_threshold": int(prepare)}
    )
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, broker --------------------------------------------------------------------
# How many of the cache's kept drawings each process keeps in its own memory as well
# (ecosystem.cache `kept`); 0 asks the shared cache every time.
KEPT_IN_PROCESS_ENTRIES = env.int("KEPT_IN_PROCESS_ENTRIES", default=1000)
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache; a stopped Redis is a miss, not a server error.
            "BACKEND": "ecosystem.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ecosystem"),
        }
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # A file cache is shared by the web process and the workers (rate limits need one).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

BROKER_FOLDER = VAR_DIR / "broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL or "safefs://"
CELERY_RESULT_BACKEND = (
    env.str("CELERY_RESULT_BACKEND", default="") or REDIS_URL or f"file://{VAR_DIR / 'results'}"
)
if CELERY_BROKER_URL.startswith(("safefs", "filesystem")):
    for _folder in ("queue", "control"):
        (BROKER_FOLDER / _folder).mkdir(parents=True, exist_ok=True)
if CELERY_RESULT_BACKEND.startswith("file://"):
    Path(CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(BROKER_FOLDER / "queue"),
        "data_folder_out": str(BROKER_FOLDER / "queue"),
        "control_folder": str(BROKER_FOLDER / "control"),
        "polling_interval": 0.1,
    }
    if CELERY_BROKER_URL.startswith(("safefs", "filesystem"))
    # Redis redelivers an unacknowledged task after the visibility timeout: it must be
    # longer than any task may run (see CELERY_TASK_TIME_LIMIT).
    else {"visibility_timeout": 3600}
)
# At-least-once delivery: acknowledge after the task ran, requeue when a worker dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Tasks enqueued without a queue go here (a test worker gets a queue of its own).
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")

# --- Auth and accounts ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# The start page sends each person where they work (ecosystem/views/navigation.py).
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Confirming signs in (allauth does so only in the browser that signed up, never from a
# link opened elsewhere).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Knows of the invitation a person arrived with (see ecosystem/accounts/adapter.py).
ACCOUNT_ADAPTER = "ecosystem.accounts.adapter.AccountAdapter"
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up says plainly that an address is taken (the issue asks for a clear message);
# login failures stay generic and are rate limited.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_SIGNUP_FORM_CLASS = "ecosystem.accounts.forms.SignupExtraForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Ecosystem] "
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_PRESERVE_USERNAME_CASING = False
# allauth's rate limits live in the shared cache, so they hold across processes.
# The 6th failed sign-in for an account within 30 minutes is refused, right password or
# not (ecosystem/accounts/limits.py says when to try again); an address gets 20 per 5 minutes.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/5m/ip,5/30m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}

# --- Email: Django 6.1 mailers --------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ecosystem <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
OUTBOX_DIR = VAR_DIR / "outbox"
# "Download my data": zips kept privately here (never under STATIC or a served MEDIA),
# reached through a signed link that expires after DATA_EXPORT_LINK_DAYS.
DATA_EXPORT_DIR = env.path("DATA_EXPORT_DIR", default=str(VAR_DIR / "exports"))
DATA_EXPORT_LINK_DAYS = env.int("DATA_EXPORT_LINK_DAYS", default=7)
_email_url = env.str("EMAIL_URL", default="")
_email_backend = env.str("EMAIL_BACKEND", default="")
if _email_url:
    _smtp = env.email_url("EMAIL_URL")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp["EMAIL_HOST"],
                "port": _smtp["EMAIL_PORT"],
                "username": _smtp["EMAIL_HOST_USER"],
                "password": _smtp["EMAIL_HOST_PASSWORD"],
                "use_tls": _smtp.get("EMAIL_USE_TLS", False),
                "use_ssl": _smtp.get("EMAIL_USE_SSL", False),
                "timeout": 10,
            },
        }
    }
elif DEBUG and not _email_backend:
    # Development (`make run`): each message is a file under var/outbox/, read in the
    # browser at /dev/outbox/ with its links whole (the console wraps them).
    MAILERS = {
        "default": {
            "BACKEND": "ecosystem.outbox.OutboxBackend",
            "OPTIONS": {"file_path": str(OUTBOX_DIR)},
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": _email_backend or "django.core.mail.backends.console.EmailBackend",
        }
    }
    if MAILERS["default"]["BACKEND"].endswith("filebased.EmailBackend"):
        # The file backend writes each connection's messages to a file in this folder.
        MAILERS["default"]["OPTIONS"] = {
            "file_path": env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
        }
ANYMAIL = env.dict("ANYMAIL", default={})

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format everywhere, from the person's language (ecosystem/formats/).
FORMAT_MODULE_PATH = ["ecosystem.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [SITE_STATIC_DIR]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

WHITENOISE_AUTOREFRESH = env.bool("WHITENOISE_AUTOREFRESH", default=DEBUG)
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH

# --- Security -------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: an anonymous request then answers 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ecosystem.accounts.authentication.LimitedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "ecosystem.api.DefaultPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ecosystem.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DATE_INPUT_FORMATS": ["iso-8601"],
}
# Wrong API tokens from one address before every token from it waits (see
# ecosystem/accounts/limits.py): the same figure as a sign-in's.
API_TOKEN_FAILURE_LIMIT = env.str("API_TOKEN_FAILURE_LIMIT", default="5/30m/ip")
# Refused tokens that name an account (a deactivated account's) before that account's
# tokens wait, from any address: the sign-in form's 5 per account in 30 minutes.
API_TOKEN_ACCOUNT_FAILURE_LIMIT = env.str("API_TOKEN_ACCOUNT_FAILURE_LIMIT", default="5/30m/key")
SPECTACULAR_SETTINGS = {
    "TITLE": "Ecosystem API",
    "DESCRIPTION": "Goals worked backward from their date, and the ecosystem around them.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents the error answers (400, 401, 403, 404, 429) once.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ecosystem.api.document_error_answers",
    ],
    # Choice sets that share a field name ("kind", "status") get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "PartnerKindEnum": "partners.models.PartnerOrganization.Kind",
        "ResourceKindEnum": "partners.models.Resource.Kind",
        "ResourceStatusEnum": "partners.models.Resource.Status",
        "CommunityStatusEnum": "community.models.Community.Status",
        "CommunityReviewEnum": ["active", "declined"],
        "CommunityRoleEnum": "community.models.CommunityMembership.Role",
        # Partners' member role shares the name "role" with the community one.
        "PartnerRoleEnum": "partners.models.Membership.Role",
        "CommunityMembershipStatusEnum": "community.models.CommunityMembership.Status",
        "ThreadKindEnum": "community.models.Thread.Kind",
        "StakeholderRoleEnum": "stakeholders.models.Stakeholder.Role",
        "NotificationKindEnum": "ecosystem.notifications.models.Kind",
        "NotificationChannelEnum": "ecosystem.notifications.models.Channel",
        "FlagReasonEnum": "community.models.Flag.Reason",
        "PeerReportReasonEnum": "community.models.PeerReport.Reason",
        # The moderation log's actions (the ideas board's decisions are written there too).
        "ModerationActionEnum": "community.models.ModerationAction.Action",
    },
}

# --- Product settings -----------------------------------------------------------------
GOAL_AT_RISK_FLOAT_DAYS = env.int("GOAL_AT_RISK_FLOAT_DAYS", default=5)
TRASH_RETENTION_DAYS = env.int("TRASH_RETENTION_DAYS", default=30)
# Community safety, with defaults from the most trusted forums (Discourse's trust level 0).
MODERATION_FLAG_THRESHOLD = env.int("MODERATION_FLAG_THRESHOLD", default=3)
NEWCOMER_HOURS = env.int("NEWCOMER_HOURS", default=24)
NEWCOMER_MAX_THREADS = env.int("NEWCOMER_MAX_THREADS", default=3)
NEWCOMER_MAX_REPLIES = env.int("NEWCOMER_MAX_REPLIES", default=10)
MAX_LINKS_PER_POST = env.int("MAX_LINKS_PER_POST", default=2)
# Notifications: emails go out in batches of this size, one task per batch.
NOTIFICATION_EMAIL_BATCH = env.int("NOTIFICATION_EMAIL_BATCH", default=100)
# A sender that holds a claim longer than this was killed: its unsent rows go back to
# pending, the one it was sending is marked failed (never sent twice). Keep it above
# CELERY_TASK_TIME_LIMIT.
NOTIFICATION_EMAIL_CLAIM_SECONDS = env.int("NOTIFICATION_EMAIL_CLAIM_SECONDS", default=900)
# A reminder whose day passed longer ago than this is not sent late (after downtime, or
# for a plan entered with dates already in the past, beyond the overdue reminder).
REMINDER_CATCH_UP_DAYS = env.int("REMINDER_CATCH_UP_DAYS", default=7)
# Milestones locked, decided and committed together by the reminder sweep.
REMINDER_SWEEP_CHUNK = env.int("REMINDER_SWEEP_CHUNK", default=2000)

# --- Partner webhooks (webhooks/) --------------------------------------------------------
# Local targets (http://, loopback and private addresses) only in development and tests:
# in production an endpoint must be https on a public address (no SSRF into our network).
WEBHOOK_ALLOW_LOCAL_TARGETS = env.bool("WEBHOOK_ALLOW_LOCAL_TARGETS", default=DEBUG)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=5.0)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=6)
# Retries wait base, 2x base, 4x base... seconds, capped.
WEBHOOK_RETRY_BASE_SECONDS = env.int("WEBHOOK_RETRY_BASE_SECONDS", default=60)
WEBHOOK_RETRY_MAX_SECONDS = env.int("WEBHOOK_RETRY_MAX_SECONDS", default=3600)
WEBHOOK_DISABLE_AFTER = env.int("WEBHOOK_DISABLE_AFTER", default=5)  # failed deliveries
WEBHOOK_CLAIM_SECONDS = env.int("WEBHOOK_CLAIM_SECONDS", default=120)
WEBHOOK_COMING_DAYS = env.int("WEBHOOK_COMING_DAYS", default=7)

# --- Logging: everything to stdout ----------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
