"""Settings shared by every environment. Everything that differs comes from the environment.

KEYPLAN_DATA_DIR      where the SQLite database, uploads and the generated dev secret live (./var/)
KEYPLAN_DATABASE_URL  e.g. postgres://user@host:5432/keyplan; SQLite in the data dir when unset
KEYPLAN_SECRET_KEY    required in production; generated into the data dir otherwise
KEYPLAN_ALLOWED_HOSTS comma-separated host names
KEYPLAN_EMAIL_URL     not used; see KEYPLAN_EMAIL_* below
KEYPLAN_BASE_URL      the address people open keyplan at, for links in e-mails (http://localhost:8000)
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "keyplan"


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DATA_DIR = Path(env("KEYPLAN_DATA_DIR", str(BASE_DIR / "var"))).resolve()


def _dev_secret_key() -> str:
    """A per-installation secret written once into the data dir, never committed."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("KEYPLAN_SECRET_KEY") or _dev_secret_key()
DEBUG = env_bool("KEYPLAN_DEBUG", False)
ALLOWED_HOSTS = env_list("KEYPLAN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("KEYPLAN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.forms",  # the built-in widget templates, for FORM_RENDERER
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "keyplan.core",
    "keyplan.users",
    "keyplan.accounts",
    "keyplan.portfolio",
    "keyplan.plans",
    "keyplan.stakeholders",
    "keyplan.competition",
    "keyplan.execution",
    "keyplan.sales",
    "keyplan.economics",
    "keyplan.reports",
    "keyplan.portal",
    "keyplan.imports",
    "keyplan.api",
    "keyplan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "keyplan.core.middleware.PrivacyHeadersMiddleware",
    # Shared small reads (settings, rates) once per GET request: keyplan.core.requestmemo.
    "keyplan.core.requestmemo.RequestMemoMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "keyplan.core.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "keyplan.economics.search.middleware.RecentItemsMiddleware",
    # Last, so that a lockout answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "keyplan.urls"
WSGI_APPLICATION = "keyplan.wsgi.application"

# Field groups (`{{ field.as_field_group }}`) use the product's field template.
FORM_RENDERER = "keyplan.core.renderers.FormRenderer"

# Repeats of the busiest pages answered from the HTML built for them while the database
# has not changed (keyplan.core.pagecache).
PAGE_CACHE = env_bool("KEYPLAN_PAGE_CACHE", True)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "keyplan.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("KEYPLAN_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'keyplan.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes; IMMEDIATE
    # transactions avoid "database is locked" on lock upgrades.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_URL_PATH = "/login/"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: an idle timeout and an absolute one (keyplan.core.middleware).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = timedelta(minutes=int(env("KEYPLAN_SESSION_IDLE_MINUTES", "60")))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=int(env("KEYPLAN_SESSION_ABSOLUTE_HOURS", "12")))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Login throttling: a cool-off, never a permanent lock; keyed on user name and
# address together, so an unknown name and a wrong password get the same answer.
AXES_FAILURE_LIMIT = int(env("KEYPLAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("KEYPLAN_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("pl", "Polski")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# One date format per language, ISO in date inputs (keyplan/settings/formats/).
FORMAT_MODULE_PATH = ["keyplan.settings.formats"]
USE_I18N = True
USE_TZ = True
# Numbers shown to people go through the `number` and `money` filters (Babel);
# raw integers (ids in links and form values) must never get separators.
USE_THOUSAND_SEPARATOR = False
TIME_ZONE = env("KEYPLAN_TIME_ZONE", "Europe/Warsaw")
LANGUAGE_COOKIE_NAME = "keyplan_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "uploads")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "uploads"

EMAIL_BACKEND = env("KEYPLAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("KEYPLAN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("KEYPLAN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("KEYPLAN_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("KEYPLAN_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("KEYPLAN_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env("KEYPLAN_EMAIL_FROM", "keyplan@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people reach keyplan: the links in e-mails are made absolute with it.
KEYPLAN_BASE_URL = (env("KEYPLAN_BASE_URL") or "http://localhost:8000").rstrip("/")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

KEYPLAN_CURRENCIES = ["PLN", "EUR", "USD", "RUB", "GBP", "CZK", "UAH", "KZT", "BYN", "CHF", "SEK"]
KEYPLAN_DEFAULT_CURRENCY = env("KEYPLAN_DEFAULT_CURRENCY", "PLN")
KEYPLAN_PAGE_SIZE = 25
KEYPLAN_API_MAX_PAGE_SIZE = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("KEYPLAN_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

ADMIN_SITE_TITLE = _("keyplan administration")
