"""The tasks of tests/trust/worker/run.py."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task

WAIT = 8.0  # long enough for the other process to start on a busy machine


@task()
def wait_for_other(folder: str, other: str) -> str:
    """With `other`, wait up to WAIT seconds for the task named so to start."""
    if not other:
        Path(folder, "short.started").touch()
        return "ran"
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if Path(folder, f"{other}.started").exists():
            return "saw the other task running"
        time.sleep(0.05)
    return "alone"
