"""Rows for tests/test_routes_authz.py ROUTES (merged there): every new URL name -> calls."""

from __future__ import annotations

from typing import Any

from tests.test_routes_authz import Call  # noqa: F401  (and scoped, internal, managers, ...)

ROUTES: dict[str, tuple[Any, ...]] = {}
