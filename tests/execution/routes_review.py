"""Rows for tests/test_routes_authz.py ROUTES (merged there): the review pack.

An account's review is read by whoever sees the account (outsiders and portal users
404); the portfolio pack by every internal user, over the accounts they see.
"""

from __future__ import annotations

from tests.test_routes_authz import Call, account, internal, no_kwargs, scoped

ROUTES: dict[str, tuple[Call, ...]] = {
    "review:account": (Call("get", account, scoped(200)),),
    "review:portfolio": (Call("get", no_kwargs, internal(200)),),
}
