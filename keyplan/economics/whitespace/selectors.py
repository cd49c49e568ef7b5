"""Reads of the whitespace (keyplan.economics.whitespace.domain has the rule): one account's
and the top lines of every account a user may see.

Peers are found among all the accounts of the industry, those the user may not see
included, but only as anonymous aggregates (the number of peers, the shares and the
amounts derived from their totals): no peer is ever named or listed. The amounts come
from the money owner's public selector (keyplan.sales.figures.lines), in the base
currency at the planning rates. A fixed number of queries whatever the number of
accounts: the rates, one GROUP BY over the sales, the accounts, the plan's items.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from keyplan.accounts.models import Account, AccountClass, AccountStatus
from keyplan.plans.models import Action, Goal
from keyplan.plans.versions.selectors import current_plan
from keyplan.portfolio.models import PortfolioSettings
from keyplan.sales.figures.domain import Period
from keyplan.sales.figures.lines import LineFigures, line_revenue
from keyplan.sales.figures.selectors import default_period
from keyplan.users.models import User

from ..common import filtered_accounts, sorted_rows
from .domain import Opportunity, PeerIndex, Purchases, Whitespace, analyse
from .titles import ACTION, GOAL, lines_in

NO_SALES, NO_INDUSTRY, NO_PEERS = "no_sales", "no_industry", "no_peers"
TOP_PER_ACCOUNT = 5


def _candidates() -> QuerySet[Account]:
    """The accounts that may be peers: with an industry, not closed."""
    return Account.objects.exclude(industry="").exclude(status=AccountStatus.CLOSED)


def _purchases(figures: LineFigures, pk: int, country: str) -> Purchases:
    return Purchases(
        pk,
        country,
        figures.values.get(pk, {}),
        frozenset(figures.unconverted.get(pk, set())),
    )


def _index(figures: LineFigures, countries: dict[int, str]) -> PeerIndex:
    return PeerIndex(
        _purchases(figures, pk, countries[pk]) for pk in figures.values if pk in countries
    )


@dataclass
class PlanLines:
    """The account's current plan and which whitespace lines it already holds."""

    plan: object | None = None  # keyplan.plans.models.AccountPlan
    goals: set[str] = field(default_factory=set)
    actions: set[str] = field(default_factory=set)

    def holds(self, kind: str, line: str) -> bool:
        return line in (self.goals if kind == GOAL else self.actions)


def plan_lines(account: Account, lines: list[str]) -> PlanLines:
    """Which of `lines` the account's current plan already has as a goal or an action
    (recognised by the title we give them). Three queries at most."""
    plan = current_plan(account)
    if plan is None:
        return PlanLines()
    goals = set(Goal.objects.filter(plan=plan).values_list("title", flat=True))
    actions = set(Action.objects.filter(plan=plan).values_list("title", flat=True))
    return PlanLines(plan, lines_in(GOAL, lines, goals), lines_in(ACTION, lines, actions))


@dataclass
class AccountWhitespace:
    period: Period | None
    currency: str
    whitespace: Whitespace | None = None
    reason: str = ""  # NO_SALES, NO_INDUSTRY or NO_PEERS when there is nothing to show
    missing_rates: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[Opportunity]:
        return self.whitespace.lines if self.whitespace else []

    def line(self, name: str) -> Opportunity | None:
        return next((item for item in self.lines if item.product_line == name), None)


def account_whitespace(*, account: Account) -> AccountWhitespace:
    """The whitespace of `account` (the caller checked access) over the 12 months up to
    the latest sales month. Four queries, whatever the size of the industry."""
    base = PortfolioSettings.load().base_currency
    period = default_period()
    if period is None:
        return AccountWhitespace(None, base, reason=NO_SALES)
    if not account.industry:
        return AccountWhitespace(period, base, reason=NO_INDUSTRY)
    figures = line_revenue(None, period, base=base, industry=account.industry)
    countries = dict(_candidates().filter(industry=account.industry).values_list("pk", "country"))
    countries[account.pk] = account.country
    whitespace = analyse(
        _purchases(figures, account.pk, account.country), _index(figures, countries)
    )
    reason = "" if whitespace.peer_count else NO_PEERS
    return AccountWhitespace(period, base, whitespace, reason, figures.missing_rates)


# --- the top lines of every visible account -----------------------------------------------

DEFAULT_SORT = "-opportunity"
SORT_KEYS = {
    "account": lambda row: row.name.casefold(),
    "line": lambda row: row.line.product_line.casefold(),
    "penetration": lambda row: row.line.penetration,
    "spend": lambda row: row.line.spend,
    "opportunity": lambda row: row.line.opportunity,
}
SORTS = {*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)}


@dataclass(frozen=True)
class WhitespaceFilters:
    q: str = ""
    owner: int | None = None
    account_class: str = ""
    sort: str = DEFAULT_SORT


@dataclass(frozen=True)
class WhitespaceRow:
    account_id: int
    name: str
    account_class: str
    owner: str
    rule: str
    peers: int
    line: Opportunity

    @property
    def class_label(self) -> str:
        if self.account_class not in AccountClass.values:
            return ""
        return str(AccountClass(self.account_class).label)


@dataclass
class WhitespaceTable:
    period: Period | None
    currency: str
    rows: list[WhitespaceRow]
    missing_rates: list[str] = field(default_factory=list)


def whitespace_table(*, user: User, filters: WhitespaceFilters) -> WhitespaceTable:
    """The TOP_PER_ACCOUNT largest opportunities of each account `user` may see that the
    filters select (with an industry, not closed), sorted. Four queries in all."""
    base = PortfolioSettings.load().base_currency
    period = default_period()
    if period is None:
        return WhitespaceTable(None, base, [])
    candidates = _candidates()
    figures = line_revenue(candidates, period, base=base)
    profile = {
        pk: (industry, country)
        for pk, industry, country in candidates.values_list("pk", "industry", "country")
    }
    by_industry: dict[str, dict[int, str]] = defaultdict(dict)
    for pk, (industry, country) in profile.items():
        by_industry[industry][pk] = country
    indexes = {industry: _index(figures, countries) for industry, countries in by_industry.items()}
    visible = (
        filtered_accounts(
            user, q=filters.q, owner=filters.owner, account_class=filters.account_class
        )
        .filter(pk__in=candidates.values("pk"))
        .values_list("pk", "name", "account_class", "owner__first_name", "owner__last_name")
    )
    rows = []
    for pk, name, account_class, first, last in visible:
        industry, country = profile[pk]
        whitespace = analyse(_purchases(figures, pk, country), indexes[industry])
        owner = f"{first or ''} {last or ''}".strip()
        for line in whitespace.lines[:TOP_PER_ACCOUNT]:
            rows.append(
                WhitespaceRow(
                    pk, name, account_class, owner, whitespace.rule, whitespace.peer_count, line
                )
            )
    ordered = sorted_rows(
        rows,
        filters.sort,
        SORT_KEYS,
        DEFAULT_SORT,
        name=lambda row: (
            -row.line.opportunity,
            row.name.casefold(),
            row.account_id,
            row.line.product_line,
        ),
    )
    return WhitespaceTable(period, base, ordered, figures.missing_rates)
