"""Fast settings for the test suite."""

import os

from .base import *  # noqa: F403
from .base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
AXES_ENABLED = True
# Tests that count a page's queries want it built; tests/core/test_pagecache.py turns it on.
PAGE_CACHE = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not os.environ.get(
    "KEYPLAN_DATABASE_URL"
):
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
elif os.environ.get("KEYPLAN_TEST_DATABASE_NAME"):
    # Several runs against one server at once (CI's PostgreSQL shards) each get their own.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["KEYPLAN_TEST_DATABASE_NAME"]}

# Uploads and import files of the test run go to a temporary folder, removed at exit.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

DATA_DIR = Path(tempfile.mkdtemp(prefix="keyplan-test-"))
atexit.register(shutil.rmtree, DATA_DIR, ignore_errors=True)
