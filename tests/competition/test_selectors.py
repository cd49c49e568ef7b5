"""The competition reads make a fixed number of queries whatever the data size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.competition.alerts.selectors import account_alerts
from keyplan.competition.assessments.selectors import assessment_view
from keyplan.competition.models import Assessment, Competitor
from keyplan.competition.offers.selectors import offer_comparison
from keyplan.competition.portfolio.selectors import portfolio_competition
from keyplan.competition.presences.selectors import presences_for_account

from .core_support import assess, competitor, criterion, presence, score

pytestmark = pytest.mark.django_db


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_selectors_make_a_fixed_number_of_queries(world):
    def grow(n: int):
        for i in range(n):
            pres = presence(world, competitor(world, f"Rival {Competitor.objects.count()}"))
            assess(world, pres, {"support": 2}, ["staff-changed-managers"])
            assess(world, pres, {"support": 3})
            crit = criterion(world, f"C{pres.pk}", 5)
            score(world, crit, None, 3)
            score(world, crit, pres.competitor, 4)

    grow(1)
    counts = [
        _queries(lambda: presences_for_account(world.account)),
        _queries(lambda: offer_comparison(world.account)),
        _queries(lambda: account_alerts(world.account)),
        _queries(lambda: portfolio_competition(world.director)),
    ]
    grow(3)
    assert counts == [
        _queries(lambda: presences_for_account(world.account)),
        _queries(lambda: offer_comparison(world.account)),
        _queries(lambda: account_alerts(world.account)),
        _queries(lambda: portfolio_competition(world.director)),
    ]
    assessment = Assessment.objects.first()
    assert _queries(lambda: assessment_view(assessment)) <= 5
