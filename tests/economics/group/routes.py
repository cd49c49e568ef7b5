"""Rows for tests/test_routes_authz.py ROUTES (merged there): the group P&L."""

from __future__ import annotations

from tests.test_routes_authz import Call, account, api_account, scoped

ROUTES = {
    "economics:account-group-pnl": (Call("get", account, scoped(200)),),
    "api:account_group_pnl": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
}
