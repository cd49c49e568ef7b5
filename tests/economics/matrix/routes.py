"""Rows for tests/test_routes_authz.py ROUTES (merged there): the profitability matrix."""

from __future__ import annotations

from tests.test_routes_authz import Call, internal, no_kwargs

ROUTES = {
    "economics:matrix": (Call("get", no_kwargs, internal(200)),),
    "economics:matrix-export-csv": (Call("get", no_kwargs, internal(200)),),
    "api:economics_matrix": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
}
