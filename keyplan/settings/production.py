"""Production: behind a TLS-terminating proxy. `keyplan check` must pass with these."""

import os

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
