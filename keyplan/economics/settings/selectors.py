"""Reads of the economics settings: the public selectors the account P&L builds on (what
our people's time cost an account, the cost of capital) and what the settings page lists.

- time_costs(account_ids, period, *, base) -> TimeCosts: three queries (the time per
  account, person and day; the hourly costs; the planning rates), whatever the number of
  accounts or entries.
- cost_of_capital() -> Decimal: the annual %, one query.
The arithmetic is in `domain.py` (pure, exact).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from keyplan.core.history import SETTINGS_HISTORY
from keyplan.sales.figures.domain import Period
from keyplan.sales.figures.selectors import planning_rates
from keyplan.stakeholders.interactions.selectors import daily_time
from keyplan.users.models import INTERNAL_ROLES, Role, User

from ..models import EconomicsSettings, HourlyCost
from . import domain


@dataclass(frozen=True)
class TimeCosts:
    """Our people's time on each account in a period, priced at the hourly costs and
    converted to `currency`. Every account with time in the period is a key of each of the
    dicts (zero where nothing applies); an account without time is in none.

    - costs: the cost of the priced minutes, exact to four places;
    - priced_minutes: minutes with an hourly cost (in `costs`);
    - unpriced_minutes: minutes with no hourly cost for the person or their role that
      day: left out, never guessed (the people are `unpriced_user_ids`);
    - unconverted_minutes: minutes whose hourly cost is in a currency without a planning
      rate: left out, the currency named in `missing_rates`.
    """

    currency: str
    costs: dict[int, Decimal] = field(default_factory=dict)
    priced_minutes: dict[int, int] = field(default_factory=dict)
    unpriced_minutes: dict[int, int] = field(default_factory=dict)
    unconverted_minutes: dict[int, int] = field(default_factory=dict)
    missing_rates: list[str] = field(default_factory=list)
    unpriced_user_ids: list[int] = field(default_factory=list)


def rate_book() -> domain.RateBook:
    """Every hourly cost, by person and by role (one query)."""
    return domain.rate_book(
        HourlyCost.objects.order_by().values_list(
            "person_id", "role", "valid_from", "amount", "currency"
        )
    )


def time_costs(account_ids, period: Period, *, base: str) -> TimeCosts:
    """What our people's time on each account cost from `period.date_from` to
    `period.date_to` (time entries' `spent_on`, both days included), in the base currency
    `base` with the planning rates. A day's time is priced at the person's own hourly cost
    valid that day, else their role's (their current role), else it is unpriced.

    `account_ids`: an Account queryset (e.g. the caller's visible accounts), a queryset of
    ids, an iterable of ids, or None for every account. Three queries.
    """
    by_account: dict[int, list[domain.Time]] = defaultdict(list)
    for row in daily_time(account_ids, period.date_from, period.date_to):
        by_account[row.account_id].append(
            domain.Time(row.user_id, row.role, row.spent_on, row.minutes)
        )
    if not by_account:
        return TimeCosts(base)
    book = rate_book()
    rates = planning_rates(base)
    result = TimeCosts(base)
    missing: set[str] = set()
    unpriced_users: set[int] = set()
    for account_id, times in by_account.items():
        cost = domain.total_cost(times, book, rates)
        result.costs[account_id] = cost.cost
        result.priced_minutes[account_id] = cost.priced_minutes
        result.unpriced_minutes[account_id] = cost.unpriced_minutes
        result.unconverted_minutes[account_id] = cost.unconverted_minutes
        missing |= cost.missing_rates
        unpriced_users |= cost.unpriced_users
    result.missing_rates.extend(sorted(missing))
    result.unpriced_user_ids.extend(sorted(unpriced_users))
    return result


def cost_of_capital() -> Decimal:
    """The annual cost of capital in % (EconomicsSettings; 10.00 until someone sets it)."""
    return EconomicsSettings.load().cost_of_capital


# --- the settings page --------------------------------------------------------------------


def hourly_costs() -> list[HourlyCost]:
    """Every hourly cost for the settings page: the roles' first (in the roles' order),
    then each person's by name, the newest rate first (two queries at most: the rows with
    their people and creators)."""
    order = {value: index for index, value in enumerate(Role.values)}
    rows = list(HourlyCost.objects.select_related("person", "created_by"))

    def key(cost: HourlyCost):
        if cost.person is None:
            return (0, order.get(cost.role, len(order)), "", 0, -cost.valid_from.toordinal())
        name = str(cost.person).casefold()
        return (1, 0, name, cost.person_id, -cost.valid_from.toordinal())

    return sorted(rows, key=key)


def people_choices() -> QuerySet[User]:
    """The people an hourly cost can be for: our internal users, those still here first
    (one who left may still need a rate: their past time is priced with it)."""
    return User.objects.filter(role__in=INTERNAL_ROLES).order_by(
        "-is_active", "last_name", "first_name", "username"
    )


def role_label(role: str) -> str:
    return str(dict(Role.choices).get(role, role))


def _subject(person_id: int | None, role: str, names: dict[int, str]) -> str:
    if person_id is not None:
        return names.get(person_id, _("a removed user"))
    return role_label(role)


def _shown(name: str, value, names: dict[int, str]):
    if name == "person":
        return names.get(value, "—") if value is not None else "—"
    if name == "role":
        return role_label(value) if value else "—"
    return value


def _changes(record, older, names: dict[int, str]) -> list[dict]:
    fields = {f.name: f for f in HourlyCost._meta.fields}
    return [
        {
            "field": fields[c.field].verbose_name if c.field in fields else c.field,
            "old": _shown(c.field, c.old, names),
            "new": _shown(c.field, c.new, names),
        }
        for c in record.diff_against(older).changes
    ]


def hourly_cost_history(limit: int = SETTINGS_HISTORY) -> list[dict]:
    """The newest `limit` changes to the hourly costs (added, changed, deleted), each with
    whom it was for and, for a change, what changed against that row's version before.
    Four queries at most."""
    records = list(
        HourlyCost.history.select_related("history_user").order_by("-history_date", "-history_id")[
            :limit
        ]
    )
    changed_ids = {r.id for r in records if r.history_type == "~"}
    earlier: dict[int, list] = defaultdict(list)  # row id -> its versions, newest first
    if changed_ids:
        for version in HourlyCost.history.filter(id__in=changed_ids).order_by(
            "-history_date", "-history_id"
        ):
            earlier[version.id].append(version)
    person_ids = {r.person_id for r in records if r.person_id is not None}
    person_ids |= {v.person_id for versions in earlier.values() for v in versions if v.person_id}
    names = {user.pk: str(user) for user in User.objects.filter(pk__in=person_ids)}
    entries = []
    for record in records:
        changes: list[dict] = []
        if record.history_type == "~":
            versions = earlier[record.id]
            ids = [v.history_id for v in versions]
            index = ids.index(record.history_id)
            if index + 1 < len(versions):
                changes = _changes(record, versions[index + 1], names)
        entries.append(
            {
                "record": record,
                "subject": _subject(record.person_id, record.role, names),
                "changes": changes,
            }
        )
    return entries
