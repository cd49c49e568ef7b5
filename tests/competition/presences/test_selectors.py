"""The competitors at an account read with their latest assessment, alerts and history."""

from __future__ import annotations

from datetime import date

import pytest

from keyplan.competition.alerts.selectors import account_alerts
from keyplan.competition.assessments.selectors import assessment_compare, support_history
from keyplan.competition.models import Assessment
from keyplan.competition.presences.selectors import presences_for_account

from ..core_support import assess, competitor, criterion, presence, score

pytestmark = pytest.mark.django_db


def test_presences_view_alerts_and_history(world):
    borex = competitor(world, "Borex")
    pres = presence(world, borex)
    assess(
        world, pres, {"strength": 4, "strategy": 4, "staff": 4, "support": 2}, on=date(2026, 1, 10)
    )
    assess(
        world, pres, {"strength": 4, "strategy": 4, "staff": 4, "support": 4}, on=date(2026, 6, 10)
    )
    [view] = presences_for_account(world.account)
    assert view.verdict == "hard_to_displace" and view.support_rising
    assert view.assessments == 2
    assert support_history(pres) == [(date(2026, 1, 10), 2), (date(2026, 6, 10), 4)]
    top = criterion(world, "Quality", 80)
    score(world, top, None, 3)
    score(world, top, borex, 5)
    codes = [a.code for a in account_alerts(world.account)]
    assert codes == ["support_rising", "behind_on_top_criterion"]
    old, new = Assessment.objects.order_by("assessed_on")
    diff = assessment_compare(old, new)
    assert diff.support_rising and diff.old_verdict == "attackable"
