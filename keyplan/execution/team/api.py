"""Team coverage and the execution settings over REST, under the one access rule.

Whoever sees an account reads its team coverage (outsiders and portal users 404); the
portfolio list holds the strategic accounts the caller sees whose teams miss a required
function. The execution settings are read by every internal user and changed by
administrators and directors only (403 for others); a stale `updated_at` answers 409.
The team members themselves are under /accounts/{id}/team and /team-members/{id}.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from ninja import Query, Router

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import TeamFunction
from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.schemas import ErrorOut

from ..models import ExecutionSettings
from . import selectors, services
from .domain import Coverage
from .schemas import AccountCoverageOut, GapPage, GapQuery, SettingsPatch, TeamSettingsOut

router = Router(tags=["team"])


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


@router.get(
    "/accounts/{account_id}/team-coverage",
    response={200: AccountCoverageOut, **ERRORS},
    summary="Who covers which function on the account's team, and what is missing",
)
def account_team_coverage(request, account_id: int):
    user = request.auth
    account = account_for_user(user, account_id).account
    coverage = selectors.account_team(account)["coverage"]
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
    rows = selectors.gap_rows(
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


@router.get("/execution-settings", response={200: TeamSettingsOut, **ERRORS})
def get_execution_settings(request):
    return ExecutionSettings.load()


@router.patch(
    "/execution-settings",
    response={200: TeamSettingsOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Change cadences, reminder days, required functions, priority weights",
)
def update_execution_settings(request, payload: SettingsPatch):
    user = request.auth
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    services.execution_settings_update(user=user, data=data, seen_updated_at=seen)
    return ExecutionSettings.objects.get(pk=1)  # as stored (two decimal places)
