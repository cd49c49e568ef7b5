"""Browser journey of the competition pages (issue #7): a KAM scores a competitor's
support pillar from the keyboard, sees the verdict and the weak point follow, then
opens the offer comparison and sees the radar chart drawn; no CSP violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from keyplan.competition.assessments.services import assessment_start, rating_update
from keyplan.competition.competitors.services import competitor_create
from keyplan.competition.models import PillarRating
from keyplan.competition.offers.services import criterion_create, offer_score_set
from keyplan.competition.presences.services import presence_create
from tests.browser.support import wait_until, watch_csp
from tests.factories import AccountFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _world():
    kam = UserFactory(username="kam7", role="kam")
    account = AccountFactory(name="Polmet", owner=kam, account_class="strategic")
    competitor = competitor_create(user=kam, data={"name": "Borex Industrial"})
    presence = presence_create(
        user=kam, account=account, data={"competitor_id": competitor.pk, "is_incumbent": True}
    )
    assessment = assessment_start(user=kam, presence=presence)
    for rating in assessment.ratings.exclude(pillar="support"):
        rating_update(user=kam, rating=rating, data={"score": 5})
    for name, weight, ours, theirs in (
        ("Quality", 40, 5, 3),
        ("Price", 30, 3, 4),
        ("Delivery", 20, 4, 4),
    ):
        criterion = criterion_create(
            user=kam, account=account, data={"name": name, "weight": weight}
        )
        offer_score_set(user=kam, criterion=criterion, competitor_id=None, score=ours)
        offer_score_set(user=kam, criterion=criterion, competitor_id=competitor.pk, score=theirs)
    return kam, account, presence, assessment


def test_kam_scores_a_pillar_and_sees_the_radar_chart(page, login):
    kam, account, presence, assessment = _world()
    violations = watch_csp(page)
    login(page, kam)

    page.goto(f"/competition/presences/{presence.pk}/")
    expect(page.locator("#assessment-summary")).to_contain_text("Incomplete")
    page.get_by_role("link", name="Score Support").click()
    score = page.locator("#pillar-support select")
    expect(score).to_be_focused()
    score.select_option("2")
    evidence = page.locator("#pillar-support textarea")
    evidence.fill("Only the buyer on their side likes them")
    evidence.press("Control+Enter")

    expect(page.locator("#pillar-support .stat-value")).to_contain_text("2")
    expect(page.locator("#assessment-summary")).to_contain_text("Attackable")
    expect(page.locator("#assessment-summary")).to_contain_text("Weak pillar: support")
    wait_until(
        lambda: PillarRating.objects.filter(
            assessment=assessment, pillar="support", score=2
        ).exists(),
        "the support score was not saved",
    )

    page.goto(f"/competition/account/{account.pk}/offers/")
    expect(page.locator(".js-radar-chart canvas")).to_be_visible()
    expect(page.locator("#advantages")).to_contain_text("Quality")
    assert not violations, violations
