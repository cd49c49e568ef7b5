"""The revenue and gross profit bars (charts.js `revenueGpBars`) are drawn on the account
overview and on the portfolio's sales drill-down, without a console error."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keyplan.sales.models import MonthlyRollup
from tests.browser.support import watch_problems
from tests.factories import AccountFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_the_revenue_and_profit_bars_are_drawn_on_both_pages(page, login):
    kam = UserFactory(username="kasia", role="kam")
    account = AccountFactory(name="Polmet Sp. z o.o.", owner=kam, account_class="strategic")
    this_month = timezone.localdate().replace(day=1)
    for back in (1, 2, 3):
        year, month = divmod(this_month.year * 12 + this_month.month - 1 - back, 12)
        MonthlyRollup.objects.create(
            account=account,
            month=date(year, month + 1, 1),
            revenue=Decimal("1000.50"),
            cost=Decimal("600.25"),
            currency="PLN",
            lines=1,
        )
    problems = watch_problems(page)
    login(page, kam)
    expect(page).to_have_url(re.compile(r"/$"))

    page.goto(f"/accounts/{account.pk}/")
    expect(
        page.locator(".js-overview-trend-chart canvas, .js-overview-trend-chart svg")
    ).not_to_have_count(0)
    page.goto(f"/portfolio/accounts/{account.pk}/sales/")
    expect(page.locator(".js-monthly-chart canvas, .js-monthly-chart svg")).not_to_have_count(0)
    assert not problems, problems
