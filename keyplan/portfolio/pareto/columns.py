"""The Pareto rules of `domain` computed on columns, for 100,000 accounts at a time.

Same rules, same results (tests/portfolio/pareto/test_columns.py checks them against
`domain.pareto` and `classification.domain.classify` on random data): the ranking is
one numpy sort over integer minor units, the running sums are int64, and each share is
the exact integer ratio rounded half-even to 12 places, as `domain` gets it with
60-digit Decimals. No Python object per account is made here except the shares; the
callers build their rows from the columns.

Amounts come in twice: the Decimal values (kept as they are in the rows and the totals)
and the same values as integers in a common minor unit (any unit: only ratios and
comparisons use them). A total too large for int64 is left to the plain rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, localcontext

import numpy as np

from ..classification.domain import strategic_cap
from . import domain

SHARE_PLACES = 12  # domain.SHARE_QUANTUM
SHARE_SCALE = 10**SHARE_PLACES
INT64_SAFE = 2**62  # sums of absolute values below this cannot overflow

__all__ = ["Columns", "from_pareto", "pareto_columns", "strategic_count"]


@dataclass
class Columns:
    """`domain.Pareto` as columns: position k of the ranked lists is rank k + 1."""

    metric: str
    threshold: Decimal
    total: Decimal
    positive_total: Decimal
    negative_total: Decimal
    ranked_ids: list[int]  # value > 0, ordered by (-value, id)
    ranked_values: list[Decimal]
    shares: list[Decimal]
    cumulative: list[Decimal]
    running: np.ndarray  # int64 running sums (minor units) along the ranking
    positive_minor: int  # the positive total in minor units
    rest_ids: list[int]  # value <= 0, ordered by (value, id)
    rest_values: list[Decimal]
    head_count: int
    head_share: Decimal
    top_shares: dict[str, Decimal]
    gini: Decimal

    def to_pareto(self) -> domain.Pareto:
        """The same result as `domain.Pareto` (one object per account: for tests and
        small callers)."""
        ranked = [
            domain.Ranked(i, v, k, s, c, k <= self.head_count)
            for k, (i, v, s, c) in enumerate(
                zip(self.ranked_ids, self.ranked_values, self.shares, self.cumulative, strict=True),
                start=1,
            )
        ]
        rest = [
            domain.Ranked(i, v, None, None, None, False)
            for i, v in zip(self.rest_ids, self.rest_values, strict=True)
        ]
        return domain.Pareto(
            metric=self.metric,
            threshold=self.threshold,
            total=self.total,
            positive_total=self.positive_total,
            negative_total=self.negative_total,
            ranked=ranked,
            non_positive=rest,
            head_count=self.head_count,
            head_share=self.head_share,
            top_shares=self.top_shares,
            gini=self.gini,
        )


def from_pareto(result: domain.Pareto) -> Columns:
    """A plain `domain.Pareto` as columns (amounts beyond int64: no running sums, so not
    for `strategic_count`)."""
    return Columns(
        metric=result.metric,
        threshold=result.threshold,
        total=result.total,
        positive_total=result.positive_total,
        negative_total=result.negative_total,
        ranked_ids=[r.id for r in result.ranked],
        ranked_values=[r.value for r in result.ranked],
        shares=[r.share for r in result.ranked],  # type: ignore[misc]
        cumulative=[r.cumulative_share for r in result.ranked],  # type: ignore[misc]
        running=np.zeros(0, dtype=np.int64),
        positive_minor=0,
        rest_ids=[r.id for r in result.non_positive],
        rest_values=[r.value for r in result.non_positive],
        head_count=result.head_count,
        head_share=result.head_share,
        top_shares=result.top_shares,
        gini=result.gini,
    )


def _ceil(value: Decimal) -> int:
    with localcontext() as ctx:
        ctx.prec = 60
        return int(value.to_integral_value(rounding=ROUND_CEILING))


def _share_decimals(numbers: list[int]) -> list[Decimal]:
    """Integers in units of 1E-12 as Decimals with exponent -12 (as quantize gives)."""
    make = Decimal
    return [make(n).scaleb(-SHARE_PLACES) for n in numbers]


def pareto_columns(
    ids: list[int],
    values: list[Decimal],
    minor: list[int],
    metric: str,
    threshold: Decimal = Decimal("0.8"),
) -> Columns | None:
    """`domain.pareto` of the items (ids[i], values[i]) as columns; `minor[i]` is
    values[i] in integer minor units. None when the amounts are too large for int64
    (the caller then uses the plain rules)."""
    domain.check_metric(metric)
    n_all = len(ids)
    id_array = np.fromiter(ids, dtype=np.int64, count=n_all)
    if len(np.unique(id_array)) != n_all:
        raise ValueError("Each item must have a distinct id.")
    if n_all and max(abs(min(minor)), abs(max(minor))) * n_all >= INT64_SAFE:
        return None
    amounts = np.fromiter(minor, dtype=np.int64, count=n_all)
    positive = np.flatnonzero(amounts > 0)
    rest = np.flatnonzero(amounts <= 0)
    # (-value, id) and (value, id): lexsort sorts by its last key first.
    positive = positive[np.lexsort((id_array[positive], -amounts[positive]))]
    rest = rest[np.lexsort((id_array[rest], amounts[rest]))]
    ranked_ids = id_array[positive].tolist()
    ranked_values = [values[i] for i in positive.tolist()]
    rest_values = [values[i] for i in rest.tolist()]
    running = np.cumsum(amounts[positive])
    positive_minor = int(running[-1]) if len(running) else 0
    with localcontext() as ctx:
        ctx.prec = 60  # as domain: the Decimal totals are exact
        positive_total = sum(ranked_values, domain.ZERO)
        negative_total = sum((v for v in rest_values if v < 0), domain.ZERO)

        # The head: the first k whose running sum reaches threshold * total (integers:
        # running >= bar  <=>  running >= ceil(bar)); a threshold above 1: all of them.
        n = len(ranked_ids)
        head_count = 0
        if n:
            bar = _ceil(threshold * positive_minor)
            head_count = min(int(np.searchsorted(running, bar, side="left")) + 1, n)

        cumulative_units = _cumulative_units(running, positive_minor)
        previous = [0, *cumulative_units[:-1]] if n else []
        shares = _share_decimals([c - p for c, p in zip(cumulative_units, previous, strict=True)])
        cumulative = _share_decimals(cumulative_units)

        top_shares = _top_shares(cumulative)
        head_share = domain._ratio(Decimal(head_count), Decimal(n_all)) if n_all else domain.ZERO
        gini = _gini(running, positive_minor)
    return Columns(
        metric=metric,
        threshold=threshold,
        total=positive_total + negative_total,
        positive_total=positive_total,
        negative_total=negative_total,
        ranked_ids=ranked_ids,
        ranked_values=ranked_values,
        shares=shares,
        cumulative=cumulative,
        running=running,
        positive_minor=positive_minor,
        rest_ids=id_array[rest].tolist(),
        rest_values=rest_values,
        head_count=head_count,
        head_share=head_share,
        top_shares=top_shares,
        gini=gini,
    )


def _cumulative_units(running: np.ndarray, total: int) -> list[int]:
    """Cumulative shares in units of 1E-12: running / total rounded half-even to 12
    places, exactly (Python integers)."""
    units: list[int] = []
    for r in running.tolist():
        q, rem = divmod(r * SHARE_SCALE, total)
        twice = 2 * rem
        if twice > total or (twice == total and q & 1):
            q += 1
        units.append(q)
    if units:
        units[-1] = SHARE_SCALE  # running == total: exactly 1
    return units


def _top_shares(cumulative: list[Decimal]) -> dict[str, Decimal]:
    """The cumulative share of the top 1, 5 and 10 per cent of the ranked accounts."""
    n = len(cumulative)
    top: dict[str, Decimal] = {}
    for percent in (1, 5, 10):
        k = -(-percent * n // 100)
        top[f"top{percent}"] = cumulative[k - 1] if k else domain.ZERO
    return top


def _gini(running: np.ndarray, total: int) -> Decimal:
    """domain._gini over the ranked values (descending here): with x ascending,
    sum(i x_i) = sum over descending positions j (1-based) of (n + 1 - j) x_j, which is
    the sum of the running sums (sum_j x_j (n + 1 - j) = sum_k running_k)."""
    n = len(running)
    if n < 2 or total <= 0:
        return domain.ZERO
    weighted_sum = sum(running.tolist())  # Python ints: exact
    weighted = 2 * weighted_sum - (n + 1) * total
    return domain._ratio(Decimal(weighted), Decimal(n * total))


def strategic_count(
    columns: Columns, count: int, cumulative_share: Decimal, max_share: Decimal
) -> int:
    """How many of the ranked accounts `classification.domain.classify` makes strategic
    (they are the first ones of the ranking): taken while the running sum before the
    account is below cumulative_share * total, at most the cap for `count` accounts."""
    n = len(columns.ranked_ids)
    if not n:
        return 0
    cap = strategic_cap(count, max_share)
    bar = _ceil(cumulative_share * columns.positive_minor)
    # before_k = running_{k-1} (0 for the first) never decreases: count those below
    before = np.concatenate((np.zeros(1, dtype=np.int64), columns.running[:-1]))
    return min(cap, int(np.searchsorted(before, bar, side="left")))
