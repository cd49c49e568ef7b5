"""Browser journeys of the portfolio (issue #4): the Pareto page draws its chart, a
director applies the classification, a KAM scores an account from the keyboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from keyplan.accounts.models import Account
from keyplan.portfolio.models import AccountScore
from keyplan.sales.models import MonthlyRollup
from tests.browser.support import wait_until, watch_csp
from tests.factories import AccountFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _portfolio(owner):
    """Four accounts whose gross profit over the last months ranks them A > B > C > D."""
    _ensure_criteria()
    accounts = []
    for name, gp in (("Alfa", 800), ("Beta", 150), ("Gamma", 40), ("Delta", 10)):
        account = AccountFactory(name=name, owner=owner, account_class="regular", currency="PLN")
        for month in (date(2026, 8, 1), date(2026, 9, 1)):
            MonthlyRollup.objects.create(
                account=account,
                month=month,
                currency="PLN",
                revenue=Decimal(gp * 3),
                cost=Decimal(gp * 2),
                lines=1,
            )
        accounts.append(account)
    return accounts


def test_director_reads_the_pareto_and_applies_the_classification(page, login):
    director = UserFactory(username="dora", role="director")
    _portfolio(UserFactory(username="kam1", role="kam"))
    violations = watch_csp(page)
    login(page, director)

    page.goto("/portfolio/pareto/?metric=gp")
    chart = page.locator(".js-pareto-chart svg")
    expect(chart).to_be_visible()
    names = page.locator("table tbody tr td a").all_inner_texts()
    assert [n for n in names if n in {"Alfa", "Beta", "Gamma", "Delta"}][:4] == [
        "Alfa",
        "Beta",
        "Gamma",
        "Delta",
    ]

    page.goto("/portfolio/classes/")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".messages")).to_be_visible()
    assert Account.objects.get(name="Alfa").account_class == "strategic"
    assert Account.objects.get(name="Delta").account_class == "regular"
    assert not violations, violations


def test_kam_scores_an_account_from_the_keyboard_and_sees_it_after_reload(page, login):
    kam = UserFactory(username="kam2", role="kam")
    alfa = _portfolio(kam)[0]
    violations = watch_csp(page)
    login(page, kam)

    page.goto("/portfolio/scores/")
    cell = page.get_by_label(f"{alfa.name} — Partnership potential and relationship history")
    cell.fill("8")
    cell.press("Enter")
    expect(page.locator(f"#cell-{alfa.pk}-{_partnership_id()}.is-saved")).to_be_attached()
    wait_until(
        lambda: AccountScore.objects.filter(account=alfa, criterion__key="partnership").exists(),
        "the score was not saved",
    )

    page.reload()
    cell = page.get_by_label(f"{alfa.name} — Partnership potential and relationship history")
    expect(cell).to_have_value("8")
    assert not violations, violations


def _ensure_criteria() -> None:
    """The ten criteria come from a data migration, which a flush between transactional
    tests removes: put them back."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("keyplan.portfolio.migrations.0002_criteria_catalogue")
    migration.create(apps, None)


def _partnership_id() -> int:
    from keyplan.portfolio.models import Criterion

    return Criterion.objects.get(key="partnership").pk
