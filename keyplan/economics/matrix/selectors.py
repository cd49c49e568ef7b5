"""The profitability matrix of the accounts a user may see: each account's P&L (from the
P&L selectors) placed in a quadrant by the pure rules of `domain`. The filters narrow the
accounts (owner, the owner's business unit, country, class, name); the split is computed
over the accounts shown, so it moves with the filters. A fixed number of queries whatever
the number of accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account, AccountClass
from keyplan.portfolio.models import PortfolioSettings
from keyplan.sales.figures.domain import Period
from keyplan.users.models import BusinessUnit, User

from ..common import filtered_accounts, sorted_rows
from ..pnl.domain import PnL
from ..pnl.selectors import PnLReport, account_pnls
from .domain import PLACES, QUADRANTS, QuadrantTotal, Split, quadrant, quadrant_totals, split

DEFAULT_SORT = "-revenue"
SORT_KEYS = {
    "name": lambda row: row.name.casefold(),
    "revenue": lambda row: row.pnl.revenue,
    "gross_profit": lambda row: row.pnl.gross_profit,
    "contribution": lambda row: row.pnl.contribution,
    "contribution_margin": lambda row: row.pnl.contribution_margin,
    "quadrant": lambda row: PLACES.index(row.quadrant),
}
SORTS = {*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)}


@dataclass(frozen=True)
class MatrixFilters:
    q: str = ""
    owner: int | None = None
    business_unit: int | None = None  # the owner's business unit
    country: str = ""
    account_class: str = ""
    sort: str = DEFAULT_SORT

    @property
    def active(self) -> bool:
        return bool(
            self.q or self.owner or self.business_unit or self.country or self.account_class
        )


@dataclass(frozen=True)
class MatrixRow:
    account_id: int
    name: str
    account_class: str
    owner: str
    pnl: PnL
    quadrant: str  # a domain.QUADRANTS key or domain.NO_REVENUE

    @property
    def class_label(self) -> str:
        if self.account_class not in AccountClass.values:
            return ""
        return str(AccountClass(self.account_class).label)


@dataclass
class Matrix:
    report: PnLReport
    rows: list[MatrixRow]  # every account with money in the period, in the asked order
    split: Split | None  # None when no account has revenue
    totals: list[QuadrantTotal]

    @property
    def plotted(self) -> list[MatrixRow]:
        return [row for row in self.rows if row.quadrant in QUADRANTS]


def matrix_accounts(user: User, filters: MatrixFilters) -> QuerySet[Account]:
    """The accounts `user` may see, narrowed by the filters (unknown values never raise)."""
    accounts = filtered_accounts(
        user, q=filters.q, owner=filters.owner, account_class=filters.account_class
    )
    if filters.business_unit is not None:
        accounts = accounts.filter(owner__business_unit_id=filters.business_unit)
    if filters.country:
        accounts = accounts.filter(country=filters.country.upper())
    return accounts


def profitability_matrix(*, user: User, period: Period, filters: MatrixFilters) -> Matrix:
    """The matrix of every account `user` may see that the filters select and that has
    sales or costs in `period`; the split and the quadrants' totals cover only those."""
    accounts = matrix_accounts(user, filters)
    report = account_pnls(accounts, period, base=PortfolioSettings.load().base_currency)
    where = split(report.values.values())
    details = accounts.filter(pk__in=list(report.values)).values_list(
        "pk", "name", "account_class", "owner__first_name", "owner__last_name"
    )
    rows = []
    for pk, name, cls, first, last in details:
        pnl = report.values[pk]
        rows.append(
            MatrixRow(
                pk, name, cls, f"{first or ''} {last or ''}".strip(), pnl, quadrant(pnl, where)
            )
        )
    ordered = sorted_rows(
        rows,
        filters.sort,
        SORT_KEYS,
        DEFAULT_SORT,
        name=lambda row: (row.name.casefold(), row.account_id),
    )
    totals = quadrant_totals((row.quadrant, row.pnl) for row in rows)
    return Matrix(report, ordered, where, totals)


def matrix_choices(user: User) -> dict[str, list]:
    """The business units and the countries (of the visible accounts) for the filter bar."""
    countries = (
        visible_accounts(user)
        .exclude(country="")
        .order_by("country")
        .values_list("country", flat=True)
        .distinct()
    )
    return {
        "business_units": list(BusinessUnit.objects.order_by("name").values_list("pk", "name")),
        "countries": list(countries),
    }
