"""Request and response bodies of the team coverage and execution settings API.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from django.conf import settings
from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.accounts.models import TeamFunction
from keyplan.core.api.schemas import MAX_ID, PatchSchema, QuerySchema, Timestamp, Unset

from ..models import Cadence
from .selectors import DEFAULT_GAP_SORT, GAP_SORTS

# Literals built from the choices at run time (pydantic lists them in the schema); mypy
# cannot read a computed Literal, so it checks them as the strings they are.
if TYPE_CHECKING:
    FunctionCode = str
    CadenceCode = str
    GapSort = str
else:
    FunctionCode = Literal[tuple(TeamFunction.values)]
    CadenceCode = Literal[tuple(Cadence.values)]
    GapSort = Literal[tuple(s for key in GAP_SORTS for s in (key, f"-{key}"))]


class FunctionCoverageOut(Schema):
    function: str
    required: bool
    covered_by: list[str]
    committed_hours: int


class UnitOut(Schema):
    business_unit: str = Field(..., description="Empty for members without a unit.")
    members: int


class CoverageOut(Schema):
    required: list[str]
    missing: list[str]
    complete: bool
    functions: list[FunctionCoverageOut]
    business_units: list[UnitOut]
    members: int
    committed_hours: int = Field(..., description="Hours per month, all members.")
    members_without_function: int
    members_without_hours: int


class AccountCoverageOut(CoverageOut):
    account_id: int
    account_name: str
    owner: str
    account_class: str


class GapOut(CoverageOut):
    account_id: int
    account_name: str
    owner: str


class GapPage(Schema):
    items: list[GapOut]
    count: int
    page: int
    page_size: int
    pages: int


class GapQuery(QuerySchema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=settings.KEYPLAN_API_MAX_PAGE_SIZE)
    function: FunctionCode | Literal[""] = Field("", description="Only accounts missing it.")
    owner: int | None = Field(None, ge=1, le=MAX_ID)
    show_all: bool = Field(False, description="Also the strategic accounts with full teams.")
    sort: GapSort = DEFAULT_GAP_SORT


class TeamSettingsOut(Schema):
    saa_cadence: str
    seven_s_cadence: str
    reminder_days: int
    required_functions: list[str]
    weight_class: Decimal
    weight_score: Decimal
    weight_return: Decimal
    weight_completeness: Decimal
    updated_at: Timestamp


class SettingsPatch(PatchSchema):
    """Only the fields sent change. The four weights are normalised (only their
    proportions count); at least one must be above zero."""

    NULLABLE = frozenset({"updated_at"})

    saa_cadence: CadenceCode | Unset = None
    seven_s_cadence: CadenceCode | Unset = None
    reminder_days: int | Unset = Field(None, ge=0, le=60)
    required_functions: list[FunctionCode] | Unset = Field(None, max_length=20)
    weight_class: Decimal | Unset = Field(None, ge=0, le=100, decimal_places=2)
    weight_score: Decimal | Unset = Field(None, ge=0, le=100, decimal_places=2)
    weight_return: Decimal | Unset = Field(None, ge=0, le=100, decimal_places=2)
    weight_completeness: Decimal | Unset = Field(None, ge=0, le=100, decimal_places=2)
    updated_at: AwareDatetime | None = Field(
        None,
        description="The `updated_at` you last read; if the settings changed since, "
        "nothing is saved and the answer is 409.",
    )
