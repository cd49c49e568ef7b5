"""Reads of the account team: one account's members with their coverage, and the
portfolio's strategic accounts whose teams miss required functions. Each makes a fixed
number of queries whatever the number of accounts and members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account, AccountClass, AccountStatus, AccountTeamMember
from keyplan.users.models import User

from ..models import ExecutionSettings
from .domain import FUNCTION_ORDER, Coverage, MemberFacts, clean_required, team_coverage

GAP_SORTS = ("name", "owner", "missing", "hours", "members")
DEFAULT_GAP_SORT = "-missing"
MEMBER_SORTS = ("function", "name", "unit", "hours")
DEFAULT_MEMBER_SORT = "function"


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def member_facts(member: AccountTeamMember) -> MemberFacts:
    return MemberFacts(
        name=str(member.user),
        function=member.function,
        unit=member.business_unit.name if member.business_unit else "",
        committed_hours=member.committed_hours,
    )


def required_functions(settings: ExecutionSettings | None = None) -> tuple[str, ...]:
    return clean_required((settings or ExecutionSettings.load()).required_functions)


def coverage_of(
    account: Account, members: list[AccountTeamMember], required: tuple[str, ...]
) -> Coverage:
    """Coverage of an account's team, members already loaded (with user and unit)."""
    owner = account.owner if account.owner_id else None
    return team_coverage(
        members=[member_facts(m) for m in members],
        required=required,
        owner_name=str(owner) if owner is not None else "",
    )


def _member_key(sort: str):
    key = sort.lstrip("-")
    if key == "name":
        return lambda m: str(m.user).lower()
    if key == "unit":
        return lambda m: m.business_unit.name.lower() if m.business_unit else "\uffff"
    if key == "hours":
        return lambda m: m.committed_hours if m.committed_hours is not None else -1
    return lambda m: FUNCTION_ORDER.get(m.function, len(FUNCTION_ORDER))


def account_team(account: Account, *, sort: str = DEFAULT_MEMBER_SORT) -> dict[str, Any]:
    """The account's team members (sorted), its coverage and the required functions:
    two queries (the members with their users and units, the settings)."""
    if sort.lstrip("-") not in MEMBER_SORTS:
        sort = DEFAULT_MEMBER_SORT
    members = list(account.team.select_related("user", "business_unit"))
    members.sort(key=lambda m: (str(m.user).lower(), m.pk))  # ties in name order
    members.sort(key=_member_key(sort), reverse=sort.startswith("-"))
    required = required_functions()
    return {
        "members": members,
        "coverage": coverage_of(account, members, required),
        "required": required,
    }


@dataclass
class GapRow:
    account_id: int
    name: str
    owner: str
    coverage: Coverage

    @property
    def missing_count(self) -> int:
        return len(self.coverage.missing)


def _strategic(user: User | None, owner_id: int | None) -> QuerySet[Account]:
    accounts = visible_accounts(user).filter(account_class=AccountClass.STRATEGIC)
    accounts = accounts.exclude(status=AccountStatus.CLOSED)
    if owner_id:
        accounts = accounts.filter(owner_id=owner_id)
    return accounts


def _gap_key(sort: str):
    key = sort.lstrip("-")
    if key == "owner":
        return lambda r: r.owner.lower()
    if key == "missing":
        return lambda r: r.missing_count
    if key == "hours":
        return lambda r: r.coverage.total_hours
    if key == "members":
        return lambda r: r.coverage.size
    return lambda r: r.name.lower()


def gap_rows(
    user: User | None,
    *,
    function: str = "",
    owner_id: int | None = None,
    show_all: bool = False,
    sort: str = DEFAULT_GAP_SORT,
) -> list[GapRow]:
    """The strategic accounts `user` sees (closed ones left out) whose teams miss a
    required function (`function`: missing that one), with their coverage; `show_all`
    keeps the complete ones too. Three queries: the settings, the accounts with their
    owners, the team members of those accounts."""
    required = required_functions()
    accounts = list(
        _strategic(user, owner_id).values_list(
            "pk", "name", "owner__first_name", "owner__last_name", "owner__username"
        )
    )
    by_account: dict[int, list[MemberFacts]] = {pk: [] for pk, *_ in accounts}
    members = AccountTeamMember.objects.filter(account__in=_strategic(user, owner_id)).values_list(
        "account_id",
        "user__first_name",
        "user__last_name",
        "user__username",
        "function",
        "business_unit__name",
        "committed_hours",
    )
    for account_id, first, last, username, code, unit, hours in members:
        if account_id in by_account:
            by_account[account_id].append(
                MemberFacts(
                    name=_name(first, last, username),
                    function=code,
                    unit=unit or "",
                    committed_hours=hours,
                )
            )
    rows = []
    for pk, name, first, last, username in accounts:
        owner = _name(first or "", last or "", username) if username else ""
        coverage = team_coverage(members=by_account[pk], required=required, owner_name=owner)
        if function and function not in coverage.missing:
            continue
        if not show_all and coverage.is_complete:
            continue
        rows.append(GapRow(account_id=pk, name=name, owner=owner, coverage=coverage))
    if sort.lstrip("-") not in GAP_SORTS:
        sort = DEFAULT_GAP_SORT
    rows.sort(key=lambda r: r.name.lower())  # ties stay in name order, either direction
    rows.sort(key=_gap_key(sort), reverse=sort.startswith("-"))
    return rows
