"""The route matrix (tests/test_routes_authz.py) again, with a portal user of world.account.

The matrix's `portal` user belongs to world.other_account; this one belongs to the very
account every row is about. Internal pages and the internal API must refuse both alike
(their rows' `portal` answer); the portal's own pages answer what `routes.CUSTOMER`
says. A refused write must leave the database as it was, exactly as in the matrix.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.test_routes_authz import (
    ROUTES,
    WRITE_METHODS,
    _call,
    changes,
    database_fingerprint,
)

from .routes import CUSTOMER

CASES = [
    pytest.param(name, index, id=f"{name}[{index}]")
    for name, calls in ROUTES.items()
    for index in range(len(calls))
]


@pytest.mark.parametrize(("name", "index"), CASES)
def test_route_for_a_portal_user_of_the_same_account(world, name, index):
    call = ROUTES[name][index]
    expected = CUSTOMER.get((name, index), call.expect["portal"])
    customer = UserFactory(username="customer", role="portal", portal_account=world.account)
    url = reverse(name, kwargs=call.kwargs(world))
    data = call.data(world) if call.data else None
    client = Client()
    client.force_login(customer)
    succeeded = expected in (200, 201, 202, 204) or (
        isinstance(expected, str) and not expected.startswith("/login/")
    )
    before = database_fingerprint() if call.method in WRITE_METHODS and not succeeded else None

    response = _call(client, call, url, data)

    if isinstance(expected, str):
        assert response.status_code == 302, response.content[:500]
        assert response["Location"].startswith(expected)
    else:
        assert response.status_code == expected, response.content[:500]
    if call.effect is not None:
        assert call.effect(world) is bool(succeeded)
    if before is not None:
        assert changes(before, database_fingerprint()) == []
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        # nothing about other customers on a page this user may see
        assert world.other_account.name not in response.content.decode()
