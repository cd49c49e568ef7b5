"""A snapshot's figures as a user may read them (issue #19, "no leak through totals").

A snapshot is saved with company-wide figures: how many accounts were classified, the
accounts per class before and after, the revenue and gross profit, how many changed
class, the strategic cap worked out from the number of accounts. Administrators and
directors see every account and read them as saved.

Everybody else reads them over the accounts they may see (the one access rule,
`keyplan.accounts.access.visible_accounts`, archived ones included as a snapshot is
history): `totals` and `changed` are recounted over those rows, and the parameters that
only exist as company-wide figures (`WHOLE_PORTFOLIO`: the number of accounts
classified, the strategic cap derived from it) are withheld. `totals["scope"]` says
which: "portfolio" or "visible_accounts". The classes themselves stay the company-wide
ones (a class is a fact about one account, worked out against the whole company).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from django.db.models import BigIntegerField, Count, F, Q, Sum

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import AccountClass
from keyplan.core.fields import from_minor

from ..access import can_manage_portfolio
from ..models import Snapshot, SnapshotRow

# Parameters that are company-wide figures rather than settings.
WHOLE_PORTFOLIO = ("classified", "strategic_cap")
PORTFOLIO = "portfolio"
VISIBLE_ACCOUNTS = "visible_accounts"

__all__ = [
    "WHOLE_PORTFOLIO",
    "ScopedSnapshots",
    "scoped_parameters",
    "snapshot_for_user",
    "snapshots_for_user",
]


def scoped_parameters(parameters: dict, user) -> dict:
    """The parameters without the company-wide figures, unless `user` sees everything."""
    if can_manage_portfolio(user):
        return parameters
    return {k: v for k, v in (parameters or {}).items() if k not in WHOLE_PORTFOLIO}


def _aggregates() -> dict:
    big: BigIntegerField = BigIntegerField()
    aggregates = {
        "classified": Count("pk"),
        "changed": Count("pk", filter=~Q(class_before=F("class_after"))),
        "revenue": Sum("revenue", output_field=big),
        "gross_profit": Sum("gross_profit", output_field=big),
    }
    for key in AccountClass.values:
        aggregates[f"before_{key}"] = Count("pk", filter=Q(class_before=key))
        aggregates[f"after_{key}"] = Count("pk", filter=Q(class_after=key))
    return aggregates


def _totals(figures: dict) -> dict:
    return {
        "classified": figures.get("classified") or 0,
        "counts_before": {k: figures.get(f"before_{k}") or 0 for k in AccountClass.values},
        "counts_after": {k: figures.get(f"after_{k}") or 0 for k in AccountClass.values},
        "revenue": str(from_minor(figures.get("revenue") or 0)),
        "gross_profit": str(from_minor(figures.get("gross_profit") or 0)),
        "scope": VISIBLE_ACCOUNTS,
    }


def _visible_figures(snapshot_ids: list[int], user) -> dict[int, dict]:
    """{snapshot id: its counts and sums over the rows of the accounts `user` sees}: one
    query whatever the number of snapshots."""
    rows = (
        SnapshotRow.objects.filter(
            snapshot_id__in=snapshot_ids,
            account__in=visible_accounts(user, include_archived=True).values("pk"),
        )
        .order_by()
        .values("snapshot_id")
        .annotate(**_aggregates())
    )
    return {row["snapshot_id"]: row for row in rows}


def snapshots_for_user(snapshots: Iterable[Snapshot], user) -> list[Snapshot]:
    """The snapshots as `user` may read them: unchanged for those who see every account;
    for the others copies (never saved) whose `totals`, `changed` and `parameters` are
    over the accounts they see."""
    found = list(snapshots)
    if can_manage_portfolio(user) or not found:
        return found
    figures = _visible_figures([s.pk for s in found], user)
    scoped = []
    for snapshot in found:
        own = figures.get(snapshot.pk, {})
        shown = copy.copy(snapshot)
        shown.totals = _totals(own)
        shown.changed = own.get("changed") or 0
        shown.parameters = scoped_parameters(snapshot.parameters, user)
        scoped.append(shown)
    return scoped


def snapshot_for_user(snapshot: Snapshot, user) -> Snapshot:
    """`snapshots_for_user` of one snapshot."""
    return snapshots_for_user([snapshot], user)[0]


class ScopedSnapshots:
    """A snapshot queryset for the API's pagination: counted and sliced like the
    queryset, each page read through `snapshots_for_user`."""

    def __init__(self, queryset, user) -> None:
        self.queryset = queryset
        self.user = user

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> list[Snapshot]:
        return snapshots_for_user(self.queryset[index], self.user)
