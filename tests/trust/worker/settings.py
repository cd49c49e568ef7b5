"""Just enough Django for django-tasks-db on a SQLite file (tests/trust/test_load_limits.py):
the worker's processes are real, so the database has to be a file they all open."""

import os

SECRET_KEY = "worker-test"  # a throwaway database in a temporary folder
USE_TZ = True
INSTALLED_APPS = ["django_tasks", "django_tasks_db"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["KEYPLAN_WORKER_TEST_DB"],
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
