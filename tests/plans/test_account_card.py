"""The account page's plan card (the plans template tags)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.plans.support import add, make_plan, text


def test_account_page_has_the_plan_card(world, client_for):
    client = client_for("owner")
    url = reverse("accounts:detail-plan", args=[world.account.pk])
    assert "No current plan for this account" in text(client.get(url))
    plan = make_plan(
        world,
        starts_on=timezone.localdate() - timedelta(days=30),
        ends_on=timezone.localdate() + timedelta(days=300),
    )
    add(plan, "action", world.owner, title="Blocked thing", status="blocked")

    html = text(client.get(url))

    assert f'href="/plans/{plan.pk}/"' in html
    assert "Completeness" in html and "Blocked thing" in html
