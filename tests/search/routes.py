"""Rows for tests/test_routes_authz.py ROUTES (merged there): the search page, its
dropdown and the search API."""

from __future__ import annotations

from tests.test_routes_authz import Call, internal, no_kwargs


def _query(w) -> dict:
    return {"q": "Polmet"}


ROUTES: dict[str, tuple[Call, ...]] = {
    "search:page": (Call("get", no_kwargs, internal(200), data=_query),),
    "search:suggest": (Call("get", no_kwargs, internal(200), data=_query),),
    "api:search_everything": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
}
