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


# How many changes a settings page lists.
SETTINGS_HISTORY = 20


def history_changes(records, model, *, limit: int) -> list[dict]:
    """The newest `limit` historical records (django-simple-history, newest first), each
    with what changed against the one before it: the field's label and the old and new
    values as shown (a choice's label, not its code)."""
    fields = {field.name: field for field in model._meta.fields}

    def shown(name: str, value):
        field = fields.get(name)
        if field is not None and field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    records = list(records)
    entries = []
    for index, record in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if older is not None and record.history_type == "~":
            changes = [
                {
                    "field": fields[c.field].verbose_name if c.field in fields else c.field,
                    "old": shown(c.field, c.old),
                    "new": shown(c.field, c.new),
                }
                for c in record.diff_against(older).changes
            ]
        entries.append({"record": record, "changes": changes})
    return entries
