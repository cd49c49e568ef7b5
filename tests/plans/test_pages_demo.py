"""The demo's plans (keyplan.demo.plans): written through the services, in the account's
language, in several states, and every plan page renders them."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from keyplan.accounts.models import Account
from keyplan.demo.plans.domain import last_months, plan_base, potential_volumes
from keyplan.demo.plans.services import last_12_months_revenue, seed_plans
from keyplan.plans.models import AccountPlan, Goal, PotentialEstimate, SwotItem
from keyplan.sales.forecast.selectors import account_forecast
from keyplan.users.models import User
from tests.support import run


def test_seed_plans_writes_plans_in_the_accounts_language(world, client_for):
    world.account.country = "PL"
    world.account.save()
    world.other_account.account_class = "strategic"
    world.other_account.country = "RU"
    world.other_account.save()

    counts = seed_plans(
        accounts=Account.objects.select_related("owner"),
        users={u.username: u for u in User.objects.all()},
        rng=random.Random(7),
    )

    assert counts["plans"] == 3  # two accounts, the first one revised
    assert set(AccountPlan.objects.values_list("state", flat=True)) == {
        "draft",
        "superseded",
        "approved",
    }
    assert SwotItem.objects.filter(plan__account=world.account, text__contains="gotówkow").exists()
    assert SwotItem.objects.filter(
        plan__account=world.other_account, text__contains="Сильная"
    ).exists()
    client = client_for("director")
    for plan in AccountPlan.objects.all():
        for section in ("swot", "actions", "goals", "potential"):
            url = reverse("plans:section", args=[plan.pk, section])
            assert client.get(url).status_code == 200


# --- the demo's plan figures agree with the demo's sales -------------------------------------


def test_plan_base_grows_from_the_sales_and_falls_back_to_the_turnover():
    assert potential_volumes(plan_base(Decimal("1500000000"), 10**12), 2026) == [
        (2026, Decimal("1620000000")),
        (2027, Decimal("1770000000")),
        (2028, Decimal("1950000000")),
    ]
    assert plan_base(Decimal(0), 5_000_000) == Decimal("200000.00")
    assert last_months(date(2026, 10, 1)) == (date(2025, 11, 1), date(2026, 10, 1))


@pytest.mark.django_db(transaction=False)
def test_demo_plans_estimate_what_the_accounts_buy(tmp_path):
    with override_settings(DATA_DIR=tmp_path):
        run("seed_demo", "--accounts", "40", "--seed", "7", "--lines", "20000")
    plans = list(AccountPlan.objects.select_related("account").exclude(state="superseded"))
    assert plans
    checked = 0
    for plan in plans:
        account = plan.account
        sales = last_12_months_revenue(account)
        assert sales > 0, account
        year = plan.starts_on.year
        estimates = {
            e.year: e
            for e in PotentialEstimate.objects.filter(plan=plan, year__in=(year, year + 1))
        }
        for estimate in estimates.values():
            assert estimate.currency == account.currency
            assert Decimal("0.5") <= estimate.expected_volume / sales <= 2, (account, estimate)
            checked += 1
        target = Goal.objects.filter(plan=plan, metric="revenue").first()
        if target is not None and target.target:
            assert Decimal("0.5") <= target.target / sales <= 2, (account, target.target)
        # The forecast of the plan year is never below what the account bought in it.
        forecast = account_forecast(account)
        assert forecast.available, forecast.reason
        assert forecast.partial_start is None or forecast.partial_start.partial
        for point in forecast.points:
            assert point.actual <= point.lower <= point.mid <= point.upper
    assert checked >= 2
