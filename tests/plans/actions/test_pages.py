"""The my-actions page: lists, filters, the way in from my work."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.plans.support import add, make_plan, text


def test_my_actions_lists_filters_and_is_empty_without_actions(world, client_for):
    client = client_for("member")
    url = reverse("plans:my-actions")
    assert "You own no open actions" in text(client.get(url))
    plan = make_plan(world)
    today = timezone.localdate()
    add(
        plan,
        "action",
        world.owner,
        title="Late",
        owner_id=world.member.pk,
        due_on=today - timedelta(days=3),
    )
    add(plan, "action", world.owner, title="Stuck", owner_id=world.member.pk, status="blocked")
    add(plan, "action", world.owner, title="Not mine", owner_id=world.owner.pk)

    everything = text(client.get(url))
    blocked = text(client.get(url + "?show=blocked"))
    searched = text(client.get(url + "?q=lat"))

    assert "Late" in everything and "Stuck" in everything and "Not mine" not in everything
    assert everything.index("Late") < everything.index("Stuck")  # overdue first
    assert "Stuck" in blocked and ">Late<" not in blocked
    assert ">Late<" in searched and "Stuck" not in searched


def test_my_actions_is_reached_from_my_work(world, client_for):
    html = client_for("viewer").get(reverse("work:home")).content.decode()
    assert 'href="/execution/my-work/" aria-current="page"' in html
    assert 'href="/plans/my-actions/' in html
