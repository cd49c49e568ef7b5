"""The rules of the resource board, pure (no ORM, no request): the transparent priority
of a resource request (seed 002: resources go to the most valuable accounts by rule, not
to the loudest voice) and what a request takes of its unit's capacity.

Four components, each on 0-1:

- class: strategic 1, regular 0.5, prospect 0.25, suspect 0;
- selection score: the account's weighted selection score (1-10, `keyplan.portfolio`)
  as (s - 1) / 9; an account without a score counts 0 and is shown as missing;
- return: expected gross profit x probability / amount, in the base currency (budget
  amounts are converted too, so a budget's return is profit per unit of money), then
  replaced by its rank among the open requests of the same resource type (a percentile:
  the share of those requests it beats, ties counting half), so that hours, experts and
  budget compare; no expected profit (or no planning rate) counts 0 and is shown;
- plan completeness: the current plan's completeness (0-100) / 100; no plan counts 0.

priority = sum(weight_i x component_i) / sum(weights) x 100, on 0-100; the board shows
every component with its weight and its points (its share of the 100). Ties are broken
by the older request first (`rank_key`).

How a request uses capacity (`monthly_load`): an expert request holds its number of
people in every month of its period; hours and budget are spread evenly over the months.
Budget is compared in the base currency (`rate_for`: the planning rate of its currency).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

from ..models import ResourceType

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
PLACES = Decimal("0.01")
CENT = PLACES
FRACTION = Decimal("0.0001")

CLASS = "class"
SCORE = "score"
RETURN = "return"
COMPLETENESS = "completeness"
KEYS: tuple[str, ...] = (CLASS, SCORE, RETURN, COMPLETENESS)

CLASS_VALUES: dict[str, Decimal] = {
    "strategic": ONE,
    "regular": Decimal("0.5"),
    "prospect": Decimal("0.25"),
    "suspect": ZERO,
}


@dataclass(frozen=True)
class Component:
    key: str
    value: Decimal  # 0-1
    weight: Decimal  # the weight as set (0-100)
    share: Decimal  # the weight's share of all weights, 0-1
    points: Decimal  # share x value x 100: what it adds to the priority
    missing: bool = False  # no data: counted as 0


@dataclass(frozen=True)
class Priority:
    score: Decimal  # 0-100 at two places
    components: tuple[Component, ...]

    def component(self, key: str) -> Component:
        return next(c for c in self.components if c.key == key)


def _clamp(value: Decimal) -> Decimal:
    return min(ONE, max(ZERO, value))


def class_component(account_class: str) -> Decimal:
    return CLASS_VALUES.get(account_class, ZERO)


def score_component(total: Decimal | None) -> Decimal:
    """A selection score of 1-10 as 0-1; None (not scored) is 0."""
    if total is None:
        return ZERO
    return _clamp((Decimal(total) - ONE) / Decimal(9)).quantize(FRACTION, ROUND_HALF_UP)


def completeness_component(score: int | Decimal | None) -> Decimal:
    if score is None:
        return ZERO
    return _clamp(Decimal(score) / HUNDRED)


def return_per_unit(
    *,
    expected_gross_profit: Decimal | None,
    probability: Decimal,
    amount: Decimal,
    profit_rate: Decimal | None,
    amount_rate: Decimal | None = ONE,
) -> Decimal | None:
    """Expected gross profit x probability / amount in the base currency; None when the
    profit or a rate is missing. `amount_rate` converts a budget amount (ONE otherwise)."""
    if expected_gross_profit is None or profit_rate is None or amount_rate is None:
        return None
    units = Decimal(amount) * Decimal(amount_rate)
    if units <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        value = Decimal(expected_gross_profit) * Decimal(profit_rate) * Decimal(probability)
        return value / HUNDRED / units


def percentile(value: Decimal | None, others: Iterable[Decimal | None]) -> Decimal:
    """The share of `others` that `value` beats (ties count half), on 0-1.

    Nothing to beat: 1 for a positive value. A missing or non-positive value is 0.
    Monotone: a higher value never gets a lower percentile against the same others."""
    if value is None or value <= 0:
        return ZERO
    pool = [ZERO if other is None else Decimal(other) for other in others]
    if not pool:
        return ONE
    below = sum(1 for other in pool if other < value)
    equal = sum(1 for other in pool if other == value)
    with localcontext() as ctx:
        ctx.prec = 40
        result = (Decimal(below) + Decimal(equal) / 2) / Decimal(len(pool))
    return result.quantize(FRACTION, ROUND_HALF_UP)


def priority(
    values: Mapping[str, Decimal],
    weights: Mapping[str, Decimal],
    *,
    missing: Iterable[str] = (),
) -> Priority:
    """The priority (0-100) of the components `values` (each 0-1; absent keys count 0)
    under `weights` (any non-negative numbers; they are normalised). All weights zero:
    every request gets 0."""
    absent = frozenset(missing)
    total_weight = sum((max(ZERO, Decimal(weights.get(key, ZERO))) for key in KEYS), ZERO)
    components = []
    score = ZERO
    with localcontext() as ctx:
        ctx.prec = 40
        for key in KEYS:
            weight = max(ZERO, Decimal(weights.get(key, ZERO)))
            value = _clamp(Decimal(values.get(key, ZERO)))
            share = weight / total_weight if total_weight > 0 else ZERO
            points = share * value * HUNDRED
            score += points
            components.append(
                Component(
                    key=key,
                    value=value.quantize(FRACTION, ROUND_HALF_UP),
                    weight=weight,
                    share=share.quantize(FRACTION, ROUND_HALF_UP),
                    points=points.quantize(PLACES, ROUND_HALF_UP),
                    missing=key in absent,
                )
            )
    score = min(HUNDRED, max(ZERO, score)).quantize(PLACES, ROUND_HALF_UP)
    return Priority(score=score, components=tuple(components))


def rank_key(score: Decimal, created_at: datetime, pk: int) -> tuple:
    """Sort key of the board: the highest priority first, then the oldest request."""
    return (-score, created_at, pk)


# --- capacity arithmetic -------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(start: date, end: date) -> list[date]:
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def monthly_load(
    resource_type: str, amount: Decimal, start: date, end: date, rate: Decimal = Decimal(1)
) -> dict[date, Decimal]:
    """What a request of `amount` takes from its unit in each month of its period."""
    months = months_between(start, end)
    if not months:
        return {}
    if resource_type == ResourceType.EXPERT:
        return dict.fromkeys(months, Decimal(amount))
    each = (Decimal(amount) * Decimal(rate) / len(months)).quantize(CENT, ROUND_HALF_UP)
    return dict.fromkeys(months, each)


def rate_for(resource_type: str, currency: str, rates: dict[str, Decimal]) -> Decimal | None:
    if resource_type != ResourceType.BUDGET:
        return Decimal(1)
    return rates.get(currency)
