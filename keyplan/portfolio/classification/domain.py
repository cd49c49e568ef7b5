"""Pure classification rules: seed 001's classes (strategic, regular, prospect,
suspect) from each account's figures and interest, in a deterministic order (ties on the
value are broken by the id, whatever order the accounts arrive in).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, localcontext
from operator import itemgetter

from ..pareto.domain import ZERO, check_metric, unique_ids

__all__ = ["ClassInput", "classify", "strategic_cap"]


@dataclass(frozen=True)
class ClassInput:
    id: int
    revenue: Decimal
    gross_profit: Decimal
    has_open_opportunity: bool = False
    recent_interest: bool = False

    def value(self, metric: str) -> Decimal:
        check_metric(metric)
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
    check_metric(metric)
    inputs = list(items)
    unique_ids([c.id for c in inputs])
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
