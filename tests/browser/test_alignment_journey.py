"""Browser journey of the alignment checkpoints (issue #8): a KAM opens this month's SAA
round, rates it from the keyboard (digits set the focused row, Ctrl+Enter saves) and sees
the results and the charts, without any CSP violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from keyplan.execution.models import CheckpointAnswer
from tests.browser.support import watch_csp
from tests.factories import AccountFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_kam_rates_the_saa_round_from_the_keyboard(page, login):
    kam = UserFactory(username="kam", role="kam", first_name="Kasia", last_name="Nowak")
    account = AccountFactory(name="Polmet", owner=kam, account_class="strategic")
    violations = watch_csp(page)
    login(page, kam)

    page.goto(f"/execution/alignment/account/{account.pk}/")
    section = page.locator("#kind-saa")
    section.get_by_role("button", name="Open this period's round").click()
    form = page.locator("#kind-saa form.js-alignment-form")
    expect(form).to_be_visible()

    # Digits rate the row the cursor is in; Tab moves on to the comment, then the next row.
    form.locator("input[name=score_information]").first.focus()
    page.keyboard.press("4")
    expect(form.locator("input[name=score_information][value='4']")).to_be_checked()
    form.locator("input[name=score_people]").first.focus()
    page.keyboard.press("2")
    form.locator("input[name=comment_people]").fill("nobody talks to logistics")
    form.locator("input[name=score_action]").first.focus()
    page.keyboard.press("3")
    page.keyboard.press("Control+Enter")

    expect(page.locator(".messages")).to_contain_text("your ratings are saved")
    results = page.locator("#kind-saa .alignment-results")
    expect(results.locator("tr.weakest")).to_contain_text("People alignment")
    expect(page.locator("#kind-saa .js-alignment-bars svg")).to_have_count(1)
    assert CheckpointAnswer.objects.filter(user=kam).count() == 3
    assert CheckpointAnswer.objects.get(element="people").comment == "nobody talks to logistics"
    assert not violations, violations
