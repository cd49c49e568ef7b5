"""Browser journey of the resource board (issue #8): a KAM files a request from the
keyboard and sees it ranked on the board with its priority breakdown; the unit's head
decides it. No CSP violation on the way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from keyplan.execution.models import ResourceRequest, UnitCapacity
from tests.browser.support import watch_csp
from tests.factories import AccountFactory, BusinessUnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_kam_files_a_request_and_sees_it_ranked(page, login, context):
    kam = UserFactory(username="kam", role="kam", first_name="Kasia", last_name="Nowak")
    head = UserFactory(username="head", role="team", first_name="Hubert", last_name="Lis")
    unit = BusinessUnitFactory(code="service", name="Field Service", head=head)
    for month in (date(2030, 3, 1), date(2030, 4, 1)):
        UnitCapacity.objects.create(
            business_unit=unit, resource_type="hours", month=month, amount=Decimal(100)
        )
    account = AccountFactory(name="Polmet", owner=kam, account_class="strategic")
    small = AccountFactory(name="Small Co", owner=kam, account_class="prospect")
    ResourceRequest.objects.create(
        account=small,
        business_unit=unit,
        resource_type="hours",
        amount=Decimal(40),
        period_start=date(2030, 3, 1),
        period_end=date(2030, 3, 31),
        title="Trial visit",
        currency="PLN",
        requested_by=kam,
    )
    violations = watch_csp(page)
    login(page, kam)

    page.goto(f"/execution/resources/account/{account.pk}/new/")
    expect(page.get_by_label("Business unit you ask")).to_be_focused()
    page.get_by_label("Business unit you ask").select_option(label="Field Service")
    page.get_by_label("Resource").select_option("hours")
    page.get_by_label("Amount").fill("120")
    page.get_by_label("From").fill("2030-03-01")
    page.get_by_label("To").fill("2030-04-30")
    page.get_by_label("What for").fill("Line audit")
    page.get_by_label("Business case").fill("Keeps their plant running")
    page.get_by_label("Expected gross profit effect").fill("60000")
    page.get_by_label("Business case").focus()
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("heading", name="Line audit")).to_be_visible()
    found = ResourceRequest.objects.get(title="Line audit")
    assert found.requested_by == kam

    page.get_by_role("link", name="Resource board").first.click()
    expect(page.locator("#formula")).to_contain_text("How requests are ranked")
    rows = page.locator("table.resource-board > tbody > tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Line audit")
    expect(rows.nth(1)).to_contain_text("Trial visit")
    breakdown = page.locator(f"#request-{found.pk} details.priority-breakdown")
    breakdown.locator("summary").click()
    expect(breakdown).to_contain_text("Expected gross profit per unit")
    expect(breakdown).to_contain_text("Plan completeness")
    assert not violations, violations

    # The unit's head decides on the request's page; Escape would leave the form.
    head_page = context.new_page()
    head_violations = watch_csp(head_page)
    context.clear_cookies()
    login(head_page, head)
    head_page.goto(f"/execution/resources/{found.pk}/")
    head_page.get_by_label("Approve in full").check()
    head_page.get_by_role("button", name="Record the decision").click()
    expect(head_page.locator(".badge.status-approved")).to_be_visible()
    found.refresh_from_db()
    assert found.status == "approved" and found.granted_amount == Decimal(120)
    assert not head_violations, head_violations
