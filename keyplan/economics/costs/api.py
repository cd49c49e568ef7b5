"""An account's service costs over REST, under the one access rule: whoever sees the
account reads them; its team writes (read-only viewers 403); outsiders and portal users
404, for a missing cost alike. A stale `updated_at` on a PATCH or DELETE answers 409; a
refused value 422 with the message at its field. Amounts are exact strings.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS, SeenQuery
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import ErrorOut
from keyplan.sales.costs import services
from keyplan.sales.costs.selectors import CostFilters, account_cost_list, cost_for_user
from keyplan.sales.models import ServiceCost

from .schemas import ServiceCostIn, ServiceCostOut, ServiceCostPatch, ServiceCostQuery

router = Router(tags=["economics"])

WRITE_ERRORS = {**BODY_ERRORS, 409: ErrorOut}


def _reload(cost: ServiceCost) -> ServiceCost:
    return ServiceCost.objects.select_related("created_by").get(pk=cost.pk)


@router.get(
    "/accounts/{account_id}/service-costs",
    response={200: list[ServiceCostOut], **ERRORS},
    summary="The account's service costs, newest first (filter by category and dates)",
)
@paginate(Pagination)
def list_service_costs(request, account_id: int, filters: Query[ServiceCostQuery]):
    account = account_for_user(request.auth, account_id).account
    return account_cost_list(
        account,
        CostFilters(
            category=filters.category or "",
            date_from=filters.date_from,
            date_to=filters.date_to,
        ),
    )


@router.post(
    "/accounts/{account_id}/service-costs",
    response={201: ServiceCostOut, **BODY_ERRORS},
    summary="Add a service cost to the account",
)
def create_service_cost(request, account_id: int, payload: ServiceCostIn):
    user = request.auth
    account = account_for_user(user, account_id, write=True).account
    cost = services.service_cost_create(user=user, account=account, data=payload.model_dump())
    return Status(201, _reload(cost))


@router.get(
    "/service-costs/{cost_id}",
    response={200: ServiceCostOut, **ERRORS},
    summary="One service cost",
)
def get_service_cost(request, cost_id: int):
    cost, _access = cost_for_user(request.auth, cost_id)
    return cost


@router.patch(
    "/service-costs/{cost_id}",
    response={200: ServiceCostOut, **WRITE_ERRORS},
    summary="Change a service cost (only the fields sent)",
)
def update_service_cost(request, cost_id: int, payload: ServiceCostPatch):
    user = request.auth
    cost, _access = cost_for_user(user, cost_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    saved = services.service_cost_update(user=user, cost=cost, data=data, seen_updated_at=seen)
    return _reload(saved)


@router.delete(
    "/service-costs/{cost_id}",
    response={204: None, 409: ErrorOut, **ERRORS},
    summary="Delete a service cost (its history stays)",
)
def delete_service_cost(request, cost_id: int, filters: Query[SeenQuery]):
    user = request.auth
    cost, _access = cost_for_user(user, cost_id, write=True)
    services.service_cost_delete(user=user, cost=cost, seen_updated_at=filters.updated_at)
    return Status(204, None)
