"""The demo's plans (keyplan.demo.plans): written through the services, in the account's
language, in several states, and every plan page renders them."""

from __future__ import annotations

import random

from django.urls import reverse

from keyplan.accounts.models import Account
from keyplan.demo.plans.services import seed_plans
from keyplan.plans.models import AccountPlan, SwotItem
from keyplan.users.models import User


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
