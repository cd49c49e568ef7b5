"""Team coverage and the execution settings over REST, under the one access rule.

Whoever sees an account reads its team coverage (outsiders and portal users 404); the
portfolio list holds the strategic accounts the caller sees whose teams miss a required
function. The execution settings are read by every internal user and changed by
administrators and directors only (403 for others); a stale `updated_at` answers 409.
The team members themselves are under /accounts/{id}/team and /team-members/{id}.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from decimal import Decimal
from typing import Literal

from django.conf import settings
from ninja import Field, Query, Router, Schema
from pydantic import AwareDatetime

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import TeamFunction
from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.schemas import MAX_ID, ErrorOut, InputSchema, PatchSchema, Timestamp, Unset

from . import team, team_selectors
from .models import Cadence, ExecutionSettings
from .team import Coverage

router = Router(tags=["team"])

FunctionCode = Literal[tuple(TeamFunction.values)]  # type: ignore[valid-type]


# --- schemas -----------------------------------------------------------------------------


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


def _coverage(coverage: Coverage) -> dict:
    codes = [c for c in TeamFunction.values if c in coverage.required or c in coverage.covered]
    return {
        "required": list(coverage.required),
        "missing": list(coverage.missing),
        "complete": coverage.is_complete,
        "functions": [
            {
                "function": code,
                "required": code in coverage.required,
                "covered_by": list(coverage.covered.get(code, ())),
                "committed_hours": coverage.hours_by_function.get(code, 0),
            }
            for code in codes
        ],
        "business_units": [
            {"business_unit": unit, "members": n} for unit, n in coverage.units.items()
        ],
        "members": coverage.size,
        "committed_hours": coverage.total_hours,
        "members_without_function": coverage.without_function,
        "members_without_hours": coverage.without_hours,
    }


class GapPage(Schema):
    items: list[GapOut]
    count: int
    page: int
    page_size: int
    pages: int


class GapQuery(InputSchema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=settings.KEYPLAN_API_MAX_PAGE_SIZE)
    function: FunctionCode | Literal[""] = Field("", description="Only accounts missing it.")
    owner: int | None = Field(None, ge=1, le=MAX_ID)
    show_all: bool = Field(False, description="Also the strategic accounts with full teams.")
    sort: Literal[  # type: ignore[valid-type]
        tuple(s for key in team_selectors.GAP_SORTS for s in (key, f"-{key}"))
    ] = team_selectors.DEFAULT_GAP_SORT


class SettingsOut(Schema):
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

    saa_cadence: Literal[tuple(Cadence.values)] | Unset = None  # type: ignore[valid-type]
    seven_s_cadence: Literal[tuple(Cadence.values)] | Unset = None  # type: ignore[valid-type]
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


# --- endpoints ---------------------------------------------------------------------------


@router.get(
    "/accounts/{account_id}/team-coverage",
    response={200: AccountCoverageOut, **ERRORS},
    summary="Who covers which function on the account's team, and what is missing",
)
def account_team_coverage(request, account_id: int):
    user = request.auth
    account = account_for_user(user, account_id).account
    coverage = team_selectors.account_team(account)["coverage"]
    return {
        "account_id": account.pk,
        "account_name": account.name,
        "owner": str(account.owner) if account.owner_id else "",
        "account_class": account.account_class,
        **_coverage(coverage),
    }


@router.get(
    "/team-coverage",
    response={200: GapPage, **ERRORS},
    summary="Strategic accounts whose teams miss required functions",
)
def portfolio_team_coverage(request, filters: Query[GapQuery]):
    user = request.auth
    rows = team_selectors.gap_rows(
        user,
        function=filters.function,
        owner_id=filters.owner,
        show_all=filters.show_all,
        sort=filters.sort,
    )
    start = (filters.page - 1) * filters.page_size
    return {
        "items": [
            {
                "account_id": row.account_id,
                "account_name": row.name,
                "owner": row.owner,
                **_coverage(row.coverage),
            }
            for row in rows[start : start + filters.page_size]
        ],
        "count": len(rows),
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": max(1, -(-len(rows) // filters.page_size)),
    }


@router.get("/execution-settings", response={200: SettingsOut, **ERRORS})
def get_execution_settings(request):
    return ExecutionSettings.load()


@router.patch(
    "/execution-settings",
    response={200: SettingsOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Change cadences, reminder days, required functions, priority weights",
)
def update_execution_settings(request, payload: SettingsPatch):
    user = request.auth
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    team.execution_settings_update(user=user, data=data, seen_updated_at=seen)
    return ExecutionSettings.objects.get(pk=1)  # as stored (two decimal places)
