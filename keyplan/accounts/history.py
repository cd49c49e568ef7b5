"""Turns django-simple-history records into readable change entries (who, when, what)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from .models import Account, AccountTeamMember, Contact

ACTION_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    subject: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""


def _display(record, field_name: str) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        try:
            related = getattr(record, field_name)
        except Exception:  # the related row was deleted since
            return f"#{value}"
        return str(related)
    return str(value)


def _entries(records, subject_of) -> list[HistoryEntry]:
    """`records` newest first; each change is diffed against the next older record of
    the same object in the list, in memory, so the page costs no query per entry."""
    records = list(records)
    older: dict[int, object] = {}
    previous_of: dict[int, object] = {}
    for record in reversed(records):
        previous_of[record.history_id] = older.get(record.id)
        older[record.id] = record
    entries: list[HistoryEntry] = []
    for record in records:
        changes: list[FieldChange] = []
        if record.history_type == "~":
            previous = previous_of[record.history_id]
            if previous is not None:
                delta = record.diff_against(previous)
                for change in delta.changes:
                    label = record.instance_type._meta.get_field(change.field).verbose_name
                    changes.append(
                        FieldChange(
                            str(label).capitalize(),
                            _display(previous, change.field),
                            _display(record, change.field),
                        )
                    )
            if not changes:
                continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user_id else str(_("system")),
                subject=subject_of(record),
                action=str(ACTION_LABELS[record.history_type]),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def account_history(account: Account, *, limit: int = 50) -> list[HistoryEntry]:
    """The latest changes to the account, its team and its contacts, newest first."""
    account_records = account.history.select_related("history_user", "owner", "parent")
    # Older records of the same team member or contact are needed for the diffs.
    team_records = AccountTeamMember.history.filter(account_id=account.pk)
    contact_records = Contact.history.filter(account_id=account.pk)
    entries = _entries(
        account_records.order_by("-history_date", "-history_id")[: limit + 1],
        lambda r: str(_("Account")),
    )
    entries += _entries(
        team_records.select_related("history_user", "user", "business_unit").order_by(
            "-history_date", "-history_id"
        )[: limit * 2],
        lambda r: str(_("Team: %(name)s") % {"name": r.user}),
    )
    entries += _entries(
        contact_records.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit * 2
        ],
        lambda r: str(_("Contact: %(name)s") % {"name": f"{r.first_name} {r.last_name}".strip()}),
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
