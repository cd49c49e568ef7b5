"""Production: behind a TLS-terminating proxy. `keyplan check` must pass with these."""

import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# Checked before the base settings load, so that no dev secret is generated on disk.
if not os.environ.get("KEYPLAN_SECRET_KEY"):
    raise ImproperlyConfigured("KEYPLAN_SECRET_KEY must be set in production.")

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("KEYPLAN_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("KEYPLAN_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("KEYPLAN_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# "*" accepts any Host header: password-reset and e-mail links could then point anywhere.
if "*" in ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured(
        "KEYPLAN_ALLOWED_HOSTS=* is refused in production: it accepts any Host header, so "
        "links in e-mails could point to another site. List the host names keyplan is "
        "reached at, comma-separated (for example KEYPLAN_ALLOWED_HOSTS=keyplan.example.com)."
    )


def _pooled(database: Any) -> Any:
    """PostgreSQL through Django's connection pool (psycopg_pool, from `psycopg[pool]`):
    a request borrows an open connection instead of opening one. Pooling replaces
    persistent connections (Django refuses both). Off with KEYPLAN_DB_POOL=0, and when
    psycopg_pool is not installed."""
    from importlib.util import find_spec

    if database["ENGINE"] != "django.db.backends.postgresql" or not env_bool(
        "KEYPLAN_DB_POOL", True
    ):
        return database
    if find_spec("psycopg_pool") is None:
        return database
    options = {**database.get("OPTIONS", {})}
    options["pool"] = {"min_size": 1, "max_size": int(env("KEYPLAN_DB_POOL_MAX", "4"))}
    return {**database, "CONN_MAX_AGE": 0, "OPTIONS": options}


DATABASES = {**DATABASES, "default": _pooled(DATABASES["default"])}  # noqa: F405
