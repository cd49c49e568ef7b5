"""The norms endpoint's answer.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from decimal import Decimal

from ninja import Field, Schema

from keyplan.core.api.schemas import Timestamp

from ..common.schemas import PeriodOut


class ShareBlockOut(Schema):
    total: Decimal
    strategic: Decimal
    share: Decimal | None = Field(..., description="%; null when the total is zero")
    target: Decimal
    meets: bool | None


class AccountsNormOut(Schema):
    total: int
    strategic: int
    share: Decimal | None
    norm: Decimal
    within: bool | None


class PerKamOut(Schema):
    owner_id: int | None
    owner: str
    strategic: int
    over: bool


class FitnessRowOut(Schema):
    account_id: int
    name: str
    owner: str
    verdict: str = Field(..., description="yes, no, unknown, or missing (never assessed)")
    answers: dict[str, str] | None
    note: str
    updated_at: Timestamp | None


class NormsOut(Schema):
    period: PeriodOut | None
    currency: str
    missing_rates: list[str]
    revenue: ShareBlockOut
    gross_profit: ShareBlockOut
    accounts: AccountsNormOut
    max_per_kam: int
    per_kam: list[PerKamOut]
    over_max: int
    fitness: list[FitnessRowOut]
    fitness_counts: dict[str, int]
