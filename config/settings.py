"""Settings, driven by environment variables (twelve-factor).

Defaults give the embedded deployment: SpatiaLite in WAL mode and the in-memory
channel layer in one ASGI process. ``DATABASE_URL`` and ``REDIS_URL`` move it to
PostgreSQL/PostGIS and Redis. ``WIJKTAFEL_PRODUCTION=1`` turns on the hardened
production settings that ``check --deploy`` verifies.
"""

import datetime as dt
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


PRODUCTION = env_bool("WIJKTAFEL_PRODUCTION")
DEBUG = env_bool("DJANGO_DEBUG", default=False)
# The development key is public, and the join codes are derived from the secret key: production
# refuses to start on it, and `check --deploy` refuses it (wijktafel/core/checks.py).
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEV_SECRET_KEY
if PRODUCTION and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "WIJKTAFEL_PRODUCTION=1 needs a DJANGO_SECRET_KEY of its own: the development key is "
        "public and the join codes are derived from it."
    )
ALLOWED_HOSTS = [
    h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
SITE_URL = os.environ.get("WIJKTAFEL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "channels",
    "axes",  # login lockouts (decision 0007)
    "django_htmx",
    "ninja",  # serves the API docs page's Swagger files from our own origin (strict CSP)
    "wijktafel.core",
    "wijktafel.accounts",
    "wijktafel.neighbourhoods",
    "wijktafel.workshops",
    "wijktafel.activities",
    "wijktafel.stickers",
    "wijktafel.agreements",
    "wijktafel.evaluations",
    "wijktafel.parking",
    "wijktafel.series",
    "wijktafel.groups",
    "wijktafel.appraisals",
    "wijktafel.collaboration",
    "django_tasks_db",  # the task queue's table (docs/decisions/0012-task-worker-and-mail.md)
    "wijktafel.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wijktafel.core.middleware.PermissionsPolicyMiddleware",
    "wijktafel.core.middleware.StaticFilesMiddleware",  # ServeStatic, in both chains
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wijktafel.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Near the end, so its process_exception runs early: a database that is away answers 503.
    "wijktafel.core.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into our page
]

ROOT_URLCONF = "config.urls"
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wijktafel.workshops.context_processors.method_nav",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    import dj_database_url

    # PostgreSQL/PostGIS for scale-out (docs/reliability.md §4.3, docs/design.md): psycopg's pool, not
    # persistent connections (CONN_MAX_AGE > 0 leaks under ASGI); a check on every checkout, so
    # connections that died with a database restart are replaced instead of failing a request;
    # timeouts, so a stuck lock or statement fails fast with a retryable error.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            engine="django.contrib.gis.db.backends.postgis",
            conn_max_age=0,
            conn_health_checks=True,
        )
    }
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": 1,
            "max_size": int(os.environ.get("WIJKTAFEL_DB_POOL_SIZE", "10")),
            # Fail fast while the database is away (all of a worker's database work shares one
            # thread under ASGI, so a long wait stalls every socket of that worker), and start
            # reconnect attempts afresh every few seconds, so recovery follows a restart within
            # about two seconds instead of a doubling backoff (docs/reliability.md F5).
            "timeout": 3,  # seconds a request waits for a connection
            "reconnect_timeout": 4,
        },
        "connect_timeout": 5,
        "options": "-c statement_timeout=5000 -c lock_timeout=3000"
        " -c idle_in_transaction_session_timeout=30000",
    }
else:
    SQLITE_PATH = Path(
        os.environ.get("WIJKTAFEL_SQLITE_PATH", BASE_DIR / "data" / "wijktafel.sqlite3")
    )
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "wijktafel.core.db.spatialite",
            "NAME": SQLITE_PATH,
            # Keep the connection: opening one loads SpatiaLite (about 9 ms), and under ASGI all
            # database work shares one thread, so reopening per call capped the live engine at
            # 750 participants (bench/capacity.py; 2,000 with it kept, docs/performance.md).
            # SQLite only: kept PostgreSQL connections leak under ASGI (the pool is used there).
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                # Writers queue for the lock instead of failing (docs/reliability.md §4.2).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=FULL;"
                    "PRAGMA temp_store=MEMORY;"
                    "PRAGMA cache_size=-20000;"
                ),
            },
            "TEST": {"NAME": os.environ.get("WIJKTAFEL_TEST_SQLITE_PATH") or None},
        }
    }
ATOMIC_REQUESTS = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Debian bookworm ships GDAL 3.6, which cannot block file and network access while
# parsing spatial references (gis.W001). We only hand GDAL geometries from our own
# files and validated GeoJSON, never user-chosen SRS definitions or paths.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
SPATIALITE_LIBRARY_PATH = os.environ.get("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

# --- Live ---------------------------------------------------------------------
# No channel layer: live frames go through the room hub below (decision 0006).
REDIS_URL = os.environ.get("REDIS_URL", "")

# Live fan-out (wijktafel/core/fanout.py, decision 0006): each process writes every event once to
# the local sockets of its room; with REDIS_URL, one Redis channel carries events between workers.
WIJKTAFEL_FANOUT = {
    "REDIS_URL": REDIS_URL,
    "REDIS_CHANNEL": os.environ.get("WIJKTAFEL_FANOUT_CHANNEL", "wijktafel:fanout"),
    "REDIS_TIMEOUT": 1.0,  # seconds to connect or publish before giving up (the log recovers)
    "SEND_BACKLOG": 500,  # frames waiting for one blocked socket before it is closed with 1013
    "SEND_TIMEOUT": 15.0,  # seconds one socket may block before it is closed with 1013
    "REORDER_SECONDS": 0.25,  # how long an event waits for an earlier seq still on its way
}

# Rate-limit counters must be shared by every worker: Redis when there is one.
if REDIS_URL:
    # Short timeouts: a hung Redis must not hang the request that asks it (docs/reliability.md F4).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # One process (the embedded default): sessions are read from memory, written through to
        # the database, so a page does not wait for a session query (issue 12). With Redis the
        # sessions stay in the database only: a Redis that is away must not fail every page.
        "sessions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "sessions",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
# Deployments (or test runs) that share one Redis keep their counters apart by a key prefix.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("WIJKTAFEL_CACHE_PREFIX", "")

# --- Auth ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out (username, address) pair before any password check.
# AxesBackend is AxesStandaloneBackend plus ModelBackend's get_user, so a session that names the
# first backend (as test helpers write them) still loads its user; ModelBackend checks passwords.
AUTHENTICATION_BACKENDS = [
    "wijktafel.accounts.lockout.AccountLockBackend",  # axes' AxesBackend, per account too
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workshops:list"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Login lockout (docs/reliability.md §3.6 R4; decision 0007): 5 failures of one (username, address)
# pair lock that pair only, for 15 minutes from the fifth failure. Attempts are kept in the
# database (shared by every worker, SQLite or PostgreSQL); successful logins are not logged.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
ACCOUNT_FAILURE_LIMIT = 20  # failures of one account from every address together (lockout.py)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # tries while locked write nothing
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_USERNAME_CALLABLE = "wijktafel.accounts.lockout.username_of"
AXES_LOCKOUT_CALLABLE = "wijktafel.accounts.lockout.locked_out_response"
AXES_VERBOSE = False

# --- i18n -----------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"

# --- Static files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed and compressed (gzip, brotli) as production serves them; WIJKTAFEL_STATIC_AS_PRODUCTION
# does the same without the rest of production (bench/slow_phone.py, a browser on plain http).
STATIC_AS_PRODUCTION = PRODUCTION or env_bool("WIJKTAFEL_STATIC_AS_PRODUCTION")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "servestatic.storage.CompressedManifestStaticFilesStorage"
        if STATIC_AS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
SERVESTATIC_USE_FINDERS = not STATIC_AS_PRODUCTION
SERVESTATIC_AUTOREFRESH = not STATIC_AS_PRODUCTION

# --- Security (docs/reliability.md §4.1) ------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF, SITE_URL.replace("http", "ws", 1)],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- Wijktafel --------------------------------------------------------------------
WIJKTAFEL = {
    # Kept threads that serve pages and the API in the live process (wijktafel/core/pages.py).
    "HTTP_THREADS": int(os.environ.get("WIJKTAFEL_HTTP_THREADS", "4")),
    # Seconds between server heartbeats carrying the head sequence number.
    "HEARTBEAT_SECONDS": float(os.environ.get("WIJKTAFEL_HEARTBEAT_SECONDS", "10")),
    # A resync further back than this many events answers snapshot_required.
    "RESYNC_MAX_EVENTS": 2000,
    "WS_MAX_MESSAGE_BYTES": 64 * 1024,
    "POSTIT_MAX_CHARS": 280,
    "POSTIT_WHY_MAX_CHARS": 500,
    "NAME_MAX_CHARS": 60,
    # Failed join attempts (wrong or closed codes) allowed per window of seconds.
    "JOIN_FAILURES_PER_IP": (30, 600),
    "JOIN_FAILURES_PER_DEVICE": (10, 600),
    # Failures from all addresses together: past this many per window the alarm is logged and
    # every further failure waits JOIN_FAILURE_DELAY_SECONDS (capped at 5 s; successes never wait).
    "JOIN_FAILURES_GLOBAL": (1000, 3600),
    "JOIN_FAILURE_DELAY_SECONDS": 1.0,
    # Joins that succeed, per window (seconds): from one address, and into one session. The
    # browser tests' servers raise the first (every browser of a whole run joins from 127.0.0.1).
    "JOINS_PER_IP": (int(os.environ.get("WIJKTAFEL_JOINS_PER_IP", "300")), 600),
    "JOINS_PER_SESSION": (500, 600),
    # Frames one socket may send: a token bucket of WS_BURST frames refilled at WS_RATE per
    # second. Emptying it closes the socket with 1008. A reconnect sends hello plus the whole
    # outbox at once (about 100 ops at most in practice), so the burst leaves room for twice that.
    "WS_BURST": 200,
    "WS_RATE": 20.0,
    # What one socket may be sent again in a minute (hello, resync): full snapshots, bytes of
    # catch-up; past this many refusals in the minute it is closed (wsguard.CatchUpBudget).
    "CATCH_UP_SNAPSHOTS": 2,
    "CATCH_UP_BYTES": 5 * 1024 * 1024,
    "CATCH_UP_REFUSALS": 10,
    # Open sockets per participant (and per facilitator per workshop: console, big screen and a
    # spare device). The next socket closes with 4429. Counted in the cache (Redis in scale-out)
    # with slots that expire after WS_SLOT_TTL_SECONDS unless the socket refreshes them.
    "WS_SOCKETS_PER_PARTICIPANT": 3,
    "WS_SOCKETS_PER_FACILITATOR": 10,
    "WS_SLOT_TTL_SECONDS": 45,
    # After a 1008 for flooding, that person's new sockets are closed with 1008 for this long.
    "WS_FLOOD_COOLDOWN_SECONDS": 5,
}
MAP_TILE_URL = os.environ.get(
    "WIJKTAFEL_TILE_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png",
)
# --- Background work and mail (docs/decisions/0012-task-worker-and-mail.md) -----------------
# Django's tasks framework with the database backend of django-tasks-db: the queue is a table in
# the same database (SQLite or PostgreSQL), so enqueuing commits together with the rows it is
# about, and the worker (`manage.py jobs_worker`, started by `make run`) needs no other service.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail through Django 6.1's MAILERS (EMAIL_BACKEND and the other EMAIL_* settings are
# deprecated). Every mail is sent by the worker (wijktafel/jobs/tasks.py). With
# WIJKTAFEL_SMTP_HOST it goes to that SMTP server; without it to the outbox in the database,
# which facilitators read in the app (/postvak-uit/). WIJKTAFEL_MAIL_BACKEND overrides both
# (for example the console backend while developing).
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
OUTBOX_BACKEND = "wijktafel.jobs.mail.OutboxBackend"
SMTP_HOST = os.environ.get("WIJKTAFEL_SMTP_HOST", "")
MAIL_BACKEND = os.environ.get("WIJKTAFEL_MAIL_BACKEND") or (
    SMTP_BACKEND if SMTP_HOST else OUTBOX_BACKEND
)
MAILERS = {"default": {"BACKEND": MAIL_BACKEND}}
if MAIL_BACKEND == SMTP_BACKEND:
    MAILERS["default"]["OPTIONS"] = {
        "host": SMTP_HOST or "localhost",
        "port": int(os.environ.get("WIJKTAFEL_SMTP_PORT", "587")),
        "username": os.environ.get("WIJKTAFEL_SMTP_USER", ""),
        "password": os.environ.get("WIJKTAFEL_SMTP_PASSWORD", ""),
        "use_tls": env_bool("WIJKTAFEL_SMTP_STARTTLS", default=True),
        "use_ssl": env_bool("WIJKTAFEL_SMTP_SSL", default=False),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = os.environ.get("WIJKTAFEL_FROM_EMAIL", "Wijktafel <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("WIJKTAFEL_LOG_LEVEL", "INFO")},
    "loggers": {"django.channels.server": {"level": "WARNING"}},
}
