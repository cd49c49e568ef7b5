"""The criteria endpoints' shapes.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.schemas import PatchSchema, Timestamp, Unset
from keyplan.sales.models import DataMetric

from ..models import ScoreMethod


class CriterionOut(Schema):
    id: int
    key: str
    label: str
    position: int
    enabled: bool
    weight: Decimal
    normalised_weight: Decimal | None
    metric: str
    method: str
    low: Decimal | None
    high: Decimal | None
    higher_is_better: bool
    is_data: bool
    updated_at: Timestamp


class CriterionPatch(PatchSchema):
    """Only the fields sent change. `metric` empty: scored by people; a data metric: scored
    by the rule (`method`, with `low`/`high` for a linear rule)."""

    NULLABLE = frozenset({"low", "high", "updated_at"})

    enabled: bool | Unset = None
    weight: Decimal | Unset = Field(None, ge=0, le=9999, max_digits=6, decimal_places=2)
    # The choices' values as a Literal, built when the module loads (mypy cannot follow).
    metric: Literal[tuple(["", *DataMetric.values])] | Unset = None  # type: ignore[valid-type]
    method: Literal[tuple(ScoreMethod.values)] | Unset = None  # type: ignore[valid-type]
    low: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    high: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    higher_is_better: bool | Unset = None
    updated_at: AwareDatetime | None = Field(
        None, description="The `updated_at` you last read; 409 if the criterion changed since."
    )
