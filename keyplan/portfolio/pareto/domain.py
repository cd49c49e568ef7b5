"""Pure Pareto rules: each account's share and cumulative share of the positive total,
the head that makes the threshold, and the concentration (top shares, Gini).

No ORM here: Decimals in, Decimals out, fractions are Decimals in 0..1. Every ordering
is deterministic: ties on the value are broken by the id, so the same figures always
give the same ranks whatever order they arrive in.

Zero and negative values (a loss-making account's gross profit) never enter the
Pareto curve: they are listed and totalled apart, so the cumulative share of the
ranked accounts never decreases and never passes 100%.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from operator import itemgetter

METRICS = ("revenue", "gp")

# Shares are kept at 12 places internally (shown with 6); fixed-exponent Decimals add
# and subtract exactly, so the shares of the ranked accounts sum to exactly 1.
SHARE_QUANTUM = Decimal("1E-12")
ZERO = Decimal(0)
ONE = Decimal(1)

__all__ = ["METRICS", "Item", "Pareto", "Ranked", "check_metric", "pareto", "unique_ids"]


def check_metric(metric: str) -> None:
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
        check_metric(metric)
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


def unique_ids(ids: list[int]) -> None:
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
    check_metric(metric)
    attr = "revenue" if metric == "revenue" else "gross_profit"
    pairs = [(item.id, getattr(item, attr)) for item in items]
    unique_ids([i for i, _v in pairs])
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
