"""The classification preview (SPEC §1.2): the class every account that is not closed
would get under the current settings, computed company-wide from the rollups (see
`rollups`) with the rules of `domain`, and an account's class history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account, AccountClass, AccountStatus
from keyplan.sales.models import Opportunity, OpportunityStatus

from . import domain
from .models import PortfolioSettings
from .rollups import (
    Period,
    Scope,
    _accounts,
    _gc_paused,
    _money_text,
    _owner_name,
    _owner_names,
    _sees_all,
    default_period,
    scoped_figures,
)

HUNDRED = Decimal(100)

__all__ = ["ClassRow", "Classification", "class_history", "classification_preview"]


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


@_gc_paused
def classification_preview(*, user, period: Period | None = None) -> Classification:
    """What the classes would be for `period` (default: the 12 months up to the latest
    sales month), computed company-wide over every account that is not closed.

    Managers get every row; other users the rows of the accounts they may see (the
    classes are still the company-wide ones), and the counts over those rows.
    """
    settings = PortfolioSettings.load()
    period = period or default_period() or _fallback_period()
    metric = settings.strategic_metric
    cumulative_share = settings.strategic_cumulative_share / HUNDRED
    max_share = settings.strategic_max_share / HUNDRED
    interest_since = period.date_to - timedelta(days=settings.prospect_interest_days)

    accounts = _accounts(Account.objects.exclude(status=AccountStatus.CLOSED))
    figures = scoped_figures(None, period, Scope(), settings)
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
    zero = Decimal("0.00")
    no_sales = (zero, zero)
    get_figures = figures.values.get
    inputs = [
        domain.ClassInput(
            pk, *get_figures(pk, no_sales), pk in with_open_opportunity, pk in with_interest
        )
        for pk in accounts
    ]
    proposed = domain.classify(
        inputs, metric=metric, cumulative_share=cumulative_share, max_share=max_share
    )
    ranking = domain.pareto(
        [domain.Item(c.id, c.revenue, c.gross_profit) for c in inputs],
        metric,
        settings.pareto_share / HUNDRED,
    )

    shown: set[int] | None = None
    if not _sees_all(user):
        shown = set(visible_accounts(user).values_list("id", flat=True))
    owners = _owner_names(
        accounts.values() if shown is None else (accounts[pk] for pk in shown if pk in accounts)
    )

    def make(entry: domain.Ranked) -> ClassRow:
        account = accounts[entry.id]
        revenue, gross_profit = get_figures(entry.id, no_sales)
        return ClassRow(
            entry.id,
            account.name,
            account.external_id,
            owners[account.owner_id],
            account.account_class,
            proposed[entry.id],
            revenue,
            gross_profit,
            entry.value,
            entry.rank,
            entry.cumulative_share,
        )

    ranked = [make(e) for e in ranking.ranked if shown is None or e.id in shown]
    unranked = [make(e) for e in ranking.non_positive if shown is None or e.id in shown]
    unranked.sort(key=lambda r: (r.name.casefold(), r.account_id))
    rows = ranked + unranked

    parameters = {
        "metric": metric,
        "date_from": period.date_from.isoformat(),
        "date_to": period.date_to.isoformat(),
        "base_currency": figures.currency,
        "strategic_cumulative_share": _money_text(Decimal(settings.strategic_cumulative_share)),
        "strategic_max_share": _money_text(Decimal(settings.strategic_max_share)),
        "strategic_cap": domain.strategic_cap(len(inputs), max_share) if inputs else 0,
        "prospect_interest_days": settings.prospect_interest_days,
        "interest_since": interest_since.isoformat(),
        "pareto_share": _money_text(Decimal(settings.pareto_share)),
        "classified": len(inputs),
        "rates": {cur: str(rate) for cur, rate in sorted(figures.rates.items())},
        "missing_rates": figures.missing_rates,
    }
    return Classification(
        period=period,
        metric=metric,
        currency=figures.currency,
        parameters=parameters,
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
                    "user": _owner_name(first_name, last_name, username) if user_id else "",
                    "old": None if first else previous,
                    "new": cls,
                    "reason": reason or "",
                }
            )
        previous, first = cls, False
    entries.reverse()
    return entries
