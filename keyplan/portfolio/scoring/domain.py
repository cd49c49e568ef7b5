"""Pure scoring rules: the criteria's weights normalised, 1-10 scores by a linear rule or
by deciles, and an account's weighted total over the criteria it has scores on.

No ORM here: Decimals in, Decimals out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext

WEIGHT_QUANTUM = Decimal("0.000001")
ZERO = Decimal(0)
ONE = Decimal(1)

__all__ = [
    "criteria_weights",
    "normalise_weights",
    "score_deciles",
    "score_linear",
    "weighted_total",
]


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


def criteria_weights(criteria: Iterable) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """(raw weights of the criteria in use, the same normalised; {} when none weighs)."""
    raw = {c.key: c.weight for c in criteria if c.enabled}
    try:
        normalised = normalise_weights(raw)
    except ValueError:
        normalised = {}
    return raw, normalised
