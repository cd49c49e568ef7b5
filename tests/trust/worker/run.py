"""`python -m tests.trust.worker.run DIR CONCURRENCY`: queue a long task and a short one,
run `keyplan worker --batch --concurrency CONCURRENCY`, print what each returned (JSON).

The long task waits a few seconds for the short one to start: it sees it only when the
two run at the same time (tests/trust/worker/tasks.py)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(folder: str, concurrency: str) -> None:
    os.environ["KEYPLAN_WORKER_TEST_DB"] = str(Path(folder) / "tasks.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.trust.worker.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from keyplan.core.management.commands.worker import Command

    from .tasks import wait_for_other

    call_command("migrate", verbosity=0)
    long = wait_for_other.enqueue(folder, "short")
    short = wait_for_other.enqueue(folder, "")
    call_command(Command(), "--batch", "--interval", "0", "--concurrency", concurrency)
    long.refresh()
    short.refresh()
    print(json.dumps({"long": long.return_value, "short": short.return_value}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
