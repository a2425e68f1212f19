"""Settings shared by every environment.

The environment is read once, here, through django-environ. Development, test and production
differ only by the values in the environment (and a few safe defaults in their modules).
"""

import hashlib
import tempfile
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core",
    "portal",
    "concurso",
    "evaluacion",
    "difusion",
    "search",
    "calidad",
    "transferencia",
    "escuelas",
    "api",
    "demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app with the portal's user forms (portal.viewsets.UserViewSet).
    "portal.apps.PortalUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy (django-csp), then Permissions-Policy and Cache-Control: private.
    "csp.middleware.CSPMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Whole public pages for anonymous visitors (portal.page_cache; before CSRF/auth/messages).
    "portal.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Must stay last: it counts failed logins and locks out brute force.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site_context",
            ],
        },
    },
]

SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
}
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # Several simultaneous writers on the embedded default (docs/deploy.md, "SQLite"):
    # - WAL: readers never block the writer and the writer never blocks readers;
    # - busy_timeout (and Python's own timeout): a writer waits for the lock instead of failing;
    # - BEGIN IMMEDIATE: a transaction takes the write lock when it starts. With SQLite's default
    #   (deferred) a transaction that read first and then writes cannot wait for the lock: SQLite
    #   answers "database is locked" at once to avoid a deadlock, whatever the timeout.
    for option, value in SQLITE_OPTIONS.items():
        DATABASES["default"]["OPTIONS"].setdefault(option, value)
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# Accounts of staff, editors and the committee see unpublished or identified data: their sessions
# end sooner (8 hours) than the public ones (2 weeks). portal.security.shorten_staff_session.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
STAFF_SESSION_COOKIE_AGE = env.int("STAFF_SESSION_COOKIE_AGE", default=8 * 3600)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:account"
LOGOUT_REDIRECT_URL = "/"

# Failed-login throttling (django-axes): lock a user+address pair after 5 failures for 15 minutes,
# and an address after 30 failures over all accounts (password spraying), portal.security.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "portal.security.PortalAxesHandler"
AXES_USERNAME_CALLABLE = "portal.security.axes_username"
# Number of reverse proxies in front of the app that append the client's address to
# X-Forwarded-For (1 with the documented nginx; 0 when the app is reached directly). The client's
# address is read that many entries from the right; what the client wrote itself is ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.security.client_ip"
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT  # only read if django-ipware were installed
# Password reset: at most this many requests per client address per hour (portal.views).
PASSWORD_RESET_ADDRESS_LIMIT = env.int("PASSWORD_RESET_ADDRESS_LIMIT", default=5)
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español")]
TIME_ZONE = "America/Santiago"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("es", "Español")]
WAGTAIL_CONTENT_LANGUAGES = [("es", "Español")]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Files that must never be served publicly (submission attachments) live outside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Portal de Buenas Prácticas Municipales"
# Wagtail's own login form leaves the password label untranslated; ours labels both fields in Spanish.
WAGTAILADMIN_USER_LOGIN_FORM = "portal.forms.AdminLoginForm"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt", "zip"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_MODERATION_ENABLED = True
# The admin would ask wagtail.io for new releases from every editor's browser: upgrades are planned
# by the maintainers (docs/deploy.md), not announced to editors.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Nor fetch editors' avatars from gravatar.com (that would send a hash of every editor's e-mail to a
# third party): the admin shows its default avatar or the one uploaded in the account settings.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_ENABLED = True

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Portal de Buenas Prácticas <no-responder@buenaspracticas.cl>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no broker configured every task runs eagerly in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hang when the broker is down: fail fast, the caller records and retries.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Publishing from a web request must fail fast too (then enqueue() records a PendingTask).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_IGNORE_RESULT = True
# Keep Django's LOGGING (JSON in production) in the worker instead of Celery's own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Periodic jobs. The DatabaseScheduler copies these entries into django_celery_beat's tables at
# start-up, where staff can pause or retime them in the admin.
CELERY_BEAT_SCHEDULE = {
    "event-reminders": {"task": "difusion.tasks.send_event_reminders", "schedule": 30 * 60.0},
    "flush-pending-tasks": {"task": "core.tasks.flush_pending_tasks", "schedule": 60.0},
    "publish-scheduled-pages": {"task": "portal.tasks.publish_scheduled_pages", "schedule": 60.0},
    "deadline-reminders": {"task": "concurso.tasks.send_deadline_reminders", "schedule": 15 * 60.0},
    "review-reminders": {"task": "evaluacion.tasks.send_review_reminders", "schedule": 15 * 60.0},
    "blind-copies": {"task": "evaluacion.tasks.prepare_blind_copies", "schedule": 15 * 60.0},
    "improvement-reminders": {"task": "calidad.tasks.send_improvement_reminders", "schedule": 60 * 60.0},
}
REDIS_URL = env("REDIS_URL", default="")


# With Redis down the cache behaves as empty instead of raising (portal.cache); short socket
# timeouts so a Redis that hangs costs half a second once, not every page.
def cache_settings(redis_url: str) -> dict:
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": redis_url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def page_cache_settings(redis_url: str) -> dict:
    """The full-page cache (portal.page_cache): shared by every worker, so one bump reaches all.

    Redis when configured (degrading to no cache when it is down); otherwise files on this host."""
    if redis_url:
        return {
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "pages",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    # One directory per database, so two sites (or a benchmark) on one host never share a version.
    database = hashlib.sha256(str(DATABASES["default"].get("NAME", "")).encode()).hexdigest()[:12]
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env(
            "PAGE_CACHE_DIR", default=str(Path(tempfile.gettempdir()) / f"portal-page-cache-{database}")
        ),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }


PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_VIEWS = ("wagtail_serve", "search:search")

CACHES = {
    **cache_settings(REDIS_URL),
    "pages": page_cache_settings(REDIS_URL),
    # Wagtail looks image renditions up here before the database. Each responsive image has several
    # (sizes x WebP/JPEG), so they get their own cache and cannot evict the site and page caches of
    # "default"; in process memory, so a Redis outage never breaks an image.
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# E-mail domains that name no institution besides the public webmail providers (conflict detection
# of the evaluation), e.g. a shared domain of a pilot. Comma separated.
SHARED_EMAIL_DOMAINS = env.list("SHARED_EMAIL_DOMAINS", default=[])

# Search: Elasticsearch when ELASTICSEARCH_URL is set, otherwise the embedded engine.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="portal")
# Pages never wait longer than this for the search server (searches, suggestions, related
# practices); then they fall back to the embedded index. Indexing tasks keep a longer timeout.
SEARCH_READ_TIMEOUT = env.float("SEARCH_READ_TIMEOUT", default=0.8)
SEARCH_WRITE_TIMEOUT = env.float("SEARCH_WRITE_TIMEOUT", default=5.0)

# Submission attachments (configurable limits; defaults from the call rules).
SUBMISSION_MAX_FILE_BYTES = env.int("SUBMISSION_MAX_FILE_BYTES", default=10 * 1024 * 1024)
SUBMISSION_MAX_TOTAL_BYTES = env.int("SUBMISSION_MAX_TOTAL_BYTES", default=30 * 1024 * 1024)
SUBMISSION_MAX_FILES = env.int("SUBMISSION_MAX_FILES", default=10)
# Images larger than this (width x height) are refused at upload: decoding them would take
# hundreds of megabytes (a "pixel bomb" PNG of a few KB). Checked from the header, not decoded.
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=40_000_000)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.logging.JsonFormatter"},
        "plain": {"format": "%(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": env("LOG_FORMAT", default="plain")},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
    },
}

X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4). The portal's templates load scripts and styles only from
# files, never inline, so nothing inline runs. Wagtail's admin (/admin/) ships inline scripts and
# styles of its own and is left out; it is only reachable by signed-in editors.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The hash allows exactly the three-rule <style> block of drf-spectacular's Swagger UI page
        # (/api/v1/docs/) and nothing else; tests/portal/test_security.py recomputes it.
        "style-src": ["'self'", "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Permissions-Policy (portal.middleware): features the portal never uses, denied to every origin.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# Open data API (api/): read-only, anonymous, throttled per client address; OpenAPI 3 by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PortalPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_RATE_LIMIT", default="120/minute")},
    "URL_FORMAT_OVERRIDE": "format",
    # The client's address for the throttle, as for the log-in lockouts (portal.security.client_ip).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Portal de Buenas Prácticas Municipales — datos abiertos",
    "DESCRIPTION": (
        "API de solo lectura con las buenas prácticas, distinciones, convocatorias y resultados "
        "publicados, y las comunas de Chile. Solo contenido público. Licencia CC BY 4.0. "
        "Cada lista se descarga también en CSV o XLSX con ?format=csv o ?format=xlsx."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.es"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["api.schema.only_open_data"],
}
