"""Rows for tests/test_routes_authz.py ROUTES (merged there): the economics pages and API."""

from __future__ import annotations

from tests.test_routes_authz import Call, account, api_account, internal, no_kwargs, scoped

ROUTES: dict[str, tuple[Call, ...]] = {
    "economics:cash": (Call("get", no_kwargs, internal(200)),),
    "economics:cash-export-csv": (Call("get", no_kwargs, internal(200)),),
    "economics:cash-export-xlsx": (Call("get", no_kwargs, internal(200)),),
    "economics:account-cash": (Call("get", account, scoped(200)),),
    "api:economics_cash": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:account_cash": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "economics:pnl": (Call("get", no_kwargs, internal(200)),),
    "economics:pnl-export-csv": (Call("get", no_kwargs, internal(200)),),
    "economics:pnl-export-xlsx": (Call("get", no_kwargs, internal(200)),),
    "economics:whale": (Call("get", no_kwargs, internal(200)),),
    "economics:account-pnl": (Call("get", account, scoped(200)),),
    "api:economics_pnl": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:economics_whale": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:account_pnl_detail": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
}
