"""Saving and deleting with django-simple-history: who did it and why, on the record."""

from __future__ import annotations

from typing import Any

from django.db import models


def save_with_history(obj: models.Model, user: Any, reason: str) -> None:
    obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()


def delete_with_history(obj: models.Model, user: Any, reason: str) -> None:
    obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.delete()
