"""Browser journey through the plan workspace: a KAM adds a SWOT item and an action
inline (htmx), reloads and finds them; the potential chart draws under the CSP."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keyplan.plans.items import services as item_services
from keyplan.plans.versions import services
from keyplan.sales.models import MonthlyRollup
from tests.browser.support import dom_csp_violations, record_csp_violations, watch_problems
from tests.factories import AccountFactory, TeamMemberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_kam_fills_a_swot_item_and_an_action_then_finds_them_after_reload(page, login):
    kam = UserFactory(username="kasia", first_name="Katarzyna", last_name="Nowak", role="kam")
    member = UserFactory(username="piotr", first_name="Piotr", last_name="Zieliński", role="team")
    account = AccountFactory(name="Polmet Sp. z o.o.", owner=kam, account_class="strategic")
    TeamMemberFactory(account=account, user=member)
    plan = services.plan_create(
        user=kam,
        account=account,
        period="FY2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    problems = watch_problems(page)
    login(page, kam)

    # SWOT: the Strengths quadrant's add form, filled with the keyboard.
    page.goto(f"/plans/{plan.pk}/swot/")
    strengths = page.locator(".swot-quadrant.quadrant-S")
    strengths.locator("summary").click()
    factor = strengths.locator("select[name=factor]")
    expect(factor).to_be_focused()  # opening the form puts the cursor in its first field
    factor.select_option("leadership")
    text = strengths.locator("textarea[name=text]")
    text.fill("Experienced management board")
    text.press("Control+Enter")  # saves from the text area
    expect(page.locator(".inline-notice")).to_contain_text("Added")
    expect(strengths.locator(".plan-item")).to_contain_text("Experienced management board")

    # The action plan: an action with an owner and a due date.
    page.get_by_role("link", name="Action plan").click()
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/actions/$"))
    page.locator("#block-action details.add-form summary").click()
    page.locator("#id_new-action_title").fill("Visit the Gliwice plant")
    page.locator("#id_new-action_owner").select_option(label="Piotr Zieliński")
    page.locator("#id_new-action_due_on").fill("2026-03-31")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#items-action")).to_contain_text("Visit the Gliwice plant")

    # Reload: both were saved.
    page.reload()
    expect(page.locator("#items-action")).to_contain_text("Piotr Zieliński")
    page.goto(f"/plans/{plan.pk}/swot/")
    expect(page.locator(".quadrant-S .plan-item")).to_contain_text("Experienced management board")

    # Inline edit with Escape to cancel, then a real edit.
    item = page.locator(".quadrant-S .plan-item").first
    item.get_by_role("link", name=re.compile("^Edit")).click()
    editing = page.locator(".plan-item.editing")
    expect(editing.locator("select[name=quadrant]")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".plan-item.editing")).to_have_count(0)
    assert problems == []


def test_potential_chart_draws_under_the_csp(page, login):
    kam = UserFactory(username="kasia", role="kam")
    account = AccountFactory(owner=kam, account_class="strategic")
    # Monthly sales from November two years back to this month: a partial first year, a
    # complete one, and the year in progress with its interval.
    today = timezone.localdate()
    month = date(today.year - 2, 11, 1)
    while month <= today:
        MonthlyRollup.objects.create(
            account=account, month=month, currency=account.currency, revenue=Decimal("1000")
        )
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    plan = services.plan_create(
        user=kam,
        account=account,
        period="FY2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    item_services.item_create(
        user=kam,
        plan=plan,
        kind="potential",
        data={"year": 2026, "expected_volume": 1_000_000, "currency": account.currency},
    )
    problems = watch_problems(page)
    record_csp_violations(page)
    login(page, kam)
    page.goto(f"/plans/{plan.pk}/potential/")
    chart = page.locator(".js-potential-chart svg")
    expect(chart).to_have_count(1)
    for legend in ("Actual so far this year", "Forecast interval (80%)", "Our estimate"):
        expect(chart).to_contain_text(legend)
    expect(chart).to_contain_text(f"{today.year} (in progress)")
    expect(page.locator(".partial-year")).to_contain_text("partial year: 2 months")
    problems += dom_csp_violations(page)
    assert problems == []
