"""Rows for tests/test_routes_authz.py ROUTES (merged there): the whitespace pages and API.
Whoever sees the account reads its whitespace; its team adds a line to the plan (viewers
403); outsiders and portal users 404. The data is set up by each call's `data`."""

from __future__ import annotations

from typing import Any

from keyplan.plans.models import Goal
from tests.test_routes_authz import Call, account, api_account, internal, no_kwargs, scoped

from .support import industry, plan

PAGE = "/economics/accounts/"  # the add goes back to the account's whitespace page


def _ready(w) -> None:
    industry(w)
    plan(w)


def _form(w) -> dict[str, Any]:
    _ready(w)
    return {"line": "Valves", "kind": "goal"}


def _body(w) -> dict[str, Any]:
    _ready(w)
    return {"product_line": "Valves"}


def _added(w) -> bool:
    return Goal.objects.filter(plan__account=w.account).exists()


ROUTES: dict[str, tuple[Call, ...]] = {
    "economics:whitespace": (Call("get", no_kwargs, internal(200)),),
    "economics:account-whitespace": (Call("get", account, scoped(200)),),
    "economics:account-whitespace-add": (
        Call("post", account, scoped(PAGE, viewer=403), data=_form, effect=_added),
    ),
    "api:account_whitespace_detail": (
        Call("get", api_account, scoped(200, anonymous=401), api=True),
    ),
    "api:account_whitespace_goal": (
        Call(
            "post",
            api_account,
            scoped(201, viewer=403, anonymous=401),
            data=_body,
            api=True,
            effect=_added,
        ),
    ),
    "api:account_whitespace_action": (
        Call("post", api_account, scoped(201, viewer=403, anonymous=401), data=_body, api=True),
    ),
}
