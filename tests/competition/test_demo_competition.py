"""The demo's competition data (keyplan.demo.competition)."""

from __future__ import annotations

import random

from keyplan.accounts.models import Account
from keyplan.competition.models import (
    Assessment,
    Attack,
    BuyingCriterion,
    Competitor,
    OfferScore,
    Presence,
)
from keyplan.competition.presences.selectors import presences_for_account
from keyplan.demo.competition.services import clear_competition, seed_competition
from keyplan.demo.plans.services import seed_plans
from keyplan.users.models import User


def _seed(world, seed: int = 7) -> dict[str, int]:
    world.account.country = "PL"
    world.account.save()
    world.other_account.account_class = "strategic"
    world.other_account.country = "RU"
    world.other_account.save()
    seed_plans(
        accounts=Account.objects.select_related("owner"),
        users={u.username: u for u in User.objects.all()},
        rng=random.Random(7),
    )
    return seed_competition(rng=random.Random(seed))


def test_seed_competition(world):
    counts = _seed(world)
    assert counts["competitors"] == 4 and Competitor.objects.count() == 4
    assert counts["presences"] == Presence.objects.count() >= 2
    assert Assessment.objects.count() == 2 * counts["presences"]
    for presence in Presence.objects.all():
        dates = sorted(presence.assessments.values_list("assessed_on", flat=True))
        assert (dates[1] - dates[0]).days >= 90  # a few months apart
    assert 4 <= BuyingCriterion.objects.filter(account=world.account).count() <= 6
    assert BuyingCriterion.objects.filter(account=world.account, name__contains="Cena").exists()
    assert BuyingCriterion.objects.filter(
        account=world.other_account, name__contains="Цена"
    ).exists()
    assert OfferScore.objects.filter(competitor__isnull=True).count() == counts["criteria"]
    assert counts["attacks"] == Attack.objects.count() == 1
    assert Attack.objects.get().action is not None
    views = [v for a in (world.account, world.other_account) for v in presences_for_account(a)]
    assert any(v.support_rising for v in views)
    assert all(v.latest is not None for v in views)


def test_seed_is_deterministic_and_clearable(world):
    first = _seed(world, seed=3)
    snapshot = sorted(
        Presence.objects.values_list("account_id", "competitor__name", "share_of_spend")
    )
    clear_competition()
    BuyingCriterion.objects.all().delete()
    assert not Competitor.objects.exists()
    second = seed_competition(rng=random.Random(3))
    assert (
        sorted(Presence.objects.values_list("account_id", "competitor__name", "share_of_spend"))
        == snapshot
    )
    assert {k: v for k, v in first.items() if k != "attacks"} == {
        k: v for k, v in second.items() if k != "attacks"
    }
