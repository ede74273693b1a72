"""Settings, all read from the environment (see ``.env.example``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import dj_database_url
from django.utils.translation import gettext_lazy as _

from tumbuh.env import (
    data_dir,
    env_bool,
    env_int,
    env_list,
    env_str,
    private_directory,
    secret_key_file,
    sqlite_private,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = private_directory(data_dir())  # the database, the secret key, uploads: owner only
DEBUG = env_bool("TUMBUH_DEBUG", False)
SECRET_KEY = env_str("TUMBUH_SECRET_KEY", "") or secret_key_file(DATA_DIR / "secret_key")
ALLOWED_HOSTS = env_list("TUMBUH_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "tumbuh.web",
    "tumbuh.regions",
    "tumbuh.accounts",
    "tumbuh.registry",
    "tumbuh.measurements",
    "tumbuh.dashboard",
    "tumbuh.imports",
    "tumbuh.interventions",
    "tumbuh.teams",
    "rest_framework",
    "drf_spectacular",
    "oauth2_provider",
    "tumbuh.api",
    "tumbuh.campaigns",
    "tumbuh.publication",
    "tumbuh.field",
    "tumbuh.workplan",
    "tumbuh.reporting",
    "tumbuh.casework",
    "tumbuh.partners",
    "tumbuh.catalogue",
    "tumbuh.offices",
    "tumbuh.poverty",
    "tumbuh.facts",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tumbuh.web.middleware.IndonesianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tumbuh.web.middleware.RegionTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "tumbuh.field.middleware.ClearSiteDataAtLogoutMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]
ROOT_URLCONF = "tumbuh.web.urls"
WSGI_APPLICATION = "tumbuh.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tumbuh.accounts.context_processors.rights",
            ]
        },
    }
]


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL", "")
    if url:
        # persistent connections (each gunicorn thread keeps one for this long), checked
        # before a request reuses one, so a restarted PostgreSQL costs no failed request
        database = dict(
            dj_database_url.parse(
                url,
                conn_max_age=env_int("TUMBUH_CONN_MAX_AGE", 60),
                conn_health_checks=True,
            )
        )
        if database["ENGINE"] == "django.db.backends.postgresql":
            # no JIT compilation: the pages' statements run in milliseconds, but their
            # pessimistic cost estimates crossed ``jit_above_cost`` and PostgreSQL spent up to
            # a second compiling each one (a kabupaten's gap list: 20 ms of work, 960 ms of JIT)
            options = cast(dict[str, Any], database.get("OPTIONS") or {})
            options["options"] = f"{options.get('options', '')} -c jit=off".strip()
            database["OPTIONS"] = options
        if database["ENGINE"] == "django.db.backends.sqlite3" and database["NAME"] != ":memory:":
            sqlite_private(Path(str(database["NAME"])))
        return database
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(sqlite_private(DATA_DIR / "tumbuh.sqlite3")),
        "OPTIONS": {
            # writers queue for the write lock (up to 20 s) instead of failing at once
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}

#: Figures kept until the data behind them change (``tumbuh.facts.cache``: aggregates only,
#: never names) are shared by every web process and the job worker through files in the data
#: directory (owner only), so a kabupaten's figures are computed once, not once per process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(
            private_directory(Path(env_str("TUMBUH_CACHE_DIR", "") or DATA_DIR / "cache"))
        ),
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
BEHIND_PROXY = env_bool("TUMBUH_BEHIND_PROXY", False)

# Lockout (django-axes): every login, the site's and the admin's, goes through authenticate(), where
# axes refuses a user name, or a client address, with LOCKOUT_FAILURES failures in the last
# LOCKOUT_MINUTES. Names are counted in their canonical form (stripped, NFKC, casefolded).
LOCKOUT_FAILURES = env_int("TUMBUH_LOCKOUT_FAILURES", 5)
LOCKOUT_MINUTES = env_int("TUMBUH_LOCKOUT_MINUTES", 15)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tumbuh.accounts.backends.UsernameBackend",
]
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
AXES_FAILURE_LIMIT = "tumbuh.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "tumbuh.accounts.lockout.cool_off"
AXES_USERNAME_CALLABLE = "tumbuh.accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "tumbuh.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "tumbuh.accounts.lockout.locked_out_response"
AXES_RESET_ON_SUCCESS = False  # else logging in to one's own account would clear an address
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock lifts when the page says
# No personal data in logs: names and addresses are masked in axes' log lines; successful logins
# are in Tumbuh's audit log, so axes keeps no access log of its own.
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False  # the attempts are shown in Tumbuh's own admin site instead

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TUMBUH_TIME_ZONE", "Asia/Makassar")

STATIC_URL = "/static/"
# Where collectstatic puts the static files (public: CSS, scripts, icons): by default in the data
# directory, where whitenoise serves them; a deployment behind nginx names a directory nginx may
# read (the data directory is the server account's only).
STATIC_ROOT = Path(env_str("TUMBUH_STATIC_ROOT", "") or DATA_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from here after collectstatic
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

HTTPS = env_bool("TUMBUH_HTTPS", False)
SECURE = env_bool("TUMBUH_SECURE_COOKIES", not DEBUG and HTTPS)
SECURE_SSL_REDIRECT = HTTPS and env_bool("TUMBUH_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("TUMBUH_HSTS_SECONDS", 3600 if HTTPS else 0)
if HTTPS and BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("TUMBUH_SESSION_SECONDS", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TUMBUH_LOG_LEVEL", "WARNING")},
}

# The REST API (/api/v1/): JSON only, machine tokens or OAuth2 access tokens (or the session of a
# logged-in user), the permission table, cursor pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tumbuh.api.authentication.BearerTokenAuthentication",
        "tumbuh.api.authentication.ClientCredentialsAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["tumbuh.api.access.TablePermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "tumbuh.api.pagination.IdCursor",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tumbuh.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tumbuh API",
    "DESCRIPTION": "Regions, posyandu, children, mothers, families, measurements with z-scores, "
    "interventions and deliveries, gap lists, teams, TPK visits and aggregates, within the "
    "caller's rights and area. Writes are idempotent by the client's uuid.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
# OAuth2 client credentials for services (as SATUSEHAT does): an application acts as its user.
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("TUMBUH_OAUTH_TOKEN_SECONDS", 3600),
    "SCOPES": {"api": "Tumbuh API"},
    "DEFAULT_SCOPES": ["api"],
}
# SATUSEHAT (FHIR R4): where new measurements are sent (empty: sending is off).
TUMBUH_SATUSEHAT_BASE_URL = env_str("TUMBUH_SATUSEHAT_BASE_URL", "")
TUMBUH_SATUSEHAT_CLIENT_ID = env_str("TUMBUH_SATUSEHAT_CLIENT_ID", "")
TUMBUH_SATUSEHAT_CLIENT_SECRET = env_str("TUMBUH_SATUSEHAT_CLIENT_SECRET", "")

# The offline field app (/lapangan/): days without a sync after which the phone deletes the
# personal data it keeps (names, birth dates, measurements); unsent entries stay in its outbox.
TUMBUH_FIELD_EXPIRY_DAYS = env_int("TUMBUH_FIELD_EXPIRY_DAYS", 7)

# The public page /publik/: cells (areas) with fewer children than this are not shown.
TUMBUH_PUBLIC_MIN_CELL = env_int("TUMBUH_PUBLIC_MIN_CELL", 10)

# Uploaded imports run as django-tasks jobs, queued in the database: a worker process
# (started by ``tumbuh serve``, or ``tumbuh worker``) runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
