"""Errors every service raises alike, so every adapter (page, API, command) answers them
alike."""

from __future__ import annotations

from datetime import datetime
from typing import Any


class ConflictError(Exception):
    """The object changed since the caller read it; nothing was written. `current` is what
    is stored now (None when it was deleted since)."""

    def __init__(self, current: Any) -> None:
        super().__init__("conflict")
        self.current = current


def check_seen(current: Any, seen_updated_at: datetime | None) -> None:
    """ConflictError when the caller read `current` at another `updated_at`, or it is gone
    since; nothing to check without `seen_updated_at`."""
    if seen_updated_at is not None and (current is None or current.updated_at != seen_updated_at):
        raise ConflictError(current)
