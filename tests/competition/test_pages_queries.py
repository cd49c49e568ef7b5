"""Query counts of the competition pages and the account-page card: the same whatever
the number of competitors, assessments, answers and criteria."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .core_support import assess, competitor, criterion, presence, score

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)  # the first request writes the session's time stamps; count the next
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(world, start: int, n: int) -> list:
    """`n` more competitors at the account, each assessed twice, with a criterion each."""
    presences = []
    for i in range(start, start + n):
        comp = competitor(world, f"Competitor {i:03}")
        pres = presence(world, comp, share_of_spend="10")
        assess(world, pres, {"support": 2, "strength": 4}, on=date(2026, 1, 1))
        assess(world, pres, {"support": 3, "strength": 4}, ["support-strained-trust"])
        crit = criterion(world, f"Criterion {i:03}", 10 + i)
        score(world, crit, None, 3)
        score(world, crit, comp, 4)
        presences.append(pres)
    return presences


def _card_queries(account) -> int:
    template = Template("{% load competition %}{% competition_card account True %}")
    with CaptureQueriesContext(connection) as ctx:
        html = template.render(Context({"account": account}))
    assert 'id="competition"' in html
    return len(ctx.captured_queries)


def test_account_card_makes_a_fixed_number_of_queries(world):
    _grow(world, 0, 1)
    small = _card_queries(world.account)
    _grow(world, 1, 8)
    assert _card_queries(world.account) == small
    assert small <= 10


def test_account_card_on_the_account_page(world, client_for):
    pres = _grow(world, 0, 1)[0]
    body = client_for("member").get(reverse("accounts:detail-competition", args=[world.account.pk]))
    text = body.content.decode()
    assert reverse("competition:presence", args=[pres.pk]) in text
    assert "support at the customer rose from 2 to 3" in text


PAGES = [
    lambda w, p: reverse("competition:list"),
    lambda w, p: reverse("competition:detail", args=[p.competitor_id]),
    lambda w, p: reverse("competition:portfolio"),
    lambda w, p: reverse("competition:questions"),
    lambda w, p: reverse("competition:account", args=[w.account.pk]),
    lambda w, p: reverse("competition:presence", args=[p.pk]),
    lambda w, p: reverse("competition:offers", args=[w.account.pk]),
]


@pytest.mark.parametrize("index", range(len(PAGES)))
def test_pages_make_a_fixed_number_of_queries(world, client_for, index):
    client = client_for("owner")
    first = _grow(world, 0, 1)[0]
    small = _queries(client, PAGES[index](world, first))
    _grow(world, 1, 6)
    assert _queries(client, PAGES[index](world, first)) == small
