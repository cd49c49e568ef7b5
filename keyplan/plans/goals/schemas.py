"""Response bodies of the goal-progress API.

No `from __future__ import annotations`: pydantic and ninja need the real types.
"""

from datetime import date
from decimal import Decimal

from ninja import Schema


class GoalProgressOut(Schema):
    goal_id: int
    title: str
    metric: str
    baseline: Decimal | None
    target: Decimal | None
    actual: Decimal | None
    percent: Decimal | None
    expected_percent: Decimal | None
    reason: str
    period_start: date | None
    period_end: date | None
