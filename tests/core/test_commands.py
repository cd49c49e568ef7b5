"""keyplan.core's management commands: the task worker and the deployment checks."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError, SystemCheckError
from django.test import override_settings
from django_tasks import TaskResultStatus, task

from tests.support import run

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


RESULTS: list[int] = []


@task()
def add_numbers(a: int, b: int) -> int:
    RESULTS.append(a + b)
    return a + b


def test_worker_needs_the_database_backend(db):
    # The test settings run tasks immediately; there is nothing for a worker to do.
    with pytest.raises(CommandError, match=r"ImmediateBackend.*django_tasks_db\.DatabaseBackend"):
        run("worker", "--batch")


@pytest.mark.django_db(transaction=True)
def test_worker_batch_runs_queued_tasks_and_exits():
    RESULTS.clear()
    with override_settings(TASKS=DB_TASKS):
        result = add_numbers.enqueue(2, 3)
        second = add_numbers.enqueue(10, 20)
        assert RESULTS == []  # queued, not run
        assert result.status == TaskResultStatus.READY

        run("worker", "--batch", "--interval", "0", "--concurrency", "1")  # in this transaction

        result.refresh()
        second.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert result.return_value == 5
        assert second.return_value == 30
        assert sorted(RESULTS) == [5, 30]


SECURE = {
    "DEBUG": False,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
}


def test_deploycheck_fails_on_the_test_settings(monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    with pytest.raises(SystemCheckError) as excinfo:
        run("deploycheck")
    message = str(excinfo.value)
    assert "security.W012" in message  # SESSION_COOKIE_SECURE
    assert "security.W016" in message  # CSRF_COOKIE_SECURE
    assert "security.W008" in message  # SECURE_SSL_REDIRECT

    with override_settings(**{**SECURE, "DEBUG": True}), pytest.raises(SystemCheckError) as exc:
        run("deploycheck")
    assert "security.W018" in str(exc.value)  # DEBUG


def test_deploycheck_passes_once_the_settings_are_secure(monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    with override_settings(**SECURE):
        out, _err = run("deploycheck")
    assert "Deployment checks passed." in out
