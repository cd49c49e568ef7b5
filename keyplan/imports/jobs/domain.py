"""Whether a running import job's process is gone: pure rules, no database."""

from __future__ import annotations

import os
import shlex
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

# A job with no sign of life for this long is taken for dead even where its process cannot
# be asked (another host). The pipeline beats while it reads the file and with each batch,
# so a live job is silent for seconds, a minute at worst on a slow database.
STALE_AFTER = timedelta(seconds=int(os.environ.get("KEYPLAN_IMPORT_STALE_SECONDS", "300")))


@dataclass(frozen=True)
class Liveness:
    """A running job's signs of life, as recorded."""

    last_sign: datetime  # the heartbeat, else the start, else the creation
    pid: int | None
    host: str


def this_host() -> str:
    """Where this process runs, precisely enough that a process id means the same process:
    the hostname and, on Linux, the process-id namespace (two containers may share a
    hostname, yet each has its own process ids)."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = ""
    return f"{socket.gethostname()} {namespace}".strip()[:255]


def process_exists(pid: int) -> bool:
    """Whether a process with this id runs on this host (one owned by another user too)."""
    if os.name != "posix":  # elsewhere os.kill would end the process, not probe it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_dead(signs: Liveness, *, now: datetime, host: str, exists=process_exists) -> bool:
    """A running job is dead when its process, asked on the same host, is gone, or when it
    has given no sign of life for STALE_AFTER (a process on another host cannot be asked;
    a process id that is alive may have been reused by another process)."""
    if signs.pid is not None and signs.host and signs.host == host and not exists(signs.pid):
        return True
    return now - signs.last_sign > STALE_AFTER


def resume_command(
    *,
    kind: str,
    path: str,
    preset: str,
    options: Mapping[str, str],
    mapping: Mapping[str, str],
    dry_run: bool,
    user: str | None,
) -> str:
    """The `keyplan import` command line that runs the same import again."""
    args = ["keyplan", "import", kind, path]
    if preset != "generic":
        args += ["--preset", preset]
    for name in ("encoding", "delimiter", "decimal", "date_format"):
        value = options.get(name) or "auto"
        if value != "auto":
            args += [f"--{name.replace('_', '-')}", "tab" if value == "\t" else value]
    for field, column in mapping.items():
        args += ["--map", f"{column}={field}"]
    if dry_run:
        args.append("--dry-run")
    if user:
        args += ["--user", user]
    return shlex.join(args)
