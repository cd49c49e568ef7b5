"""Rows for tests/test_routes_authz.py ROUTES (merged there): the warnings and KPI
downloads (any internal user, over the accounts they see) and the account plan's PDF
(whoever sees the account; outsiders and portal users 404)."""

from __future__ import annotations

from typing import Any

from tests.plans.support import make_plan
from tests.test_routes_authz import Call, internal, scoped


def _fmt(fmt: str):
    return lambda w: {"fmt": fmt}


def _plan(w) -> dict[str, Any]:
    return {"pk": make_plan(w).pk}


ROUTES: dict[str, tuple[Call, ...]] = {
    "economics:warnings-export": (
        Call("get", _fmt("csv"), internal(200)),
        Call("get", _fmt("xlsx"), internal(200)),
    ),
    "economics:kpis-export": (Call("get", _fmt("xlsx"), internal(200)),),
    "economics:kpi-accounts-export": (Call("get", _fmt("csv"), internal(200)),),
    "plans:pdf": (Call("get", _plan, scoped(200)),),
}
