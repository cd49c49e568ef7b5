"""The key-account KPIs (SPEC §7, seed 003 stage 3): pure formulas, no ORM. Amounts are
exact Decimals; a KPI without a base to divide by is None ("no data"), never 0.

- growth: (current − previous) ÷ previous × 100, over a positive previous;
- retention of a cohort (the accounts of a class at the period start): gross =
  Σ min(current, previous) ÷ Σ previous, net = Σ current ÷ Σ previous (× 100); an account
  of the cohort lost since counts with a current of 0;
- share of wallet: Σ yearly revenue ÷ Σ category spend of the accounts with an estimate;
- win rate: won ÷ (won + lost) closed in the period; sales cycle: the mean days from
  creation to close of the won ones;
- cost of winning a new account: the cost of the time spent on prospects ÷ the accounts
  whose first sale falls in the period;
- growth against the selection criteria: the change of a cohort's mean weighted score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

ZERO = Decimal(0)
HUNDRED = Decimal(100)
TWO = Decimal("0.01")

# Which way is better, and what a target may be (inclusive bounds).
LOWER_IS_BETTER = frozenset({"sales_cycle", "cost_per_new_account"})
PERCENT = (Decimal(-100), Decimal(1000))
RANGES: dict[str, tuple[Decimal, Decimal]] = {
    "revenue_growth": PERCENT,
    "gross_profit_growth": PERCENT,
    "gross_retention": (ZERO, HUNDRED),
    "net_retention": (ZERO, Decimal(1000)),
    "share_of_wallet": (ZERO, Decimal(1000)),
    "satisfaction": (ZERO, Decimal(10)),
    "win_rate": (ZERO, HUNDRED),
    "sales_cycle": (ZERO, Decimal(3650)),
    "cost_per_new_account": (ZERO, Decimal("1000000000000")),
    "criteria_growth": PERCENT,
}
# The unit each KPI is in: a percentage, a score 0-10, days, money (the base currency).
UNITS: dict[str, str] = dict.fromkeys(RANGES, "percent") | {
    "satisfaction": "score",
    "sales_cycle": "days",
    "cost_per_new_account": "money",
}
# KPIs read for the whole portfolio only (a new account is won out of the prospects).
WHOLE_ONLY = frozenset({"cost_per_new_account"})
YEARS_BACK = 3  # the last three years and the current one to date
FIRST_YEAR = 2000
YEARS_AHEAD = 5  # how far ahead a target may be set
MAX_YEARS = 10  # the most years one report covers


def rounded(value: Decimal, quantum: Decimal = TWO) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """part ÷ whole × 100 at two places; None over a whole that is not positive."""
    if whole <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        return rounded(part / whole * HUNDRED)


def growth(current: Decimal, previous: Decimal) -> Decimal | None:
    """Percent change at two places; None over a previous that is not positive."""
    if previous <= 0:
        return None
    return ratio(current - previous, previous)


@dataclass(frozen=True)
class Retention:
    gross: Decimal | None  # %
    net: Decimal | None  # %
    previous: Decimal  # Σ previous revenue of the cohort
    kept: Decimal  # Σ min(current, previous)
    current: Decimal  # Σ current revenue of the cohort
    accounts: int  # in the cohort


def retention(
    cohort: Iterable[int], current: Mapping[int, Decimal], previous: Mapping[int, Decimal]
) -> Retention:
    """Gross and net revenue retention of `cohort` (account ids): an account without
    current revenue (lost) counts as 0. Negative revenue (credit notes) counts as 0."""
    members = set(cohort)
    before = {pk: max(previous.get(pk, ZERO), ZERO) for pk in members}
    now = {pk: max(current.get(pk, ZERO), ZERO) for pk in members}
    base = sum(before.values(), ZERO)
    kept = sum((min(now[pk], before[pk]) for pk in members), ZERO)
    total = sum(now.values(), ZERO)
    return Retention(ratio(kept, base), ratio(total, base), base, kept, total, len(members))


def share_of_wallet(revenue: Mapping[int, Decimal], wallets: Mapping[int, Decimal], months: int):
    """Σ yearly revenue ÷ Σ yearly category spend (%) over the accounts with an estimate;
    the period's revenue is scaled to twelve months (`months` long)."""
    spend = sum((w for w in wallets.values() if w > 0), ZERO)
    if spend <= 0 or months <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        bought = sum((max(revenue.get(pk, ZERO), ZERO) for pk, w in wallets.items() if w > 0), ZERO)
        return ratio(bought * 12 / months, spend)


def mean_score(scores: Iterable[tuple[Decimal, int]]) -> Decimal | None:
    """The mean of (mean, count) pairs weighted by count, at two places; None without any."""
    pairs = [(mean, count) for mean, count in scores if count > 0]
    answers = sum(count for _mean, count in pairs)
    if not answers:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        return rounded(sum((mean * count for mean, count in pairs), ZERO) / answers)


def win_rate(won: int, lost: int) -> Decimal | None:
    return ratio(Decimal(won), Decimal(won + lost))


def sales_cycle(durations: Iterable[int]) -> Decimal | None:
    """The mean of `durations` (days from creation to close), one place; None without any."""
    days = list(durations)
    if not days:
        return None
    return rounded(Decimal(sum(days)) / len(days), Decimal("0.1"))


def cost_per_new_account(cost: Decimal, new_accounts: int) -> Decimal | None:
    if new_accounts <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        return rounded(cost / new_accounts)


def criteria_growth(
    start: Mapping[int, Decimal], end: Mapping[int, Decimal], cohort: Iterable[int]
) -> tuple[Decimal | None, Decimal | None]:
    """(growth % of the cohort's mean weighted score from `start` to `end`, over the
    accounts scored on both days; the mean at `end` over the cohort's scored accounts)."""
    members = set(cohort)
    both = [pk for pk in members if pk in start and pk in end]
    scored_end = [end[pk] for pk in members if pk in end]
    level = rounded(sum(scored_end, ZERO) / len(scored_end)) if scored_end else None
    if not both:
        return None, level
    before = sum((start[pk] for pk in both), ZERO)
    after = sum((end[pk] for pk in both), ZERO)
    return growth(after, before), level


def status(kpi: str, value: Decimal | None, target: Decimal | None) -> str | None:
    """ "on" (at or better than the target), "behind", or None without a value or target."""
    if value is None or target is None:
        return None
    better = value <= target if kpi in LOWER_IS_BETTER else value >= target
    return "on" if better else "behind"


def years_shown(today: date, year: int | None = None, first: int | None = None) -> list[int]:
    """The years a report shows: up to `year` (default this one, never later), from
    `first` (default the three years before it; at most MAX_YEARS, none before 2000)."""
    last = today.year if year is None else min(year, today.year)
    start = last - YEARS_BACK if first is None else max(first, last - MAX_YEARS + 1)
    return list(range(max(min(start, last), FIRST_YEAR), last + 1))


def target_problems(kpi: str, year: int, value: Decimal, today: date) -> dict[str, str]:
    """What is wrong with a target, by field: "kpi", "year" or "value" -> a message key
    ("unknown", "range"); empty when it is fine."""
    problems: dict[str, str] = {}
    if kpi not in RANGES:
        return {"kpi": "unknown"}
    if not FIRST_YEAR <= year <= today.year + YEARS_AHEAD:
        problems["year"] = "range"
    low, high = RANGES[kpi]
    if not value.is_finite() or not low <= value <= high:
        problems["value"] = "range"
    return problems
