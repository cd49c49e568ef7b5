"""The cash view (SPEC §7): receivables of the accounts a user may see, one row per
account with payment items, sorted and totalled; and one account's cash with its trend.

The figures come from keyplan.sales.cash (the money owner); this module decides whose
accounts, in what order, and what the totals cover (only the rows the user may see).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from keyplan.accounts.models import Account
from keyplan.portfolio.models import PortfolioSettings
from keyplan.sales.cash.domain import Cash, total
from keyplan.sales.cash.selectors import (
    CashTrendPoint,
    account_cash,
    cash_as_of_default,
    cash_trend,
)
from keyplan.users.models import User

from ..common import filtered_accounts, sorted_rows

DEFAULT_SORT = "-overdue"
# key -> what a row is ordered by; None values (no DSO, nothing paid) always go last.
SORT_KEYS = {
    "name": lambda row: row.name.casefold(),
    "open": lambda row: row.cash.open,
    "overdue": lambda row: row.cash.overdue,
    "over_90": lambda row: row.cash.buckets["over_90"],
    "overdue_share": lambda row: row.cash.overdue_share,
    "dso": lambda row: row.cash.dso,
    "days_late": lambda row: row.cash.days_late,
}
SORTS = {*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)}


@dataclass(frozen=True)
class CashFilters:
    as_of: date | None = None  # None: the last day of the payment data (not after today)
    q: str = ""
    owner: int | None = None
    account_class: str = ""
    sort: str = DEFAULT_SORT


@dataclass(frozen=True)
class CashRow:
    account_id: int
    name: str
    external_id: str
    account_class: str
    owner: str
    cash: Cash


@dataclass
class CashTable:
    as_of: date | None  # None: no payment items at all
    currency: str
    rows: list[CashRow] = field(default_factory=list)
    missing_rates: list[str] = field(default_factory=list)

    @property
    def total(self) -> Cash:
        return total(row.cash for row in self.rows)


def _accounts(user: User, filters: CashFilters):
    return filtered_accounts(
        user, q=filters.q, owner=filters.owner, account_class=filters.account_class
    )


def sort_rows(rows: list[CashRow], sort: str) -> list[CashRow]:
    """Rows in `sort` order (a SORT_KEYS key, "-" for descending); ties and rows without
    a value (None) keep name order, the None ones after the others."""
    return sorted_rows(
        rows, sort, SORT_KEYS, DEFAULT_SORT, name=lambda row: (row.name.casefold(), row.account_id)
    )


def cash_table(*, user: User, filters: CashFilters) -> CashTable:
    """Every account `user` may see that has payment items, with its receivables at the
    date; three queries whatever the number of accounts."""
    currency = PortfolioSettings.load().base_currency
    as_of = filters.as_of or cash_as_of_default()
    if as_of is None:
        return CashTable(as_of=None, currency=currency)
    accounts = _accounts(user, filters)
    report = account_cash(accounts, as_of=as_of, base=currency)
    if not report.values:
        return CashTable(as_of=as_of, currency=currency, missing_rates=report.missing_rates)
    details = accounts.filter(pk__in=list(report.values)).values_list(
        "pk", "name", "external_id", "account_class", "owner__first_name", "owner__last_name"
    )
    rows = [
        CashRow(
            pk,
            name,
            external_id,
            account_class,
            f"{first} {last}".strip() if first or last else "",
            report.values[pk],
        )
        for pk, name, external_id, account_class, first, last in details
    ]
    return CashTable(
        as_of=as_of,
        currency=currency,
        rows=sort_rows(rows, filters.sort),
        missing_rates=report.missing_rates,
    )


@dataclass
class AccountCash:
    as_of: date | None
    currency: str
    cash: Cash | None  # None: the account has no payment items
    trend: list[CashTrendPoint]
    missing_rates: list[str]


def account_cash_detail(*, account: Account, as_of: date | None = None) -> AccountCash:
    """One account's receivables at the date and the trend of the 12 months up to it
    (the caller has checked access with account_for_user)."""
    currency = PortfolioSettings.load().base_currency
    as_of = as_of or cash_as_of_default()
    if as_of is None:
        return AccountCash(None, currency, None, [], [])
    report = account_cash([account.pk], as_of=as_of, base=currency)
    cash = report.values.get(account.pk)
    trend = cash_trend([account.pk], as_of=as_of, base=currency) if cash is not None else []
    return AccountCash(as_of, currency, cash, trend, report.missing_rates)


def account_cash_summary(*, account: Account) -> dict:
    """What the account page's cash card shows: the account's cash at the default date
    (None without payment items). Two queries."""
    currency = PortfolioSettings.load().base_currency
    as_of = cash_as_of_default()
    if as_of is None:
        return {"cash": None, "as_of": None, "currency": currency}
    report = account_cash([account.pk], as_of=as_of, base=currency)
    return {"cash": report.values.get(account.pk), "as_of": as_of, "currency": currency}
