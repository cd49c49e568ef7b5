"""Writing opportunities, one batch at a time, idempotently (see
`keyplan.imports.writing.services`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from keyplan.sales.models import Opportunity

from ..writing.services import BatchResult, Context, Item, resolve_accounts

OPPORTUNITY_FIELDS = (
    "account_id",
    "name",
    "stage",
    "amount",
    "currency",
    "probability",
    "created_date",
    "close_date",
    "status",
    "competitor",
    "owner_id",
)


# Opportunity field -> the import fields that set it (account and name are always there).
OPPORTUNITY_SOURCES = {
    "stage": ("stage",),
    "amount": ("amount",),
    "currency": ("currency",),
    "probability": ("probability",),
    "created_date": ("created_date",),
    "close_date": ("close_date",),
    "status": ("status", "is_won", "is_closed", "stage"),
    "competitor": ("competitor",),
    "owner_id": ("owner",),
}


def write_opportunities(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    result = BatchResult()
    items = resolve_accounts(ctx, "opportunities", items, result)
    keys = [i.key[0] for i in items]
    existing = {o.external_id: o for o in Opportunity.objects.filter(external_id__in=keys)}
    new: list[Opportunity] = []
    changed: list[Opportunity] = []
    for item in items:
        record, account = item.record, item.record["_account"]
        stage = record.get("stage", "")
        values: dict[str, Any] = {
            "account_id": account.pk,
            "name": record["name"],
            "stage": stage,
            "amount": record.get("amount"),
            "currency": record.get("currency") or account.currency,
            "probability": record.get("probability"),
            "created_date": record.get("created_date"),
            "close_date": record.get("close_date"),
            "status": _status(record, stage),
            "competitor": record.get("competitor", ""),
            "owner_id": ctx.users.find(record.get("owner")),
        }
        if values["probability"] is not None:
            values["probability"] = values["probability"].quantize(Decimal("0.01"))
        opportunity = existing.get(item.key[0])
        if opportunity is not None:
            # What the file has no column for, and an owner it names but keyplan does not
            # know, keep what the users entered: re-importing then changes nothing.
            values = {
                k: v
                for k, v in values.items()
                if (
                    k not in OPPORTUNITY_SOURCES
                    or any(f in ctx.headers for f in OPPORTUNITY_SOURCES[k])
                )
                and not (k == "owner_id" and v is None)
            }
        if opportunity is None:
            opportunity = Opportunity(external_id=item.key[0], **values)
            new.append(opportunity)
            existing[item.key[0]] = opportunity
        elif any(getattr(opportunity, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(opportunity, k, v)
            changed.append(opportunity)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new), len(changed)
    if not dry_run:
        Opportunity.objects.bulk_create(new, batch_size=1000)
        Opportunity.objects.bulk_update(changed, list(OPPORTUNITY_FIELDS), batch_size=1000)
    return result


def _status(record: dict[str, Any], stage: str) -> str:
    """open, won or lost: the status column, else the closed and won flags, else the
    stage (Salesforce's and HubSpot's "Closed Won" and "closedlost")."""
    status = record.get("status")
    if status is None and "is_closed" in record:
        status = ("won" if record.get("is_won") else "lost") if record["is_closed"] else "open"
    elif status is None and record.get("is_won"):
        status = "won"
    if status is None:
        lowered = stage.replace(" ", "").casefold()
        status = "won" if lowered == "closedwon" else "lost" if lowered == "closedlost" else "open"
    return status
