"""The portal's pure rules: which sections each share level allows (seed 001: "the
better the relationship, the more you share"), what lowering a level takes away, which
plan item kinds a section shows, and the perception gap of the survey's answers.

Levels, from none to strategic partner, each allowing everything the one below allows:

- none: nothing at all;
- basic: monthly reports, joint actions, the perception survey and the customer profile
  (what the customer told us about itself);
- partner: also the customer's goals and problems, the customer SWOT, the industry
  analysis and our unique value;
- strategic partner: also our goals for the account and the whole action plan.

Never shared at any level: potential estimates, culture notes, internal notes and
comments, our own SWOT ratings and anything about other customers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

LEVELS: tuple[str, ...] = ("none", "basic", "partner", "strategic")

# Section -> the lowest level that allows it (in the order the portal shows sections).
MINIMUM_LEVEL: dict[str, str] = {
    "reports": "basic",
    "joint_actions": "basic",
    "survey": "basic",
    "profile": "basic",
    "customer_goals": "partner",
    "swot": "partner",
    "industry": "partner",
    "value": "partner",
    "goals": "strategic",
    "actions": "strategic",
}

# Plan sections (those showing items of the account's current plan) -> item kinds.
SECTION_KINDS: dict[str, tuple[str, ...]] = {
    "profile": ("profile",),
    "customer_goals": ("customer_goal", "customer_problem"),
    "swot": ("swot",),
    "industry": ("industry",),
    "value": ("value",),
    "goals": ("goal",),
    "actions": ("action",),
}


def rank(level: str) -> int:
    """0 for none up to 3 for strategic partner; an unknown level counts as none."""
    return LEVELS.index(level) if level in LEVELS else 0


def allowed_sections(level: str) -> tuple[str, ...]:
    """The sections `level` allows, in display order."""
    return tuple(s for s, least in MINIMUM_LEVEL.items() if rank(least) <= rank(level))


def effective_sections(level: str, turned_on: Iterable[str]) -> tuple[str, ...]:
    """What is really shared: the sections turned on that the level allows."""
    on = set(turned_on)
    return tuple(s for s in allowed_sections(level) if s in on)


def lost_on_change(old: str, new: str, turned_on: Iterable[str]) -> tuple[str, ...]:
    """The sections turned on that the new level no longer allows (to unshare)."""
    keep = set(allowed_sections(new))
    return tuple(s for s in allowed_sections(old) if s in set(turned_on) and s not in keep)


def sections_for_kind(kind: str) -> tuple[str, ...]:
    """The plan sections that show items of `kind` (a joint action also through
    "joint_actions", checked apart because it depends on the action)."""
    return tuple(s for s, kinds in SECTION_KINDS.items() if kind in kinds)


@dataclass(frozen=True)
class GapRow:
    """One statement or criterion: our view, the customer's average answer, the gap."""

    key: object
    label: str
    ours: int | None
    answers: int
    customer: Decimal | None
    gap: Decimal | None


def average(scores: Iterable[int]) -> Decimal | None:
    """The mean of the scores to one decimal (half up); None without any."""
    values = list(scores)
    if not values:
        return None
    mean = Decimal(sum(values)) / Decimal(len(values))
    return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def gap_row(key: object, label: str, ours: int | None, scores: Iterable[int]) -> GapRow:
    """The customer's average minus ours: negative where we think better of ourselves
    than the customer does (SPEC §3.8, the same sign as PerceptionItem.gap)."""
    values = list(scores)
    customer = average(values)
    gap = None if customer is None or ours is None else customer - Decimal(ours)
    return GapRow(key, label, ours, len(values), customer, gap)
