"""Writes the demo's planned interactions and time (keyplan.demo.interactions.domain)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from keyplan.core.db import bulk_insert
from keyplan.stakeholders.models import Interaction, TimeEntry, TimeSource

from .domain import REASON, Activity, Manual


def write_activity(activity: list[Activity], manual: list[Manual]) -> dict[str, int]:
    """Insert the interactions (with history), their participants, one time entry per
    participant of ours, and the manual time entries.

    These are tens of thousands of small rows; compiling each value through the ORM's
    `bulk_create` would cost several seconds of the demo's load time, so only the
    interactions go through it (their ids are needed); their history records,
    participants and time entries go in with one set-based insert each (`insert_rows`).
    Time entries get no history record (like the imported sales lines): they are
    derived from the interactions, and their history starts with the first edit."""
    rows = Interaction.objects.bulk_create(
        [_interaction(item) for item in activity], batch_size=1000
    )
    now = timezone.now()
    history = Interaction.history.model
    insert_rows(
        history,
        [
            {f.attname: getattr(row, f.attname) for f in history.tracked_fields}
            | {
                "history_date": now,
                "history_change_reason": REASON,
                "history_type": "+",
                "history_user_id": row.created_by_id,
            }
            for row in rows
        ],
    )
    ours, theirs, entries = [], [], []
    for row, item in zip(rows, activity, strict=True):
        for user_id in item.ours:
            ours.append({"interaction_id": row.pk, "user_id": user_id})
            entries.append(
                _time_entry(
                    user_id,
                    item.account_id,
                    item.day,
                    item.minutes,
                    item.subject[:255],
                    now,
                    interaction_id=row.pk,
                )
            )
        theirs += [{"interaction_id": row.pk, "contact_id": c} for c in item.theirs]
    from_interactions = len(entries)
    entries += [
        _time_entry(extra.user_id, extra.account_id, extra.day, extra.minutes, extra.note, now)
        for extra in manual
    ]
    insert_rows(Interaction.our_people.through, ours)
    insert_rows(Interaction.their_people.through, theirs)
    insert_rows(TimeEntry, entries)
    return {
        "interactions": len(rows),
        "time_entries": from_interactions,
        "manual_entries": len(manual),
    }


def _interaction(item: Activity) -> Interaction:
    return Interaction(
        account_id=item.account_id,
        kind=item.kind,
        occurred_on=item.day,
        duration_minutes=item.minutes,
        subject=item.subject,
        notes=item.notes,
        next_step=item.next_step,
        goal_id=item.goal_id,
        action_id=item.action_id,
        created_by_id=item.ours[0],
    )


def _time_entry(
    user_id: int,
    account_id: int,
    day: date,
    minutes: int,
    note: str,
    now: datetime,
    *,
    interaction_id: int | None = None,
) -> dict[str, Any]:
    """A time entry's row: from the interaction `interaction_id`, else a manual one."""
    source = TimeSource.MANUAL if interaction_id is None else TimeSource.INTERACTION
    return {
        "user_id": user_id,
        "account_id": account_id,
        "spent_on": day,
        "minutes": minutes,
        "note": note,
        "source": source.value,
        "interaction_id": interaction_id,
        "created_at": now,
        "updated_at": now,
    }


def insert_rows(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` (column attname -> plain value: int, text, None, date, datetime)
    into `model`'s table with one set-based insert (keyplan.core.db.bulk_insert). Dates
    and datetimes are adapted by the backend's operations, as the ORM does."""
    if not rows:
        return
    ops = connection.ops
    by_name = {f.name: f for f in model._meta.concrete_fields}
    by_name |= {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_name[name] for name in rows[0]]  # names or attnames
    adapters: dict[str, Callable[[Any], Any]] = {
        "DateTimeField": ops.adapt_datetimefield_value,
        "DateField": ops.adapt_datefield_value,
    }
    adapt = {
        f.attname: adapters[f.get_internal_type()]
        for f in fields
        if f.get_internal_type() in adapters
    }
    cache: dict[object, object] = {}

    def value(name: str, raw: object) -> object:
        if name not in adapt or raw is None:
            return raw
        if raw not in cache:
            cache[raw] = adapt[name](raw)
        return cache[raw]

    names = [f.attname for f in fields]
    bulk_insert(
        model._meta.db_table,
        [f.column for f in fields],
        [tuple(value(n, row[n]) for n in names) for row in rows],
    )
