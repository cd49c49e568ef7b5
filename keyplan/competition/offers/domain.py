"""Pure rules of the offer seen through the customer's buying criteria (seed 000).

No ORM here: selectors load the facts into the dataclasses below and these functions
compute in memory, so the rules are tested without a database.

Weights are normalised to sum to 1. An offer's weighted total is the weighted average of
its scores over the criteria it is scored on (so it stays on the 1-5 scale), and its
coverage is the normalised weight of those criteria (1 = scored on everything). A unique
advantage is a criterion where our score is strictly above the score of every
competitor scored on it (at least one competitor must be scored: an advantage over
nobody is not one). The top criterion is the one of highest weight (ties: lowest
position, then lowest id).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, kw_only=True)
class Criterion:
    id: int
    name: str
    weight: int
    position: int = 0


@dataclass(frozen=True, kw_only=True)
class OfferTotal:
    """One offer's result: `offer` is None for ours, else the competitor's id."""

    offer: int | None
    total: Decimal | None
    coverage: Decimal
    scored: int


def normalised_weights(criteria: Sequence[Criterion]) -> dict[int, Decimal]:
    """Each criterion's share of the total weight (sums to 1; empty when no weight)."""
    total = sum(max(c.weight, 0) for c in criteria)
    if total <= 0:
        return {c.id: Decimal(0) for c in criteria}
    return {c.id: Decimal(max(c.weight, 0)) / Decimal(total) for c in criteria}


def offer_total(
    criteria: Sequence[Criterion], scores: Mapping[int, int], *, offer: int | None = None
) -> OfferTotal:
    """Weighted average of `scores` (criterion id -> 1-5) over the scored criteria."""
    weights = normalised_weights(criteria)
    covered = Decimal(0)
    weighted = Decimal(0)
    scored = 0
    for criterion in criteria:
        score = scores.get(criterion.id)
        if score is None:
            continue
        scored += 1
        covered += weights[criterion.id]
        weighted += weights[criterion.id] * score
    total = (weighted / covered).quantize(Decimal("0.01")) if covered > 0 else None
    return OfferTotal(
        offer=offer, total=total, coverage=covered.quantize(Decimal("0.0001")), scored=scored
    )


def is_unique_advantage(ours: int | None, theirs: Iterable[int | None]) -> bool:
    """Our score strictly above every scored competitor's (at least one scored)."""
    scored = [score for score in theirs if score is not None]
    return ours is not None and bool(scored) and all(ours > score for score in scored)


def top_criterion(criteria: Sequence[Criterion]) -> Criterion | None:
    """The criterion of highest weight; ties: lowest position, then lowest id."""
    if not criteria:
        return None
    return min(criteria, key=lambda c: (-c.weight, c.position, c.id))
