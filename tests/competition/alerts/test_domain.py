"""The pure rules of the account's competition alerts
(keyplan.competition.alerts.domain): no database."""

from __future__ import annotations

from keyplan.competition.alerts import domain
from keyplan.competition.alerts.domain import SupportTrend
from keyplan.competition.offers.domain import Criterion

CRITERIA = [
    Criterion(id=1, name="Price", weight=30, position=0),
    Criterion(id=2, name="Quality", weight=50, position=1),
    Criterion(id=3, name="Delivery", weight=20, position=2),
]


def test_alerts():
    found = domain.alerts(
        support=[
            SupportTrend(competitor_id=1, competitor="A", previous=2, latest=4),
            SupportTrend(competitor_id=2, competitor="B", previous=None, latest=4),
        ],
        top=CRITERIA[1],
        our_score=3,
        their_scores=[(1, "A", 4), (2, "B", 3)],
    )
    assert [(a.code, a.competitor_id) for a in found] == [
        ("support_rising", 1),
        ("behind_on_top_criterion", 1),
    ]
    assert "Quality" in found[1].message


def test_no_top_alert_without_our_score():
    assert (
        domain.alerts(support=[], top=CRITERIA[0], our_score=None, their_scores=[(1, "A", 5)]) == []
    )
