"""Rows for tests/test_routes_authz.py ROUTES (merged there): the economics settings page
and API. Every internal user reads the settings; administrators and directors change them
(403 for the others, portal users 404)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from keyplan.economics.models import EconomicsSettings, HourlyCost
from tests.test_routes_authz import Call, internal, managers, no_kwargs

PAGE = "/economics/settings/"


def _cost(w) -> HourlyCost:
    return HourlyCost.objects.create(
        role="kam", amount=Decimal("90"), currency="PLN", valid_from=date(2025, 1, 1)
    )


def cost(w) -> dict[str, Any]:
    return {"pk": _cost(w).pk}


def api_cost(w) -> dict[str, Any]:
    return {"cost_id": _cost(w).pk}


def _rate_changed(w) -> bool:
    # Not `load()`: that would create the row, a change the refused calls must not show.
    return EconomicsSettings.objects.filter(cost_of_capital=Decimal("12.5")).exists()


def _added(w) -> bool:
    return HourlyCost.objects.filter(person=w.member, amount=Decimal("80")).exists()


def _changed(w) -> bool:
    return HourlyCost.objects.filter(amount=Decimal("95")).exists()


def _gone(w) -> bool:
    return not HourlyCost.objects.exists()


ROUTES: dict[str, tuple[Call, ...]] = {
    "economics:settings": (
        Call("get", no_kwargs, internal(200)),
        Call(
            "post",
            no_kwargs,
            managers(PAGE),
            data=lambda w: {"cost_of_capital": "12.5"},
            effect=_rate_changed,
        ),
    ),
    "economics:hourly-cost-add": (
        Call(
            "post",
            no_kwargs,
            managers(PAGE),
            data=lambda w: {
                "person": w.member.pk,
                "amount": "80",
                "currency": "PLN",
                "valid_from": "2025-01-01",
            },
            effect=_added,
        ),
    ),
    "economics:hourly-cost-edit": (
        Call(
            "post",
            cost,
            managers(PAGE),
            data=lambda w: {
                "role": "kam",
                "amount": "95",
                "currency": "PLN",
                "valid_from": "2025-01-01",
            },
            effect=_changed,
        ),
    ),
    "economics:hourly-cost-delete": (Call("post", cost, managers(PAGE), effect=_gone),),
    "api:get_economics_settings": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:update_economics_settings": (
        Call(
            "put",
            no_kwargs,
            managers(200, anonymous=401),
            data=lambda w: {"cost_of_capital": "12.5"},
            api=True,
            effect=_rate_changed,
        ),
    ),
    "api:list_hourly_costs": (Call("get", no_kwargs, managers(200, anonymous=401), api=True),),
    "api:create_hourly_cost": (
        Call(
            "post",
            no_kwargs,
            managers(201, anonymous=401),
            data=lambda w: {
                "person_id": w.member.pk,
                "amount": "80",
                "valid_from": "2025-01-01",
            },
            api=True,
            effect=_added,
        ),
    ),
    "api:update_hourly_cost": (
        Call(
            "patch",
            api_cost,
            managers(200, anonymous=401),
            data=lambda w: {"amount": "95"},
            api=True,
            effect=_changed,
        ),
    ),
    "api:delete_hourly_cost": (
        Call(
            "delete",
            api_cost,
            managers(204, anonymous=401),
            api=True,
            effect=_gone,
        ),
    ),
}
