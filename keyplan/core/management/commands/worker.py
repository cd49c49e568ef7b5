"""`keyplan worker`: django-tasks-db's `db_worker` on every queue, in several processes so
that one long import does not hold up the jobs queued behind it.

Each process is a whole db_worker with its own worker id; they claim tasks from the same
table under the library's lock, so a task runs once. The parent only starts them and
passes SIGINT/SIGTERM on (once: the children sit in their own process group, so a Ctrl+C
in the terminal does not reach them twice, which db_worker would take as "kill the task").
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

DEFAULT_CONCURRENCY = 2


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks database backend)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run queued tasks, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="poll interval, seconds")
        parser.add_argument(
            "--concurrency",
            type=_positive,
            default=DEFAULT_CONCURRENCY,
            help=f"tasks run at once, each in its own process ({DEFAULT_CONCURRENCY})",
        )

    def handle(self, *args, batch, interval, concurrency, **options):
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            # db_worker would only say "argument --backend: ... is not a database backend".
            raise CommandError(
                f"the task backend is {type(backend).__name__}, which runs tasks without a "
                "worker; `keyplan worker` needs TASKS to use django_tasks_db.DatabaseBackend."
            )
        worker_options = {
            "queue_name": "*",
            "batch": batch,
            "interval": interval,
            "reload": False,
            "verbosity": options["verbosity"],
        }
        if concurrency == 1 or _in_memory_database():
            call_command("db_worker", **worker_options)
            return
        failed = run_processes(concurrency, worker_options)
        if failed:
            raise CommandError(f"{failed} of {concurrency} worker processes failed.")


def _in_memory_database() -> bool:
    # (The test settings' SQLite in memory: a forked process would work on its own copy.)
    connection = connections["default"]
    return connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]


def run_processes(count: int, worker_options: dict[str, Any]) -> int:
    """Run `count` db_worker processes until they all end; how many ended in failure."""
    connections.close_all()  # a forked child must not share the parent's connection
    context = multiprocessing.get_context("fork")
    prefix = get_random_string(24)
    processes = [
        context.Process(
            target=_run_worker,
            args=(f"{prefix}-{number}", worker_options),
            name=f"keyplan-worker-{number}",
        )
        for number in range(1, count + 1)
    ]
    for process in processes:
        process.start()

    def forward(signum, frame):
        for process in processes:
            if process.is_alive() and process.pid:
                os.kill(process.pid, signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for process in processes:
            process.join()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return sum(1 for process in processes if process.exitcode)


def _run_worker(worker_id: str, worker_options: dict[str, Any]) -> None:
    os.setpgrp()  # signals come from the parent only (see the module's docstring)
    call_command("db_worker", worker_id=worker_id, **worker_options)
