"""Rows for tests/test_routes_authz.py ROUTES (merged there): the account workspace's
tabs (the overview is accounts:detail, already in the table). Read by whoever may see
the account; outsiders and portal users 404."""

from __future__ import annotations

from keyplan.accounts.workspace import TAB_KEYS
from tests.test_routes_authz import Call, account, scoped

ROUTES: dict[str, tuple[Call, ...]] = {
    f"accounts:detail-{tab}": (Call("get", account, scoped(200)),) for tab in TAB_KEYS[1:]
}
