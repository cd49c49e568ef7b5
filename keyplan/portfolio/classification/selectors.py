"""The classification preview (SPEC §1.2): the class every account that is not closed
would get under the current settings, computed company-wide from the rollups (see
`figures`) with the rules of `domain`; an account's class history; and the comparison
of two snapshots of applied classifications.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account, AccountClass, AccountStatus
from keyplan.core.fields import from_minor
from keyplan.sales.figures.domain import Period, money_text
from keyplan.sales.figures.selectors import (
    Figures,
    account_figures,
    default_period,
    raw_rows,
)
from keyplan.sales.models import Opportunity, OpportunityStatus

from ..access import can_manage_portfolio
from ..common.selectors import AccountRow, account_rows, gc_paused, owner_name, owner_names
from ..models import PortfolioSettings, Snapshot, SnapshotRow
from ..pareto import columns as pareto_columns
from ..pareto import domain as pareto_domain
from . import domain

HUNDRED = Decimal(100)
ID_CHUNK = 500  # ids per IN (...) clause: well under SQLite's variable limit

__all__ = [
    "ClassRow",
    "Classification",
    "chunks",
    "class_history",
    "classification_preview",
    "compare_snapshots",
]


# --- classification ------------------------------------------------------------------


@dataclass(slots=True)
class ClassRow:
    account_id: int
    name: str
    external_id: str
    owner: str
    current: str
    proposed: str
    revenue: Decimal
    gross_profit: Decimal
    value: Decimal
    rank: int | None
    cumulative_share: Decimal | None

    @property
    def changed(self) -> bool:
        return self.current != self.proposed


@dataclass
class Classification:
    period: Period
    metric: str
    currency: str
    parameters: dict  # the settings used, JSON-ready
    rows: list[ClassRow]  # every classified account shown, rank order then name
    counts_before: dict[str, int]
    counts_after: dict[str, int]
    missing_rates: list[str]

    @property
    def changes(self) -> list[ClassRow]:
        return [row for row in self.rows if row.changed]


def _class_counts(classes: Iterable[str]) -> dict[str, int]:
    counts = {key: 0 for key in AccountClass.values}
    for cls in classes:
        counts[cls] = counts.get(cls, 0) + 1
    return counts


def _fallback_period() -> Period:
    """Without any sales: the 12 months up to this one (only interest dates matter)."""
    return Period.last_months(date.today())


def _interest(period: Period, settings: PortfolioSettings) -> tuple[set[int], set[int], date]:
    """(accounts with an open opportunity, accounts with interest recorded since the
    date the settings count interest from, that date)."""
    interest_since = period.date_to - timedelta(days=settings.prospect_interest_days)
    with_open_opportunity = set(
        Opportunity.objects.filter(status=OpportunityStatus.OPEN)
        .order_by()
        .values_list("account_id", flat=True)
        .distinct()
    )
    with_interest = set(
        Account.objects.filter(interest_recorded_on__gte=interest_since)
        .order_by()
        .values_list("id", flat=True)
    )
    return with_open_opportunity, with_interest, interest_since


def _parameters(
    settings: PortfolioSettings,
    period: Period,
    figures: Figures,
    classified: int,
    interest_since: date,
) -> dict:
    """The settings the classification used, JSON-ready (saved with a snapshot)."""
    max_share = settings.strategic_max_share / HUNDRED
    return {
        "metric": settings.strategic_metric,
        "date_from": period.date_from.isoformat(),
        "date_to": period.date_to.isoformat(),
        "base_currency": figures.currency,
        "strategic_cumulative_share": money_text(Decimal(settings.strategic_cumulative_share)),
        "strategic_max_share": money_text(Decimal(settings.strategic_max_share)),
        "strategic_cap": domain.strategic_cap(classified, max_share) if classified else 0,
        "prospect_interest_days": settings.prospect_interest_days,
        "interest_since": interest_since.isoformat(),
        "pareto_share": money_text(Decimal(settings.pareto_share)),
        "classified": classified,
        "rates": {cur: str(rate) for cur, rate in sorted(figures.rates.items())},
        "missing_rates": figures.missing_rates,
    }


def _shown_rows(
    user,
    accounts: dict[int, AccountRow],
    figures: Figures,
    proposed: dict[int, str],
    ranking: pareto_columns.Columns,
) -> list[ClassRow]:
    """The rows `user` may see: ranked ones in rank order, then the others by name."""
    shown: set[int] | None = None
    if not can_manage_portfolio(user):
        shown = set(visible_accounts(user).values_list("id", flat=True))
    owners = owner_names(
        accounts.values() if shown is None else (accounts[pk] for pk in shown if pk in accounts)
    )
    no_sales = (Decimal("0.00"), Decimal("0.00"))
    get_figures = figures.values.get

    def make(pk: int, value: Decimal, rank: int | None, cumulative: Decimal | None) -> ClassRow:
        account = accounts[pk]
        revenue, gross_profit = get_figures(pk, no_sales)
        return ClassRow(
            pk,
            account.name,
            account.external_id,
            owners[account.owner_id],
            account.account_class,
            proposed[pk],
            revenue,
            gross_profit,
            value,
            rank,
            cumulative,
        )

    ranked = [
        make(pk, value, rank, cumulative)
        for rank, (pk, value, cumulative) in enumerate(
            zip(ranking.ranked_ids, ranking.ranked_values, ranking.cumulative, strict=True),
            start=1,
        )
        if shown is None or pk in shown
    ]
    unranked = [
        make(pk, value, None, None)
        for pk, value in zip(ranking.rest_ids, ranking.rest_values, strict=True)
        if shown is None or pk in shown
    ]
    unranked.sort(key=lambda r: (r.name.casefold(), r.account_id))
    return ranked + unranked


def _plain_classes(
    inputs: list[domain.ClassInput], settings: PortfolioSettings, metric: str
) -> tuple[dict[int, str], pareto_columns.Columns]:
    """The classes and the ranking by the plain rules of `domain` (amounts beyond int64)."""
    proposed = domain.classify(
        inputs,
        metric=metric,
        cumulative_share=settings.strategic_cumulative_share / HUNDRED,
        max_share=settings.strategic_max_share / HUNDRED,
    )
    ranking = pareto_domain.pareto(
        [pareto_domain.Item(c.id, c.revenue, c.gross_profit) for c in inputs],
        metric,
        settings.pareto_share / HUNDRED,
    )
    return proposed, pareto_columns.from_pareto(ranking)


def _classes(
    accounts: dict[int, AccountRow],
    figures: Figures,
    interest: tuple[set[int], set[int]],
    settings: PortfolioSettings,
    metric: str,
) -> tuple[dict[int, str], pareto_columns.Columns]:
    """`domain.classify` and the Pareto ranking of the same accounts, computed once on
    columns (`pareto.columns`, property-tested against the plain rules): the strategic
    accounts are the head of the ranking."""
    zero = Decimal("0.00")
    no_sales = (zero, zero)
    no_minor = (0, 0)
    with_open_opportunity, with_interest = interest
    ids = list(accounts)
    index = 0 if metric == "revenue" else 1
    get_figures, get_minor = figures.values.get, figures.minor.get
    ranking = pareto_columns.pareto_columns(
        ids,
        [get_figures(pk, no_sales)[index] for pk in ids],
        [get_minor(pk, no_minor)[index] for pk in ids],
        metric,
        settings.pareto_share / HUNDRED,
    )
    if ranking is None:
        inputs = [
            domain.ClassInput(
                pk, *get_figures(pk, no_sales), pk in with_open_opportunity, pk in with_interest
            )
            for pk in ids
        ]
        return _plain_classes(inputs, settings, metric)
    strategic_count = pareto_columns.strategic_count(
        ranking,
        len(ids),
        settings.strategic_cumulative_share / HUNDRED,
        settings.strategic_max_share / HUNDRED,
    )
    strategic = set(ranking.ranked_ids[:strategic_count])
    proposed: dict[int, str] = {}
    for pk in ids:
        if pk in strategic:
            proposed[pk] = domain.STRATEGIC
        elif get_minor(pk, no_minor)[0] > 0:  # revenue > 0
            proposed[pk] = domain.REGULAR
        elif pk in with_open_opportunity or pk in with_interest:
            proposed[pk] = domain.PROSPECT
        else:
            proposed[pk] = domain.SUSPECT
    return proposed, ranking


@gc_paused
def classification_preview(*, user, period: Period | None = None) -> Classification:
    """What the classes would be for `period` (default: the 12 months up to the latest
    sales month), computed company-wide over every account that is not closed.

    Managers get every row; other users the rows of the accounts they may see (the
    classes are still the company-wide ones), and the counts over those rows.
    """
    settings = PortfolioSettings.load()
    period = period or default_period() or _fallback_period()
    metric = settings.strategic_metric

    accounts = account_rows(Account.objects.exclude(status=AccountStatus.CLOSED))
    figures = account_figures(None, period, base=settings.base_currency)
    with_open_opportunity, with_interest, interest_since = _interest(period, settings)
    proposed, ranking = _classes(
        accounts, figures, (with_open_opportunity, with_interest), settings, metric
    )
    rows = _shown_rows(user, accounts, figures, proposed, ranking)
    return Classification(
        period=period,
        metric=metric,
        currency=figures.currency,
        parameters=_parameters(settings, period, figures, len(accounts), interest_since),
        rows=rows,
        counts_before=_class_counts(r.current for r in rows),
        counts_after=_class_counts(r.proposed for r in rows),
        missing_rates=figures.missing_rates,
    )


# --- class history -----------------------------------------------------------------


def class_history(account) -> list[dict]:
    """The account's class over time from its history, newest first: one entry when it
    was created and one per change, as {date, user, old, new, reason} (old is None for
    the creation; user is a display name, "" when unknown). The caller checks access."""
    records = (
        Account.history.filter(id=account.pk)
        .order_by("history_date", "history_id")
        .values_list(
            "history_date",
            "account_class",
            "history_change_reason",
            "history_user_id",
            "history_user__first_name",
            "history_user__last_name",
            "history_user__username",
        )
    )
    entries: list[dict] = []
    previous: str | None = None
    first = True
    for when, cls, reason, user_id, first_name, last_name, username in records:
        if first or cls != previous:
            entries.append(
                {
                    "date": when,
                    "user": owner_name(first_name, last_name, username) if user_id else "",
                    "old": None if first else previous,
                    "new": cls,
                    "reason": reason or "",
                }
            )
        previous, first = cls, False
    entries.reverse()
    return entries


# --- snapshots ---------------------------------------------------------------------


def chunks(items: list, size: int = ID_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _visible_rows(user) -> Q:
    """Snapshot rows the user may see: all for portfolio managers, else visible accounts."""
    if can_manage_portfolio(user):
        return Q()
    return Q(rows__account__in=visible_accounts(user, include_archived=True))


def snapshots_with_counts(user) -> QuerySet[Snapshot]:
    """The snapshots, newest first, each with `n_<class>`: its rows in that class among
    the accounts `user` may see."""
    visible = _visible_rows(user)
    counts = {
        f"n_{key}": Count("rows", filter=visible & Q(rows__class_after=key))
        for key in AccountClass.values
    }
    # GROUP BY queries ignore Meta.ordering, so the order is spelled out.
    return (
        Snapshot.objects.select_related("created_by")
        .annotate(**counts)
        .order_by("-created_at", "-pk")
    )


def snapshot_rows(snapshot: Snapshot, user, *, changed_only: bool, account_class: str):
    """A snapshot's rows `user` may see, rank order (unranked last) then by name."""
    rows = SnapshotRow.objects.filter(snapshot=snapshot).select_related("account")
    if not can_manage_portfolio(user):
        rows = rows.filter(account__in=visible_accounts(user, include_archived=True))
    if changed_only:
        rows = rows.exclude(class_before=F("class_after"))
    if account_class:
        rows = rows.filter(class_after=account_class)
    return rows.order_by(F("rank").asc(nulls_last=True), "account__name", "pk")


def previous_snapshot_id(snapshot: Snapshot) -> int | None:
    return (
        Snapshot.objects.filter(
            Q(created_at__lt=snapshot.created_at)
            | Q(created_at=snapshot.created_at, pk__lt=snapshot.pk)
        )
        .values_list("pk", flat=True)
        .first()
    )


def snapshot_choices() -> list[tuple]:
    """(id, created_at, note) of the latest 200 snapshots, for the pickers."""
    return list(Snapshot.objects.values_list("pk", "created_at", "note")[:200])


def _snapshot_classes(snapshot: Snapshot, visible_ids) -> dict[int, tuple]:
    """{account id: (class, revenue minor units, gross profit minor units)}: raw rows, as
    a snapshot has a row per classified account (100,000)."""
    rows = SnapshotRow.objects.filter(snapshot=snapshot)
    if visible_ids is not None:
        rows = rows.filter(account_id__in=visible_ids)
    values = rows.order_by().values_list("account_id", "class_after", "revenue", "gross_profit")
    return {row[0]: row[1:] for row in raw_rows(values)}


def compare_snapshots(older: Snapshot, newer: Snapshot, *, user) -> dict:
    """Who moved into and out of each class between two snapshots, over the accounts
    `user` may see.

    {"classes": [{"key", "label", "before", "after", "moved_in", "moved_out"}]}: before/after
    count the class in each snapshot; a moved row is {"account_id", "external_id", "name",
    "before", "after", "revenue", "gross_profit"} (before/after: the class in the older
    and newer snapshot, "" when the account is not in it; figures from the newer one, or
    the older when the account left), sorted by name.
    """
    visible_ids = (
        None
        if can_manage_portfolio(user)
        else visible_accounts(user, include_archived=True).values("pk")
    )
    before = _snapshot_classes(older, visible_ids)
    after = _snapshot_classes(newer, visible_ids)
    moved_ids = sorted(
        pk
        for pk in before.keys() | after.keys()
        if (before.get(pk) or ("",))[0] != (after.get(pk) or ("",))[0]
    )
    names: dict[int, tuple[str, str]] = {}
    for chunk in chunks(moved_ids):
        names.update(
            (pk, (external_id, name))
            for pk, external_id, name in Account.objects.filter(pk__in=chunk).values_list(
                "pk", "external_id", "name"
            )
        )

    def moved_row(pk: int) -> dict:
        cls_before = before[pk][0] if pk in before else ""
        cls_after = after[pk][0] if pk in after else ""
        figures = after.get(pk) or before[pk]
        external_id, name = names.get(pk, ("", ""))
        return {
            "account_id": pk,
            "external_id": external_id,
            "name": name,
            "before": cls_before,
            "after": cls_after,
            "revenue": from_minor(int(figures[1])),
            "gross_profit": from_minor(int(figures[2])),
        }

    rows = sorted(
        (moved_row(pk) for pk in moved_ids), key=lambda r: (r["name"].casefold(), r["account_id"])
    )
    count_before = Counter(entry[0] for entry in before.values())
    count_after = Counter(entry[0] for entry in after.values())
    classes = []
    for key, label in AccountClass.choices:
        classes.append(
            {
                "key": key,
                "label": label,
                "before": count_before[key],
                "after": count_after[key],
                "moved_in": [r for r in rows if r["after"] == key],
                "moved_out": [r for r in rows if r["before"] == key],
            }
        )
    return {"classes": classes}
