"""Writing one batch of the `service_costs` kind (the cost to serve an account: logistics,
returns, special packaging, support, travel, marketing funds, rebates, other),
idempotently (see `keyplan.imports.writing.services`), with their change history.

- The account must exist (found by external id, tax id or name): a cost for an account
  keyplan does not know is a mistake in the file, so this kind never creates accounts.
- The key is the cost's id in the source (`external_id`, unique), else a fingerprint of
  the row (`ServiceCost.import_key`, see `keyplan.imports.pipeline.domain.Keys`):
  re-running a file changes nothing; a corrected row with an id updates its cost, one
  without an id is another cost (give the ids to correct costs by file).
- Only the mapped columns are compared and written: a file without notes keeps the
  stored notes. An empty currency is the account's.
- The rules of a valid cost are the page's and the API's (keyplan.sales.costs.domain):
  never zero (negative: a credit note), a known currency, at most a year ahead.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from keyplan.core.fields import from_minor
from keyplan.sales.costs.domain import currency_problem, date_problem
from keyplan.sales.models import ServiceCost

from ..writing.services import BatchResult, Context, Item, RowProblem, account_problem, minor

# The fields a file may set (the account aside), in the model's names.
FIELDS = ("date", "category", "amount", "currency", "note")
CHUNK = 900  # ids per IN (...) query: under SQLite's limit on parameters

# (external id, "") or ("", import key) -> (line, the cost's values)
Key = tuple[str, str]
Wanted = dict[Key, tuple[int, dict[str, Any]]]


def write_service_costs(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    result = BatchResult()
    wanted = _wanted(ctx, items, result)
    existing = _existing(list(wanted))
    user_id = ctx.user.pk if ctx.user is not None else None
    now = timezone.now()
    new: list[ServiceCost] = []
    changed: list[ServiceCost] = []
    for key, (_line, values) in wanted.items():
        found = existing.get(key)
        if found is None:
            values.setdefault("note", "")
            external_id, import_key = key
            new.append(
                ServiceCost(
                    external_id=external_id, import_key=import_key, created_by_id=user_id, **values
                )
            )
        elif any(getattr(found, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(found, k, v)
            found.updated_at = now  # bulk_update does not apply auto_now
            changed.append(found)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new), len(changed)
    if not dry_run:
        _save(ctx, new, changed)
    return result


def _wanted(ctx: Context, items: list[Item], result: BatchResult) -> Wanted:
    """key -> (line, the cost's values) for the batch's good rows; the others are rejected
    into `result` with their line, column, value and reason."""
    wanted: Wanted = {}
    today = timezone.localdate()
    for item in items:
        record = item.record
        ref = ctx.accounts.find(record)
        if ref is None:
            result.errors.append(account_problem(ctx, "service_costs", item))
            continue
        values = {
            "account_id": ref.pk,
            "date": record["date"],
            "category": record["category"],
            "amount": from_minor(minor(record["amount"])),
            "currency": record.get("currency") or ref.currency,
        }
        if "note" in ctx.headers:
            values["note"] = record.get("note", "")
        problem = _problem(ctx, item, values, today)
        if problem is not None:
            result.errors.append(problem)
            continue
        external_id = record.get("external_id", "")
        key = (external_id, "") if external_id else ("", item.key[0])
        if key in wanted:  # the pipeline reports repeated keys; kept as a safeguard
            reason = gettext("duplicate of line %(line)s") % {"line": wanted[key][0]}
            result.errors.append((item.line, "", "", reason))
            continue
        wanted[key] = (item.line, values)
    return wanted


def _problem(ctx: Context, item: Item, values: dict[str, Any], today: date) -> RowProblem | None:
    """Why a row cannot be a service cost (the page's and the API's rules), or None."""
    line = item.line
    if values["amount"] == 0:
        reason = gettext("the amount cannot be zero (a credit note is a negative amount)")
        return (line, ctx.column("amount"), str(item.record["amount"]), reason)
    problem = currency_problem(values["currency"])
    if problem is not None:
        return (line, ctx.column("currency"), values["currency"], problem)
    problem = date_problem(values["date"], today)
    if problem is not None:
        return (line, ctx.column("date"), values["date"].isoformat(), problem)
    return None


def _existing(keys: list[Key]) -> dict[Key, ServiceCost]:
    """The stored costs under `keys`, by external id or by import key."""
    found: dict[Key, ServiceCost] = {}
    external_ids = sorted({e for e, _k in keys if e})
    import_keys = sorted({k for _e, k in keys if k})
    for start in range(0, len(external_ids), CHUNK):
        chunk = external_ids[start : start + CHUNK]
        for cost in ServiceCost.objects.filter(external_id__in=chunk):
            found[(cost.external_id, "")] = cost
    for start in range(0, len(import_keys), CHUNK):
        chunk = import_keys[start : start + CHUNK]
        for cost in ServiceCost.objects.filter(import_key__in=chunk):
            found[("", cost.import_key)] = cost
    return found


def _save(ctx: Context, new: list[ServiceCost], changed: list[ServiceCost]) -> None:
    bulk_create_with_history(
        new,
        ServiceCost,
        batch_size=1000,
        default_user=ctx.user,
        default_change_reason="import",
    )
    if changed:
        bulk_update_with_history(
            changed,
            ServiceCost,
            ["account", *FIELDS, "updated_at"],
            batch_size=1000,
            default_user=ctx.user,
            default_change_reason="import",
        )
