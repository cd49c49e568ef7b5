"""Reads of the early warnings: the warnings of the accounts a user may see (closed
accounts left out), filtered, counted per kind, ranked by money at stake, with the
decisions (snoozed, resolved) applied; and one account's warnings.

The facts come from keyplan.economics.signals (`account_signals`, a fixed number of
queries); the decisions are one more query, the names one more: a page costs the same
whatever the number of accounts.

- warnings_as_of() -> date: the day the facts are read at (the last day of the latest
  sales month, never after today; today without sales).
- portfolio_warnings(*, user, filters, today=None) -> WarningList
- account_warnings(*, account, today=None) -> WarningList (hidden ones included)
- account_warning(*, account, key, today=None) -> ShownWarning | None
- top_warnings(*, account, limit=3) -> WarningList (the shown ones, at most `limit`)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from keyplan.accounts.models import Account, AccountClass, AccountStatus
from keyplan.portfolio.models import PortfolioSettings
from keyplan.users.models import User

from ..common import filtered_accounts
from ..models import WarningState
from ..signals.selectors import account_signals, facts_as_of
from . import domain

DEFAULT_CAP = 20  # warnings shown per page by default
DEFAULT_SORT = "-money"
# key -> what a row is ordered by; ties keep the ranking (money at stake, severity, ...).
SORT_KEYS = {
    "money": lambda row: row.warning.money_at_stake,
    "account": lambda row: row.account_name.casefold(),
    "kind": lambda row: domain.KINDS.index(row.warning.kind),
    "severity": lambda row: -domain.SEVERITIES.index(row.warning.severity),
}
SORTS = frozenset({*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)})


@dataclass(frozen=True)
class WarningFilters:
    kind: str = ""
    account_class: str = ""
    owner: int | None = None
    hidden: bool = False  # also list the snoozed and resolved ones
    sort: str = DEFAULT_SORT


@dataclass(frozen=True)
class ShownWarning:
    """A warning as listed: its account, and what was decided about it."""

    warning: domain.EarlyWarning
    account_name: str
    account_class: str
    owner: str
    state: str  # domain.SHOWN, SNOOZED, RESOLVED or BACK
    decision: WarningState | None = None

    @property
    def hidden(self) -> bool:
        return domain.is_hidden(self.state)

    @property
    def account_id(self) -> int:
        return self.warning.account_id

    @property
    def key(self) -> str:
        return self.warning.key

    @property
    def class_label(self) -> str:
        return str(dict(AccountClass.choices).get(self.account_class, self.account_class))

    @property
    def dom_id(self) -> str:
        """An HTML id for the warning (keys hold colons)."""
        return "warning-" + self.warning.key.replace(":", "-")


@dataclass
class WarningList:
    as_of: date
    today: date
    currency: str
    rows: list[ShownWarning] = field(default_factory=list)  # ranked, filters applied
    counts: dict[str, int] = field(default_factory=dict)  # shown warnings per kind
    hidden: int = 0  # snoozed or resolved, among the accounts and kinds selected
    accounts: int = 0  # accounts with at least one shown warning

    @property
    def shown(self) -> int:
        return sum(self.counts.values())


def warnings_as_of(today: date | None = None) -> date:
    """The facts' day: the end of the latest sales month (so a late import does not read
    as declining orders), never after today (keyplan.economics.signals)."""
    return facts_as_of(today)


def _decisions(account_ids: list[int]) -> dict[tuple[int, str], WarningState]:
    states = WarningState.objects.filter(account_id__in=account_ids).select_related("decided_by")
    return {(state.account_id, state.key): state for state in states}


def _person(first: str | None, last: str | None, username: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or (username or "")


def _build(accounts: dict[int, tuple[str, str, str]], today: date) -> WarningList:
    """Every warning of `accounts` (id -> name, class, owner) with its state."""
    currency = PortfolioSettings.load().base_currency
    as_of = warnings_as_of(today)
    result = WarningList(as_of=as_of, today=today, currency=currency)
    if not accounts:
        return result
    ids = list(accounts)
    signals = account_signals(ids, as_of=as_of, base=currency)
    decisions = _decisions(ids)
    rows = []
    for pk, facts in signals.items():
        name, klass, owner = accounts[pk]
        for warning in domain.assess(facts, currency=currency, today=today):
            state = decisions.get((pk, warning.key))
            decision = (
                domain.Decision(state.decision, state.snoozed_until, state.evidence)
                if state is not None
                else None
            )
            rows.append(
                ShownWarning(
                    warning=warning,
                    account_name=name,
                    account_class=klass,
                    owner=owner,
                    state=domain.status(warning, decision, today),
                    decision=state,
                )
            )
    rows.sort(key=lambda row: row.warning.rank_key)
    result.rows = rows
    return result


def _narrow(result: WarningList, filters: WarningFilters) -> WarningList:
    shown = [row for row in result.rows if not row.hidden]
    result.counts = domain.counts_by_kind([row.warning for row in shown])
    result.accounts = len({row.account_id for row in shown})
    kind = filters.kind if filters.kind in domain.KINDS else ""
    of_kind = [row for row in result.rows if not kind or row.warning.kind == kind]
    result.hidden = sum(1 for row in of_kind if row.hidden)
    rows = of_kind if filters.hidden else [row for row in of_kind if not row.hidden]
    sort = filters.sort if filters.sort in SORTS else DEFAULT_SORT
    if sort != DEFAULT_SORT:  # the rows are already ranked, and sorts are stable
        rows = sorted(rows, key=SORT_KEYS[sort.lstrip("-")], reverse=sort.startswith("-"))
    result.rows = rows
    return result


def portfolio_warnings(
    *, user: User, filters: WarningFilters, today: date | None = None
) -> WarningList:
    """The warnings of the accounts `user` may see (not closed; by class and owner),
    ranked by money at stake; the snoozed and resolved ones only with `filters.hidden`.
    `counts` are per kind before the kind filter, so the filter bar can show them."""
    today = today or timezone.localdate()
    accounts = filtered_accounts(
        user, owner=filters.owner, account_class=filters.account_class
    ).exclude(status=AccountStatus.CLOSED)
    rows = accounts.values_list(
        "pk", "name", "account_class", "owner__first_name", "owner__last_name", "owner__username"
    )
    found = {
        pk: (name, klass, _person(first, last, username))
        for pk, name, klass, first, last, username in rows
    }
    return _narrow(_build(found, today), filters)


def account_warnings(*, account: Account, today: date | None = None) -> WarningList:
    """One account's warnings, the snoozed and resolved ones included (marked); the
    caller has checked access with account_for_user."""
    today = today or timezone.localdate()
    owner = account.owner
    found = {
        account.pk: (
            account.name,
            account.account_class,
            _person(owner.first_name, owner.last_name, owner.username) if owner else "",
        )
    }
    result = _narrow(_build(found, today), WarningFilters(hidden=True))
    result.rows.sort(key=lambda row: row.hidden)  # stable: the hidden ones last, ranked
    return result


def account_warning(
    *, account: Account, key: str, today: date | None = None
) -> ShownWarning | None:
    """The account's warning `key` as it stands today (None when it is not raised)."""
    return next(
        (row for row in account_warnings(account=account, today=today).rows if row.key == key),
        None,
    )


def top_warnings(*, account: Account, limit: int = 3) -> WarningList:
    """The account's `limit` highest warnings still shown (not snoozed or resolved)."""
    result = account_warnings(account=account)
    result.rows = [row for row in result.rows if not row.hidden][:limit]
    return result
