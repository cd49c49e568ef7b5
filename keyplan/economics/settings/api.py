"""The economics settings over REST: the cost of capital and the hourly costs. Every
internal user reads them; administrators and directors change them (403 for the others;
portal users 404, as for the whole internal API). A stale `updated_at` answers 409.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from keyplan.core.api.common import BODY_ERRORS, ERRORS, SeenQuery
from keyplan.core.api.schemas import ErrorOut
from keyplan.portfolio.access import require_portfolio_manager

from ..models import EconomicsSettings, HourlyCost
from . import selectors, services
from .schemas import HourlyCostIn, HourlyCostOut, HourlyCostPatch, SettingsIn, SettingsOut

router = Router(tags=["economics"])


@router.get("/economics/settings", response={200: SettingsOut, **ERRORS})
def get_economics_settings(request):
    """The cost of capital (annual %) the account P&L charges on receivables."""
    return EconomicsSettings.load()


@router.put(
    "/economics/settings",
    response={200: SettingsOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Set the cost of capital (administrators and directors)",
)
def update_economics_settings(request, payload: SettingsIn):
    data = payload.model_dump()
    seen = data.pop("updated_at", None)
    services.economics_settings_update(user=request.auth, data=data, seen_updated_at=seen)
    return EconomicsSettings.objects.get(pk=1)  # as stored (two decimal places)


@router.get("/economics/hourly-costs", response={200: list[HourlyCostOut], **ERRORS})
def list_hourly_costs(request):
    """Every hourly cost: the roles' first, then each person's, the newest rate first.
    Administrators and directors only (a person's hourly cost is pay): 403 for others."""
    require_portfolio_manager(request.auth)
    return selectors.hourly_costs()


@router.post(
    "/economics/hourly-costs",
    response={201: HourlyCostOut, **BODY_ERRORS},
    summary="Add a person's or a role's hourly cost from a day (administrators and directors)",
)
def create_hourly_cost(request, payload: HourlyCostIn):
    cost = services.hourly_cost_create(user=request.auth, data=payload.model_dump())
    return Status(201, _stored(cost.pk))


def _stored(cost_id: int) -> HourlyCost:
    """The hourly cost as stored (the amount as every read gives it: "95.00", not "95")."""
    return HourlyCost.objects.select_related("person").get(pk=cost_id)


def _cost_for_writing(user, cost_id: int) -> HourlyCost:
    # The permission first: a non-manager gets 403 whether or not the id exists.
    require_portfolio_manager(user)
    return get_object_or_404(HourlyCost, pk=cost_id)


@router.patch(
    "/economics/hourly-costs/{cost_id}",
    response={200: HourlyCostOut, 409: ErrorOut, **BODY_ERRORS},
)
def update_hourly_cost(request, cost_id: int, payload: HourlyCostPatch):
    cost = _cost_for_writing(request.auth, cost_id)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    services.hourly_cost_update(
        user=request.auth, hourly_cost=cost, data=data, seen_updated_at=seen
    )
    return _stored(cost.pk)


@router.delete(
    "/economics/hourly-costs/{cost_id}",
    response={204: None, 409: ErrorOut, **ERRORS},
)
def delete_hourly_cost(request, cost_id: int, filters: Query[SeenQuery]):
    cost = _cost_for_writing(request.auth, cost_id)
    services.hourly_cost_delete(
        user=request.auth, hourly_cost=cost, seen_updated_at=filters.updated_at
    )
    return Status(204, None)
