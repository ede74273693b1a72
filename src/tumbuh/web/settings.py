"""Settings, all read from the environment (see ``.env.example``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from tumbuh.web.env import data_dir, env_bool, env_int, env_list, env_str, secret_key_file

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DEBUG = env_bool("TUMBUH_DEBUG", False)
SECRET_KEY = env_str("TUMBUH_SECRET_KEY", "") or secret_key_file(data_dir() / "secret_key")
ALLOWED_HOSTS = env_list("TUMBUH_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
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
            ]
        },
    }
]


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL", "")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60))
    directory = data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(directory / "tumbuh.sqlite3"),
        "OPTIONS": {
            # writers queue for the write lock (up to 20 s) instead of failing at once
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}
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
LOCKOUT_FAILURES = env_int("TUMBUH_LOCKOUT_FAILURES", 5)
LOCKOUT_MINUTES = env_int("TUMBUH_LOCKOUT_MINUTES", 15)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TUMBUH_TIME_ZONE", "Asia/Makassar")

STATIC_URL = "/static/"
STATIC_ROOT = data_dir() / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from here after collectstatic
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

HTTPS = env_bool("TUMBUH_HTTPS", False)
SECURE = env_bool("TUMBUH_SECURE_COOKIES", not DEBUG and HTTPS)
SECURE_SSL_REDIRECT = HTTPS and env_bool("TUMBUH_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("TUMBUH_HSTS_SECONDS", 3600 if HTTPS else 0)
if HTTPS and env_bool("TUMBUH_BEHIND_PROXY", False):
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

# Imports and big reports run as django-tasks jobs, queued in the database: a worker process
# (started by ``tumbuh serve``, or ``tumbuh worker``) runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
