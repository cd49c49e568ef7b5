"""Rows for tests/test_routes_authz.py ROUTES (merged there)."""

from __future__ import annotations

from tests.test_routes_authz import Call

ROUTES: dict[str, tuple[Call, ...]] = {}
