"""The competitors across the portfolio page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from keyplan.competition.presences.services import presence_create

from ..core_support import (
    competitor,
    presence,
)

pytestmark = pytest.mark.django_db


def test_portfolio_counts_visible_accounts_only(world, client_for):
    comp = competitor(world)
    presence(world, comp, share_of_spend="30")

    presence_create(user=world.admin, account=world.other_account, data={"competitor_id": comp.pk})
    body = client_for("owner").get(reverse("competition:portfolio")).content.decode()
    assert "Acme Industrial" in body
    body_dir = client_for("director").get(reverse("competition:portfolio")).content.decode()
    assert ">2<" in body_dir
    empty = client_for("viewer").get(reverse("competition:portfolio"), {"class": "regular"})
    assert empty.status_code == 200
