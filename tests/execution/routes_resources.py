"""Rows for tests/test_routes_authz.py ROUTES (merged there): the resource board's pages
and API.

Requests are seen by whoever sees their account, filed and changed by its writers
(viewers 403) and decided by the unit's head (not a fixture user here), administrators
and directors: the account's people get 403, outsiders and portal users 404. Capacities
are read by every internal user and set by managers and the unit's head.
"""

from __future__ import annotations

from typing import Any

from keyplan.execution.models import ResourceRequest, UnitCapacity
from tests.test_routes_authz import LOGIN, Call, Expect, Status, internal, managers, scoped

from .resources.support import START, make_request, unit_with_head

BACK = "/execution/resources/"


def deciders(ok: Status, *, anonymous: Status = LOGIN) -> Expect:
    """A request of world.account: managers decide; its people see it but may not (403)."""
    return scoped(403, anonymous=anonymous) | {"admin": ok, "director": ok}


def _unit(w):
    if not hasattr(w, "unit"):
        w.unit = unit_with_head()
    return w.unit


def _request(w) -> ResourceRequest:
    w.request = make_request(w.account, _unit(w))
    return w.request


def web_request(w) -> dict[str, Any]:
    return {"pk": _request(w).pk}


def api_request(w) -> dict[str, Any]:
    return {"request_id": _request(w).pk}


def account(w) -> dict[str, Any]:
    _unit(w)
    return {"pk": w.account.pk}


def _field(w, name: str):
    return ResourceRequest.objects.filter(pk=w.request.pk).values_list(name, flat=True).first()


def _created(w) -> bool:
    return ResourceRequest.objects.filter(title="Spare parts stock").exists()


FORM = {
    "resource_type": "hours",
    "amount": "80",
    "period_start": "2030-03-01",
    "period_end": "2030-04-30",
    "title": "Spare parts stock",
    "business_case": "Fewer stoppages",
    "expected_gross_profit": "20000",
    "probability": "60",
}


def _form(w) -> dict[str, Any]:
    return {**FORM, "business_unit": _unit(w).pk}


def _edit_form(w) -> dict[str, Any]:
    return {**FORM, "business_unit": _unit(w).pk, "title": "Line audit, longer"}


def _capacity_form(w) -> dict[str, Any]:
    return {"unit": _unit(w).pk, "resource_type": "expert", "month": "2030-07", "amount": "3"}


def _capacity_set(w) -> bool:
    return UnitCapacity.objects.filter(resource_type="expert", amount=3).exists()


def no_kwargs(w) -> dict[str, Any]:
    _unit(w)
    return {}


ROUTES: dict[str, tuple[Call, ...]] = {
    "resources:board": (Call("get", no_kwargs, internal(200)),),
    "resources:capacity": (
        Call("get", no_kwargs, internal(200)),
        Call("post", no_kwargs, managers(BACK), data=_capacity_form, effect=_capacity_set),
    ),
    "resources:create": (
        Call("get", account, scoped(200, viewer=403)),
        Call("post", account, scoped(BACK, viewer=403), data=_form, effect=_created),
    ),
    "resources:detail": (Call("get", web_request, scoped(200)),),
    "resources:edit": (
        Call("get", web_request, scoped(200, viewer=403)),
        Call(
            "post",
            web_request,
            scoped(BACK, viewer=403),
            data=_edit_form,
            effect=lambda w: _field(w, "title") == "Line audit, longer",
        ),
    ),
    "resources:withdraw": (
        Call(
            "post",
            web_request,
            scoped(BACK, viewer=403),
            effect=lambda w: _field(w, "status") == "withdrawn",
        ),
    ),
    "resources:decide": (
        Call(
            "post",
            web_request,
            deciders(BACK),
            data=lambda w: {"decision": "approved"},
            effect=lambda w: _field(w, "status") == "approved",
        ),
    ),
    # --- API -------------------------------------------------------------------------------
    "api:list_resource_requests": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:create_resource_request": (
        Call(
            "post",
            no_kwargs,
            scoped(201, viewer=403, anonymous=401),
            data=lambda w: {
                **{k: v for k, v in FORM.items()},
                "account_id": w.account.pk,
                "business_unit_id": _unit(w).pk,
            },
            api=True,
            effect=_created,
        ),
    ),
    "api:get_resource_request": (Call("get", api_request, scoped(200, anonymous=401), api=True),),
    "api:update_resource_request": (
        Call(
            "patch",
            api_request,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"title": "Line audit, longer"},
            api=True,
            effect=lambda w: _field(w, "title") == "Line audit, longer",
        ),
    ),
    "api:decide_resource_request": (
        Call(
            "post",
            api_request,
            deciders(200, anonymous=401),
            data=lambda w: {"decision": "declined", "reason": "Other accounts first"},
            api=True,
            effect=lambda w: _field(w, "status") == "declined",
        ),
    ),
    "api:withdraw_resource_request": (
        Call(
            "post",
            api_request,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {},
            api=True,
            effect=lambda w: _field(w, "status") == "withdrawn",
        ),
    ),
    "api:list_unit_capacities": (
        Call(
            "get",
            no_kwargs,
            internal(200, anonymous=401),
            api=True,
        ),
    ),
    "api:set_unit_capacity": (
        Call(
            "put",
            no_kwargs,
            managers(200, anonymous=401),
            data=lambda w: {
                "unit_id": _unit(w).pk,
                "resource_type": "expert",
                "month": f"{START:%Y-%m-%d}",
                "amount": 3,
            },
            api=True,
            effect=_capacity_set,
        ),
    ),
}
