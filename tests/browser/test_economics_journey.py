"""Browser journey of the cash view (issue #16): a director opens the receivables, the
ageing chart draws, sorts by overdue from the keyboard, opens the worst payer and sees
its trend; no CSP violation and no script error on the way."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from keyplan.sales.models import Payment
from tests.browser.support import watch_csp
from tests.factories import AccountFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _ledger(owner):
    today = date.today()
    late = AccountFactory(name="Slow Payer SA", owner=owner)
    prompt = AccountFactory(name="Prompt Payer SA", owner=owner)
    rows = [
        (late, today - timedelta(days=120), None, "1000.00"),
        (late, today - timedelta(days=40), None, "500.00"),
        (late, today - timedelta(days=200), today - timedelta(days=150), "700.00"),
        (prompt, today + timedelta(days=10), None, "300.00"),
        (prompt, today - timedelta(days=60), today - timedelta(days=61), "900.00"),
    ]
    for number, (account, due, paid, amount) in enumerate(rows, start=1):
        Payment.objects.create(
            account=account,
            document_number=f"FV/{number}",
            payment_key="1",
            invoice_date=due - timedelta(days=30),
            due_date=due,
            paid_date=paid,
            amount=Decimal(amount),
            currency="PLN",
        )


def test_director_finds_the_worst_payer_and_its_trend(page, login):
    director = UserFactory(username="dora", role="director")
    _ledger(UserFactory(username="kam1", role="kam"))
    violations = watch_csp(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, director)

    page.get_by_role("link", name="Economics", exact=True).click()
    page.get_by_role("link", name="Cash and receivables").click()
    expect(page.get_by_role("heading", name="Cash and receivables")).to_be_visible()
    expect(page.locator(".js-ageing-chart svg")).to_be_visible()
    sort = page.get_by_role("link", name="Account", exact=True)
    sort.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=name"))
    names = page.locator("#results table tbody tr td:first-child a").all_inner_texts()
    assert names == ["Prompt Payer SA", "Slow Payer SA"]

    page.get_by_role("link", name="Slow Payer SA").click()
    expect(page.get_by_role("heading", name="Cash: Slow Payer SA")).to_be_visible()
    expect(page.locator(".js-cash-trend-chart svg")).to_be_visible()
    expect(page.locator(".stat-bad .stat-value")).to_contain_text("1,500.00")
    assert violations == []
    assert errors == []


def _books(owner):
    from keyplan.economics.models import HourlyCost
    from keyplan.sales.models import MonthlyRollup, ServiceCost

    month = date.today().replace(day=1)
    profitable = AccountFactory(name="Steady Buyer SA", owner=owner)
    costly = AccountFactory(name="Costly Client SA", owner=owner)
    for account, revenue, cost in ((profitable, "5000", "3000"), (costly, "1000", "800")):
        MonthlyRollup.objects.create(
            account=account,
            month=month,
            currency="PLN",
            revenue=Decimal(revenue),
            cost=Decimal(cost),
            lines=1,
        )
    ServiceCost.objects.create(
        account=costly, date=month, category="rebates", amount=Decimal("700"), currency="PLN"
    )
    HourlyCost.objects.create(role="kam", amount=Decimal("100"), currency="PLN", valid_from=month)


def test_director_finds_the_loss_maker_on_the_whale_curve(page, login):
    director = UserFactory(username="dora", role="director")
    _books(UserFactory(username="kam1", role="kam"))
    violations = watch_csp(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, director)

    page.get_by_role("link", name="Economics", exact=True).click()
    expect(page.get_by_role("heading", name="Account P&L")).to_be_visible()
    page.get_by_role("link", name="Whale curve").first.click()
    expect(page.locator(".js-whale-chart svg")).to_be_visible()
    expect(page.get_by_text("destroyed by 1 loss-making account")).to_be_visible()
    page.get_by_role("link", name="Costly Client SA").click()
    expect(page.get_by_role("heading", name="P&L: Costly Client SA")).to_be_visible()
    expect(page.locator(".js-waterfall-chart svg")).to_be_visible()
    expect(page.locator(".pnl-steps")).to_contain_text("Service costs")
    expect(page.locator(".stat-bad .stat-value")).to_contain_text("500.00")
    # ... and why its health is what it is: each component with its points and weight.
    page.get_by_role("link", name="Health explained").click()
    expect(page.get_by_role("heading", name="Health: Costly Client SA")).to_be_visible()
    table = page.locator("table").first
    expect(table).to_contain_text("Revenue trend")
    expect(table).to_contain_text("Satisfaction")
    expect(table.locator(".badge", has_text="no data").first).to_be_visible()
    assert violations == []
    assert errors == []
