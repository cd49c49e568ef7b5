"""Rows for tests/test_routes_authz.py ROUTES (merged there): the pipeline page and the
opportunities API.

Every internal user reads the pipeline of the accounts they may see (the list is scoped,
so it answers 200 to all of them); one opportunity follows its account (outsiders 404,
read-only viewers read it). Portal users get 404, anonymous the login page or 401.
Nothing writes: every other method answers 405 and changes nothing.
"""

from __future__ import annotations

from typing import Any

from tests.factories import OpportunityFactory
from tests.test_routes_authz import LOGIN, Call, everyone, internal, no_kwargs, scoped


def _opportunity(w) -> dict[str, Any]:
    return {"opportunity_id": OpportunityFactory(account=w.account).pk}


def _read_only(*, page: bool = False) -> dict:
    """Writing is not allowed to anybody. The page checks who asks first (the login page,
    404 for portal users); the API knows its methods before it authenticates."""
    if page:
        return internal(405) | {"anonymous": LOGIN}
    return everyone(405, anonymous=405)


ROUTES: dict[str, tuple[Call, ...]] = {
    "pipeline:list": (
        Call("get", no_kwargs, internal(200)),
        Call("post", no_kwargs, _read_only(page=True), data=lambda w: {"status": "won"}),
    ),
    "api:list_opportunities": (
        Call("get", no_kwargs, internal(200, anonymous=401), api=True),
        Call("post", no_kwargs, _read_only(), data=lambda w: {"name": "x"}, api=True),
    ),
    "api:opportunity_totals": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:get_opportunity": (
        Call("get", _opportunity, scoped(200, anonymous=401), api=True),
        Call("patch", _opportunity, _read_only(), data=lambda w: {"name": "x"}, api=True),
        Call("delete", _opportunity, _read_only(), api=True),
    ),
}
