"""Writing share-of-wallet estimates, one batch at a time, idempotently (see
`keyplan.imports.writing.services`), with their change history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from keyplan.core.fields import from_minor
from keyplan.sales.models import WalletEstimate

from ..writing.services import BatchResult, Context, Item, RowProblem, account_problem, minor

WALLET_FIELDS = ("category_spend", "currency", "source")
WALLET_DIGITS = 14  # integer ten-thousandths in a 64-bit column (keyplan.core.fields)
WALLET_LIMIT = Decimal(10) ** WALLET_DIGITS


def write_wallet(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    """One estimate per account (`portfolio.WalletEstimate`): a row sets the account's
    yearly category spend, in the row's currency or else the account's; a file without a
    source column keeps the stored source. Accounts are never created from this kind: an
    estimate for an account keyplan does not know is a mistake in the file."""
    result = BatchResult()
    wanted = _wanted(ctx, items, result)
    existing: dict[int, WalletEstimate] = {}
    ids = list(wanted)
    for start in range(0, len(ids), 900):
        for estimate in WalletEstimate.objects.filter(account_id__in=ids[start : start + 900]):
            existing[estimate.account_id] = estimate
    user_id = ctx.user.pk if ctx.user is not None else None
    now = timezone.now()
    new: list[WalletEstimate] = []
    changed: list[WalletEstimate] = []
    for account_id, (_line, values) in wanted.items():
        found = existing.get(account_id)
        if found is None:
            values.setdefault("source", "")
            new.append(WalletEstimate(account_id=account_id, updated_by_id=user_id, **values))
        elif any(getattr(found, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(found, k, v)
            found.updated_by_id = user_id
            found.updated_at = now  # bulk_update does not apply auto_now
            changed.append(found)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new), len(changed)
    if not dry_run:
        _save(ctx, new, changed)
    return result


def _wanted(
    ctx: Context, items: list[Item], result: BatchResult
) -> dict[int, tuple[int, dict[str, Any]]]:
    """account pk -> (line, the estimate's values) for the batch's good rows; the others
    are rejected into `result`."""
    wanted: dict[int, tuple[int, dict[str, Any]]] = {}
    for item in items:
        record = item.record
        ref = ctx.accounts.find(record)
        if ref is None:
            result.errors.append(account_problem(ctx, "wallet", item))
            continue
        spend = record["category_spend"]
        problem = _spend_problem(ctx, item.line, spend)
        if problem is None and ref.pk in wanted:
            # The same account named twice (say by its id and by its name) in one batch.
            reason = gettext("duplicate of line %(line)s") % {"line": wanted[ref.pk][0]}
            problem = (item.line, "", "", reason)
        if problem is not None:
            result.errors.append(problem)
            continue
        values = {
            "category_spend": from_minor(minor(spend)),
            "currency": record.get("currency") or ref.currency,
        }
        if "source" in ctx.headers:
            values["source"] = record.get("source", "")
        wanted[ref.pk] = (item.line, values)
    return wanted


def _spend_problem(ctx: Context, line: int, spend: Decimal) -> RowProblem | None:
    if spend < 0:
        reason = gettext("the spend must not be negative")
    elif spend >= WALLET_LIMIT:  # what the estimate's column holds (and set_wallet takes)
        reason = gettext(
            "“%(value)s” is too large (more than %(digits)s digits before the decimal separator)"
        ) % {"value": str(spend), "digits": WALLET_DIGITS}
    else:
        return None
    return (line, ctx.column("category_spend"), str(spend), reason)


def _save(ctx: Context, new: list[WalletEstimate], changed: list[WalletEstimate]) -> None:
    bulk_create_with_history(
        new,
        WalletEstimate,
        batch_size=1000,
        default_user=ctx.user,
        default_change_reason="import",
    )
    if changed:
        bulk_update_with_history(
            changed,
            WalletEstimate,
            [*WALLET_FIELDS, "updated_by", "updated_at"],
            batch_size=1000,
            default_user=ctx.user,
            default_change_reason="import",
        )
