"""Pure portfolio rules: Pareto shares, classes, weights and 1-10 scores.

No ORM here: Decimals in, Decimals out, fractions are Decimals in 0..1. Every ordering
is deterministic: ties on the value are broken by the id, so the same figures always
give the same ranks and classes whatever order they arrive in.

Zero and negative values (a loss-making account's gross profit) never enter the
Pareto curve: they are listed and totalled apart, so the cumulative share of the
ranked accounts never decreases and never passes 100%.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from operator import itemgetter

METRICS = ("revenue", "gp")

# Shares are kept at 12 places internally (shown with 6); fixed-exponent Decimals add
# and subtract exactly, so the shares of the ranked accounts sum to exactly 1.
SHARE_QUANTUM = Decimal("1E-12")
WEIGHT_QUANTUM = Decimal("0.000001")
ZERO = Decimal(0)
ONE = Decimal(1)

__all__ = [
    "METRICS",
    "ClassInput",
    "Item",
    "Pareto",
    "Ranked",
    "classify",
    "normalise_weights",
    "pareto",
    "score_deciles",
    "score_linear",
    "weighted_total",
]


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise ValueError(f"Unknown metric {metric!r}: use one of {', '.join(METRICS)}.")


def _ratio(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole at 12 places (whole > 0), computed with enough precision."""
    with localcontext() as ctx:
        ctx.prec = 60
        return (part / whole).quantize(SHARE_QUANTUM)


@dataclass(frozen=True)
class Item:
    id: int  # account id (or the group root's id)
    revenue: Decimal
    gross_profit: Decimal

    def value(self, metric: str) -> Decimal:
        _check_metric(metric)
        return self.revenue if metric == "revenue" else self.gross_profit


@dataclass(frozen=True)
class Ranked:
    id: int
    value: Decimal
    rank: int | None  # 1..n for value > 0, None for zero/negative
    share: Decimal | None  # value / positive_total (None for non-positive)
    cumulative_share: Decimal | None  # non-decreasing, the last is exactly 1
    in_head: bool  # among the accounts that make the threshold


@dataclass(frozen=True)
class Pareto:
    metric: str
    threshold: Decimal
    total: Decimal  # positive_total + negative_total
    positive_total: Decimal
    negative_total: Decimal  # sum of the values < 0 (<= 0)
    ranked: list[Ranked]  # value > 0, ordered by (-value, id)
    non_positive: list[Ranked]  # value <= 0, ordered by (value, id)
    head_count: int  # smallest k with cumulative_share[k] >= threshold
    head_share: Decimal  # head_count / all accounts, 0 if none
    top_shares: dict[str, Decimal]  # top1/top5/top10: share held by the top p% accounts
    gini: Decimal  # Gini coefficient of the positive values


def _unique(ids: list[int]) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError("Each item must have a distinct id.")


def _gini(ascending: list[Decimal], total: Decimal) -> Decimal:
    """Gini of positive values sorted ascending: sum((2i - n - 1) x_i) / (n * sum x)."""
    n = len(ascending)
    if n < 2 or total <= 0:
        return ZERO
    # sum((2i - n - 1) x_i) = 2 sum(i x_i) - (n + 1) sum(x_i)
    weighted = 2 * sum((i * x for i, x in enumerate(ascending, start=1)), ZERO) - (n + 1) * total
    return _ratio(weighted, n * total)


def _ceil_share(percent: int, n: int) -> int:
    """ceil(percent% of n) in integers."""
    return -(-percent * n // 100)


def pareto(items: Iterable[Item], metric: str, threshold: Decimal = Decimal("0.8")) -> Pareto:
    """Rank the items by `metric`, with shares of the positive total and the head that
    makes `threshold` of it. Non-positive values are kept apart (see the module doc)."""
    _check_metric(metric)
    attr = "revenue" if metric == "revenue" else "gross_profit"
    pairs = [(item.id, getattr(item, attr)) for item in items]
    _unique([i for i, _v in pairs])
    # Sort by id, then (stable) by value: the order (-value, id) without building keys.
    pairs.sort(key=itemgetter(0))
    positive = [p for p in pairs if p[1] > 0]
    positive.sort(key=itemgetter(1), reverse=True)
    rest = [p for p in pairs if p[1] <= 0]
    rest.sort(key=itemgetter(1))
    with localcontext() as ctx:
        ctx.prec = 60  # sums and ratios stay exact for any realistic amounts
        positive_total = sum((v for _i, v in positive), ZERO)
        negative_total = sum((v for _i, v in rest if v < 0), ZERO)

        # Cumulative shares first (running sum / total: monotone, the last exactly 1),
        # then each share as the step between two cumulatives, so they sum to exactly 1.
        # The head is found on the exact sums (threshold * total), not on rounded shares.
        bar = threshold * positive_total
        head_count = 0
        cumulative: list[Decimal] = []
        running = ZERO
        for k, (_i, v) in enumerate(positive, start=1):
            running += v
            if not head_count and running >= bar:
                head_count = k
            cumulative.append((running / positive_total).quantize(SHARE_QUANTUM))
        if not head_count:
            head_count = len(positive)  # a threshold above 1: every ranked account
        if cumulative:
            cumulative[-1] = ONE.quantize(SHARE_QUANTUM)  # running == total: already 1

        ranked: list[Ranked] = []
        previous = ZERO.quantize(SHARE_QUANTUM)
        for k, ((i, v), cum) in enumerate(zip(positive, cumulative, strict=True), start=1):
            ranked.append(Ranked(i, v, k, cum - previous, cum, k <= head_count))
            previous = cum
        non_positive = [Ranked(i, v, None, None, None, False) for i, v in rest]

        n_all = len(pairs)
        top_shares: dict[str, Decimal] = {}
        for percent in (1, 5, 10):
            k = _ceil_share(percent, len(ranked))
            top_shares[f"top{percent}"] = cumulative[k - 1] if k else ZERO
        head_share = _ratio(Decimal(head_count), Decimal(n_all)) if n_all else ZERO
        gini = _gini([v for _i, v in reversed(positive)], positive_total)
    return Pareto(
        metric=metric,
        threshold=threshold,
        total=positive_total + negative_total,
        positive_total=positive_total,
        negative_total=negative_total,
        ranked=ranked,
        non_positive=non_positive,
        head_count=head_count,
        head_share=head_share,
        top_shares=top_shares,
        gini=gini,
    )


@dataclass(frozen=True)
class ClassInput:
    id: int
    revenue: Decimal
    gross_profit: Decimal
    has_open_opportunity: bool = False
    recent_interest: bool = False

    def value(self, metric: str) -> Decimal:
        _check_metric(metric)
        return self.revenue if metric == "revenue" else self.gross_profit


STRATEGIC = "strategic"
REGULAR = "regular"
PROSPECT = "prospect"
SUSPECT = "suspect"


def strategic_cap(count: int, max_share: Decimal) -> int:
    """At most this many strategic accounts among `count` classified ones (at least 1)."""
    return max(1, int((max_share * count).to_integral_value(rounding=ROUND_FLOOR)))


def classify(
    items: Iterable[ClassInput],
    *,
    metric: str,
    cumulative_share: Decimal,
    max_share: Decimal,
) -> dict[int, str]:
    """Seed 001's classes, by account id.

    strategic: positive `metric`, taken in rank order (-value, id) while the cumulative
    share before the account is below `cumulative_share`, at most
    max(1, floor(max_share * len(items))) of them; regular: buys (revenue > 0) and is not
    strategic; prospect: does not buy but has an open opportunity or recent interest;
    suspect: the rest. The result does not depend on the input order.
    """
    _check_metric(metric)
    inputs = list(items)
    _unique([c.id for c in inputs])
    attr = "revenue" if metric == "revenue" else "gross_profit"
    # (id, value) sorted by id, then (stable) by value descending: the order (-value, id).
    positive = sorted(((c.id, v) for c in inputs if (v := getattr(c, attr)) > 0), key=itemgetter(0))
    positive.sort(key=itemgetter(1), reverse=True)
    strategic: set[int] = set()
    if positive:
        cap = strategic_cap(len(inputs), max_share)
        with localcontext() as ctx:
            ctx.prec = 60
            total = sum((v for _i, v in positive), ZERO)
            # Compare running sums with share * total: exact, no division.
            bar = cumulative_share * total
            before = ZERO
            for i, v in positive:
                if len(strategic) >= cap or before >= bar:
                    break
                strategic.add(i)
                before += v
    result: dict[int, str] = {}
    for c in inputs:
        if c.id in strategic:
            result[c.id] = STRATEGIC
        elif c.revenue > 0:
            result[c.id] = REGULAR
        elif c.has_open_opportunity or c.recent_interest:
            result[c.id] = PROSPECT
        else:
            result[c.id] = SUSPECT
    return result


def normalise_weights(weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Weights as fractions at 6 places that sum to exactly 1.

    The largest weight (the last of equal largest ones) absorbs the rounding, so no
    weight can turn negative. Zero weights stay exactly 0.
    """
    values = {key: Decimal(w) for key, w in weights.items()}
    if any(w < 0 for w in values.values()):
        raise ValueError("Weights cannot be negative.")
    total = sum(values.values(), ZERO)
    if total <= 0:
        raise ValueError("Give at least one criterion a weight above zero.")
    with localcontext() as ctx:
        ctx.prec = 60
        result = {key: (w / total).quantize(WEIGHT_QUANTUM) for key, w in values.items()}
    absorber = None
    for key, w in values.items():
        if absorber is None or w >= values[absorber]:
            absorber = key
    assert absorber is not None
    others = sum((v for key, v in result.items() if key != absorber), ZERO)
    result[absorber] = ONE.quantize(WEIGHT_QUANTUM) - others
    return result


def score_linear(value: Decimal, low: Decimal, high: Decimal) -> int:
    """1 at `low`, 10 at `high`, linear between, clamped outside. `low` may be above
    `high` (lower is better). When they are equal: 10 from `high` up, else 1."""
    value, low, high = Decimal(value), Decimal(low), Decimal(high)
    if low == high:
        return 10 if value >= high else 1
    with localcontext() as ctx:
        ctx.prec = 60
        fraction = (value - low) / (high - low)
        fraction = min(ONE, max(ZERO, fraction))
        return 1 + int((fraction * 9).to_integral_value(rounding=ROUND_HALF_UP))


def score_deciles(
    values: Mapping[int, Decimal | None], higher_is_better: bool = True
) -> dict[int, int]:
    """1..10 by the decile of each value's mid-rank among the non-None values.

    With ten distinct values the scores are 1..10; equal values share a score; a lone
    value (or all equal) scores 6. None values are left out of the result.
    """
    present = {key: Decimal(v) for key, v in values.items() if v is not None}
    n = len(present)
    if not n:
        return {}
    ordered = sorted(present.values())
    counts: dict[Decimal, int] = {}
    for v in ordered:
        counts[v] = counts.get(v, 0) + 1
    below: dict[Decimal, int] = {}
    seen = 0
    for v in sorted(counts):
        below[v] = seen
        seen += counts[v]
    result: dict[int, int] = {}
    for key, v in present.items():
        better = below[v] if higher_is_better else n - below[v] - counts[v]
        # Mid-rank percentile (better + equal/2) / n, in integers.
        result[key] = min(10, (10 * (2 * better + counts[v])) // (2 * n) + 1)
    return result


def weighted_total(
    scores: Mapping[str, int], weights: Mapping[str, Decimal]
) -> tuple[Decimal | None, Decimal]:
    """(total on 1..10 at 2 places over the criteria that have a score, with the weights
    renormalised among them; coverage = the share of the weight that had scores, at 6
    places). (None, 0) when no weighted criterion is scored."""
    all_weight = sum((Decimal(w) for w in weights.values() if w > 0), ZERO)
    scored = {key: Decimal(w) for key, w in weights.items() if w > 0 and key in scores}
    scored_weight = sum(scored.values(), ZERO)
    if all_weight <= 0 or scored_weight <= 0:
        return None, ZERO
    with localcontext() as ctx:
        ctx.prec = 60
        total = sum((Decimal(scores[key]) * w for key, w in scored.items()), ZERO)
        return (
            (total / scored_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            (scored_weight / all_weight).quantize(WEIGHT_QUANTUM),
        )
