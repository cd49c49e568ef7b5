"""Reads of the health score: the health of many accounts from their signals (a fixed
number of queries whatever their number), one account's explanation with its monthly
history, the portfolio table with the change against the previous month's snapshot.

The caller has checked access (`health_table` reads only what the user may see)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from keyplan.accounts.models import Account, AccountClass, AccountStatus
from keyplan.portfolio.common.selectors import gc_paused
from keyplan.portfolio.models import PortfolioSettings
from keyplan.sales.figures.domain import add_months
from keyplan.users.models import User

from ..common import filtered_accounts, sorted_rows
from ..models import EconomicsSettings, HealthSnapshot
from ..signals.domain import AccountSignals
from ..signals.selectors import account_signals, facts_as_of
from .domain import KEYS, WEIGHT_FIELDS, Component, Health, health

HISTORY_MONTHS = 24


def weights(current: EconomicsSettings | None = None) -> dict[str, int]:
    """The weight of each component from the economics settings (one query)."""
    current = current or EconomicsSettings.load()
    return {key: int(getattr(current, WEIGHT_FIELDS[key])) for key in KEYS}


def _same_health(signals: AccountSignals) -> tuple:
    """What the health rules read of the signals: accounts equal in it have equal health
    (most accounts of a large portfolio have no plan, no risk and few sales)."""
    return (
        signals.as_of,
        signals.revenue,
        signals.gross_margin,
        signals.days_late,
        signals.open_amount,
        signals.overdue_amount,
        tuple(signals.relationship_risks),
        tuple(signals.competitor_alerts),
        signals.plan_updated_on,
        signals.plan_completeness,
        signals.open_actions,
        signals.overdue_actions,
        signals.satisfaction,
        signals.satisfaction_answers,
    )


def health_of(
    account_ids: Iterable[int] | QuerySet, *, as_of: date, base: str | None = None
) -> dict[int, tuple[Health, AccountSignals]]:
    """Each account's health (and the signals it comes from) as of `as_of`; `account_ids`:
    ids, or a queryset of accounts (read as a subquery, see `account_signals`). Accounts
    with the same facts share one (frozen) `Health`."""
    base = base or PortfolioSettings.load().base_currency
    found = account_signals(account_ids, as_of=as_of, base=base)
    chosen = weights()
    computed: dict[tuple, Health] = {}
    result = {}
    for pk, signals in found.items():
        key = _same_health(signals)
        known = computed.get(key)
        if known is None:
            known = computed[key] = health(signals, chosen)
        result[pk] = (known, signals)
    return result


def previous_month(as_of: date) -> date:
    """The month whose snapshot a health as of `as_of` is compared with: the one before
    `as_of`'s month."""
    return add_months(as_of.replace(day=1), -1)


def snapshot_scores(account_ids: Iterable[int] | QuerySet, month: date) -> dict[int, int | None]:
    """The recorded score of each account in `month` (absent: not recorded); `account_ids`:
    ids or a queryset of ids (a subquery)."""
    if not isinstance(account_ids, QuerySet):
        account_ids = list(account_ids)
    return dict(
        HealthSnapshot.objects.filter(account_id__in=account_ids, month=month)
        .order_by()  # not by the account's name: no join
        .values_list("account_id", "score")
    )


# --- the portfolio table -------------------------------------------------------------------

DEFAULT_SORT = "score"
SORT_KEYS = {
    "name": lambda row: row.name.casefold(),
    "score": lambda row: row.score,
    "change": lambda row: row.change,
}
SORTS = {*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)}


@dataclass(frozen=True)
class HealthFilters:
    q: str = ""
    owner: int | None = None
    account_class: str = ""
    sort: str = DEFAULT_SORT


@dataclass(frozen=True)
class HealthRow:
    account_id: int
    name: str
    account_class: str
    owner: str
    health: Health
    previous: int | None  # the previous month's recorded score

    @property
    def score(self) -> int | None:
        return self.health.score

    @property
    def change(self) -> int | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous

    @property
    def weakest(self):
        return self.health.weakest

    @property
    def class_label(self) -> str:
        if self.account_class not in AccountClass.values:
            return ""
        return str(AccountClass(self.account_class).label)


@dataclass
class HealthTable:
    as_of: date
    previous_month: date
    rows: list[HealthRow]


@gc_paused  # 100,000 accounts: see gc_paused
def health_table(*, user: User, filters: HealthFilters, as_of: date | None = None) -> HealthTable:
    """The health of every open account `user` may see that the filters select, sorted
    (weakest first by default; accounts without a score last)."""
    as_of = as_of or facts_as_of()
    accounts = filtered_accounts(
        user, q=filters.q, owner=filters.owner, account_class=filters.account_class
    ).exclude(status=AccountStatus.CLOSED)
    # The accounts go to the readers as a subquery, never as a list of 100,000 ids.
    found = health_of(accounts, as_of=as_of)
    month = previous_month(as_of)
    previous = snapshot_scores(accounts.order_by().values("pk"), month) if found else {}
    details = accounts.order_by().values_list(
        "pk", "name", "account_class", "owner__first_name", "owner__last_name"
    )
    rows = [
        HealthRow(
            pk, name, cls, f"{first or ''} {last or ''}".strip(), found[pk][0], previous.get(pk)
        )
        for pk, name, cls, first, last in details.iterator(chunk_size=5000)
        if pk in found
    ]
    ordered = sorted_rows(
        rows,
        filters.sort,
        SORT_KEYS,
        DEFAULT_SORT,
        name=lambda row: (row.name.casefold(), row.account_id),
    )
    return HealthTable(as_of=as_of, previous_month=month, rows=ordered)


# --- one account ---------------------------------------------------------------------------


@dataclass
class AccountHealth:
    as_of: date
    health: Health
    signals: AccountSignals
    previous: int | None
    history: list[tuple[date, int | None]]  # (month, recorded score), oldest first


def health_history(
    account: Account, *, months: int = HISTORY_MONTHS
) -> list[tuple[date, int | None]]:
    """The recorded monthly scores of the account, the last `months` of them, oldest
    first (one query)."""
    recorded = list(
        HealthSnapshot.objects.filter(account=account)
        .order_by("-month")
        .values_list("month", "score")[:months]
    )
    return recorded[::-1]


def account_health(*, account: Account, as_of: date | None = None) -> AccountHealth:
    """One account's health explained, and its monthly history (the caller checked
    access)."""
    as_of = as_of or facts_as_of()
    found, signals = health_of([account.pk], as_of=as_of)[account.pk]
    history = health_history(account)
    month = previous_month(as_of)
    previous = next((s for m, s in history if m == month), None)
    return AccountHealth(as_of, found, signals, previous, history)


def latest_snapshot(account: Account) -> HealthSnapshot | None:
    """The account's last recorded health (one query): what the account page shows."""
    return HealthSnapshot.objects.filter(account=account).order_by("-month").first()


def source_url(component: Component, account_pk: int) -> str:
    """The page that shows the component's fact; the account page while that page does
    not exist yet."""
    try:
        return reverse(component.source_url_name, args=[account_pk])
    except NoReverseMatch:
        return reverse("accounts:detail", args=[account_pk])
