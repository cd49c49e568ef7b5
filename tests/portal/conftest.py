"""Portal fixtures: `customer`, a portal user of world.account (the matrix's `portal` user
belongs to world.other_account), and `shared(world, *sections, level=...)` to share."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture
def customer(world):
    return UserFactory(
        username="customer",
        role="portal",
        portal_account=world.account,
        email="anna@polmet.example",
        first_name="Anna",
        last_name="Nowak",
    )


@pytest.fixture
def customer_client(customer) -> Client:
    client = Client()
    client.force_login(customer)
    return client
