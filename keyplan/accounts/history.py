"""Turns django-simple-history records into readable change entries (who, when, what),
in the reader's language: field labels, choice labels (a contact's buying roles too),
yes/no, localised dates and numbers; never a raw code.

`account_history_page` pages through the changes to the account, its team and its
contacts, newest first, in a fixed number of queries whatever the length of the history:
the page's keys from one UNION over the three history tables (and its count), then per
table the page's records and the records each one is compared with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import CharField, OuterRef, Subquery, TextChoices, Value
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from keyplan.core.countries import country_name

from .models import Account, AccountTeamMember, BuyingRole, Contact

ACTION_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
HISTORY_PAGE_SIZE = 25
EMPTY = "—"

# JSON fields holding a list of choices: shown as their labels.
LIST_CHOICES: dict[str, type[TextChoices]] = {"buying_roles": BuyingRole}


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


def _plain(model_field, value: Any) -> str:
    if model_field.name in LIST_CHOICES and isinstance(value, list):
        labels = dict(LIST_CHOICES[model_field.name].choices)
        return ", ".join(str(labels.get(code, code)) for code in value) or EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.name == "country":
        return country_name(value) or value
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, (date, datetime, Decimal, int, float)):
        return str(formats.localize(value, use_l10n=True))
    return str(value)


def _display(record, field_name: str) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname)
    if value in (None, "", [], {}):
        return EMPTY
    if model_field.is_relation:
        try:
            related = getattr(record, field_name)
        except Exception:  # the related row was deleted since
            return f"#{value}"
        return f"#{value}" if related is None else str(related)
    return _plain(model_field, value)


def _changes(record, previous) -> list[FieldChange]:
    changes = []
    for change in record.diff_against(previous).changes:
        label = record.instance_type._meta.get_field(change.field).verbose_name
        changes.append(
            FieldChange(
                str(label).capitalize(),
                _display(previous, change.field),
                _display(record, change.field),
            )
        )
    return changes


def _entry(record, previous, subject: str) -> HistoryEntry | None:
    changes = _changes(record, previous) if record.history_type == "~" and previous else []
    if record.history_type == "~" and previous is not None and not changes:
        return None  # saved without a visible change
    return HistoryEntry(
        when=record.history_date,
        who=str(record.history_user) if record.history_user_id else str(_("system")),
        subject=subject,
        action=str(ACTION_LABELS[record.history_type]),
        changes=changes,
        reason=record.history_change_reason or "",
    )


def _account_subject(record) -> str:
    return str(_("Account"))


def _team_subject(record) -> str:
    return str(_("Team: %(name)s") % {"name": record.user})


def _contact_subject(record) -> str:
    name = f"{record.first_name} {record.last_name}".strip()
    return str(_("Contact: %(name)s") % {"name": name})


# kind -> (model, subject of a record); Any: the history managers are added at run time.
SOURCES: dict[str, tuple[Any, Callable[[Any], str]]] = {
    "a": (Account, _account_subject),
    "t": (AccountTeamMember, _team_subject),
    "c": (Contact, _contact_subject),
}


def _relations(model) -> list[str]:
    names = [f.name for f in model.history.model._meta.fields if f.is_relation]
    return [n for n in names if n not in ("history_relation",)]


def _histories(account: Account) -> dict[str, Any]:
    return {
        "a": Account.history.filter(id=account.pk),
        "t": AccountTeamMember.history.filter(account_id=account.pk),
        "c": Contact.history.filter(account_id=account.pk),
    }


def _keys(account: Account):
    """(history_id, history_date, kind) of every record, newest first: one UNION."""
    parts = [
        qs.order_by()
        .annotate(kind=Value(kind, output_field=CharField()))
        .values_list("history_id", "history_date", "kind")
        for kind, qs in _histories(account).items()
    ]
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


def _records(kind: str, qs, ids: list[int]) -> dict[int, tuple[Any, Any]]:
    """The page's records of one table and the record before each (two queries)."""
    model = SOURCES[kind][0]
    related = _relations(model)
    older = model.history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
    records = list(
        qs.filter(history_id__in=ids)
        .select_related(*related)
        .annotate(previous_id=Subquery(older.order_by("-history_id").values("history_id")[:1]))
    )
    previous_ids = [r.previous_id for r in records if r.previous_id and r.history_type == "~"]
    previous = {
        p.history_id: p
        for p in model.history.filter(history_id__in=previous_ids).select_related(*related)
    }
    return {r.history_id: (r, previous.get(r.previous_id)) for r in records}


def entries_of(account: Account, keys: list[tuple[int, Any, str]]) -> list[HistoryEntry]:
    histories = _histories(account)
    found: dict[str, dict[int, tuple[Any, Any]]] = {}
    for kind in {k for _id, _when, k in keys}:
        found[kind] = _records(kind, histories[kind], [i for i, _w, k in keys if k == kind])
    entries = []
    for history_id, _when, kind in keys:
        record, previous = found[kind][history_id]
        entry = _entry(record, previous, SOURCES[kind][1](record))
        if entry is not None:
            entries.append(entry)
    return entries


@dataclass
class HistoryPage:
    page: Page
    entries: list[HistoryEntry]
    page_numbers: list[int | str]
    ellipsis: Any = Paginator.ELLIPSIS


def account_history_page(account: Account, number: Any = 1) -> HistoryPage:
    """One page of the changes to the account, its team and its contacts, newest first
    (a fixed number of queries: the count, the page's keys, two per table on the page)."""
    paginator = Paginator(_keys(account), HISTORY_PAGE_SIZE)
    page = paginator.get_page(number)
    numbers = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return HistoryPage(page, entries_of(account, list(page.object_list)), numbers)


def account_history(account: Account, *, limit: int = 50) -> list[HistoryEntry]:
    """The latest changes to the account, its team and its contacts, newest first."""
    return entries_of(account, list(_keys(account)[:limit]))
