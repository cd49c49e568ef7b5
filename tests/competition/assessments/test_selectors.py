"""An assessment read for its page and the API."""

from __future__ import annotations

import pytest

from keyplan.competition.assessments.selectors import assessment_view
from keyplan.competition.models import WeaknessQuestion

from ..core_support import assess, presence

pytestmark = pytest.mark.django_db


def test_assessment_view_groups_by_pillar(world):
    pres = presence(world)
    assessment = assess(world, pres, {"support": 1}, ["strength-rising-costs"])
    view = assessment_view(assessment)
    assert [p.pillar for p in view.pillars] == ["strength", "strategy", "staff", "support"]
    assert len(view.pillars[0].answers) == 5
    assert view.weak_points[0].key == "support"
    assert view.verdict == "attackable"
    assert len(view.to_find_out) == WeaknessQuestion.objects.count() - 1
