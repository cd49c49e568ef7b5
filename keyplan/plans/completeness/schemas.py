"""Response bodies of the completeness API.

No `from __future__ import annotations`: pydantic and ninja need the real types.
"""

from ninja import Field, Schema


class StepOut(Schema):
    code: str
    section: str
    weight: int
    done: bool
    message: str


class CompletenessOut(Schema):
    score: int = Field(..., description="0-100")
    steps: list[StepOut]
    missing: list[StepOut]
