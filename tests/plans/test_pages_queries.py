"""Query counts of the plan pages do not grow with the plan (saleor-style pins)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyplan.plans.models import ITEM_MODELS

from .support import add, make_plan


def _queries(client, url: str) -> int:
    client.get(url)  # the first request writes the session's time stamps; count the next
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(world, plan, n: int) -> None:
    today = timezone.localdate()
    for i in range(n):
        for kind in ITEM_MODELS:
            if kind in ("potential", "goal"):
                continue  # one estimate per year; goals measured one by one (below)
            extra = {}
            if kind == "action":
                extra = {"owner_id": world.member.pk, "due_on": today - timedelta(days=i)}
            add(plan, kind, world.owner, **extra)


@pytest.mark.parametrize("section", ["profile", "swot", "strategy", "actions", "perception"])
def test_workspace_query_count_does_not_grow_with_items(world, client_for, section):
    client = client_for("member")
    plan = make_plan(world)
    url = reverse("plans:section", args=[plan.pk, section])
    _grow(world, plan, 2)
    small = _queries(client, url)

    _grow(world, plan, 12)
    large = _queries(client, url)

    assert small == large


def test_print_query_count_does_not_grow(world, client_for):
    # Not the history page: keyplan.plans.versions.selectors.plan_history fetches each live
    # item once per record (bounded by its limit of 100 entries, but not constant).
    client = client_for("director")
    plan = make_plan(world)
    urls = [reverse("plans:print", args=[plan.pk])]
    _grow(world, plan, 2)
    small = [_queries(client, url) for url in urls]

    _grow(world, plan, 10)
    large = [_queries(client, url) for url in urls]

    assert small == large


def test_account_card_query_count_does_not_grow(world, client_for):
    client = client_for("owner")
    today = timezone.localdate()
    plan = make_plan(
        world, starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=300)
    )
    url = reverse("accounts:detail-plan", args=[world.account.pk])
    _grow(world, plan, 2)
    small = _queries(client, url)

    _grow(world, plan, 12)
    large = _queries(client, url)

    assert small == large


def test_my_actions_query_count_does_not_grow(world, client_for):
    client = client_for("member")
    plan = make_plan(world)
    url = reverse("plans:my-actions")
    _grow(world, plan, 2)
    small = _queries(client, url)

    _grow(world, plan, 12)
    large = _queries(client, url)

    assert small == large
