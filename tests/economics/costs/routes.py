"""Rows for tests/test_routes_authz.py ROUTES (merged there): an account's service costs,
pages and API. Whoever sees the account reads them; its team writes (viewers 403);
outsiders and portal users 404."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from keyplan.sales.models import ServiceCost
from tests.test_routes_authz import Call, account, api_account, scoped

LIST = "/economics/accounts/"  # every write goes back to the account's costs


def _cost(w) -> ServiceCost:
    return ServiceCost.objects.create(
        account=w.account,
        date=date(2026, 2, 1),
        category="travel",
        amount=Decimal("100"),
        currency="PLN",
    )


def cost(w) -> dict[str, Any]:
    return {"pk": _cost(w).pk}


def api_cost(w) -> dict[str, Any]:
    return {"cost_id": _cost(w).pk}


def _form(w) -> dict[str, Any]:
    return {"date": "2026-02-03", "category": "returns", "amount": "55.5", "note": "authz"}


def _added(w) -> bool:
    return ServiceCost.objects.filter(note="authz").exists()


def _changed(w) -> bool:
    return ServiceCost.objects.filter(amount=Decimal("55.5"), note="authz").exists()


def _gone(w) -> bool:
    return not ServiceCost.objects.exists()


ROUTES: dict[str, tuple[Call, ...]] = {
    "economics:account-costs": (Call("get", account, scoped(200)),),
    "economics:cost-create": (
        Call("get", account, scoped(200, viewer=403)),
        Call("post", account, scoped(LIST, viewer=403), data=_form, effect=_added),
    ),
    "economics:cost-edit": (
        Call("get", cost, scoped(200, viewer=403)),
        Call("post", cost, scoped(LIST, viewer=403), data=_form, effect=_changed),
    ),
    "economics:cost-delete": (
        Call("get", cost, scoped(200, viewer=403)),
        Call("post", cost, scoped(LIST, viewer=403), effect=_gone),
    ),
    "api:list_service_costs": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "api:create_service_cost": (
        Call(
            "post",
            api_account,
            scoped(201, viewer=403, anonymous=401),
            data=_form,
            api=True,
            effect=_added,
        ),
    ),
    "api:get_service_cost": (Call("get", api_cost, scoped(200, anonymous=401), api=True),),
    "api:update_service_cost": (
        Call(
            "patch",
            api_cost,
            scoped(200, viewer=403, anonymous=401),
            data=_form,
            api=True,
            effect=_changed,
        ),
    ),
    "api:delete_service_cost": (
        Call(
            "delete",
            api_cost,
            scoped(204, viewer=403, anonymous=401),
            api=True,
            effect=_gone,
        ),
    ),
}
