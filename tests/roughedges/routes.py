"""Rows for tests/test_routes_authz.py ROUTES (merged there): the favicon redirect."""

from __future__ import annotations

from tests.test_routes_authz import Call, everyone, no_kwargs

ICON = "/static/keyplan/favicon.svg"

ROUTES: dict[str, tuple[Call, ...]] = {
    # Public, like the icon itself: browsers ask for it before anyone signs in.
    "favicon": (Call("get", no_kwargs, everyone(ICON, anonymous=ICON)),),
}
