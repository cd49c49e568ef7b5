"""Writes of the health score: the monthly snapshots its history is drawn from.

- record_month(month, *, account_ids=None) -> int: every account's health as of the end
  of `month` kept as that month's HealthSnapshot (score and components with their facts,
  points, weights and sources as computed then). Idempotent: recording a month again
  replaces its snapshots. A fixed number of queries per batch of accounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from keyplan.accounts.models import Account
from keyplan.portfolio.models import PortfolioSettings

from ..models import HealthSnapshot
from ..signals.selectors import facts_as_of, month_end
from .selectors import health_of

BATCH = 1000  # accounts read and written at once


def _batches(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


@transaction.atomic
def record_month(month: date, *, account_ids: Iterable[int] | None = None) -> int:
    """Record the health of every account (or of `account_ids`) as of the last day of
    `month`'s month, or of the end of the latest sales month when that is earlier (months
    not imported yet are not read as no sales); returns how many accounts were recorded."""
    first = month.replace(day=1)
    as_of = min(month_end(first), facts_as_of(month_end(first)))
    if account_ids is None:
        ids = list(Account.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = list(dict.fromkeys(account_ids))
    base = PortfolioSettings.load().base_currency
    recorded = 0
    for batch in _batches(ids):
        found = health_of(batch, as_of=as_of, base=base)
        snapshots = [
            HealthSnapshot(account_id=pk, month=first, score=h.score, components=h.as_json())
            for pk, (h, _signals) in found.items()
        ]
        HealthSnapshot.objects.bulk_create(
            snapshots,
            update_conflicts=True,
            unique_fields=["account", "month"],
            update_fields=["score", "components", "recorded_at"],
        )
        recorded += len(snapshots)
    return recorded
