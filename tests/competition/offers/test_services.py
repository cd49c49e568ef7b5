"""The buying criteria, the offer scores and the unique advantage sent to the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from keyplan.competition.offers.selectors import offer_comparison
from keyplan.competition.offers.services import (
    advantage_to_plan,
    criterion_delete,
    criterion_update,
    offer_score_set,
)
from keyplan.core.errors import ConflictError
from keyplan.plans.models import ValueItem

from ..core_support import competitor, criterion, plan, presence, score

pytestmark = pytest.mark.django_db


def test_offer_comparison_and_advantage_to_plan(world):
    borex, ciro = competitor(world, "Borex"), competitor(world, "Ciro")
    presence(world, borex)
    price, quality = criterion(world, "Price", 30), criterion(world, "Quality", 70)
    score(world, price, None, 3)
    score(world, price, borex, 4)
    score(world, quality, None, 5)
    score(world, quality, borex, 3)
    score(world, quality, ciro, 4)  # scored, not present: still an offer
    comparison = offer_comparison(world.account)
    assert [c.name for c in comparison.columns] == ["Our offer", "Borex", "Ciro"]
    assert comparison.top_criterion == quality
    assert comparison.unique_advantages == [quality]
    ours = comparison.columns[0]
    assert str(ours.total) == "4.40" and ours.coverage == 1
    assert str(comparison.columns[2].coverage) == "0.7000"
    assert comparison.radar["series"][0]["value"] == [3, 5]
    with pytest.raises(ValidationError):
        advantage_to_plan(user=world.owner, criterion=quality)  # no plan yet
    plan(world)
    with pytest.raises(ValidationError):
        advantage_to_plan(user=world.owner, criterion=price)
    item = advantage_to_plan(user=world.owner, criterion=quality)
    assert isinstance(item, ValueItem) and item.value_kind == "unique" and item.text == "Quality"


def test_offer_score_set_and_delete(world):
    crit = criterion(world, "Price", 10)
    made = score(world, crit, None, 4)
    with pytest.raises(ValidationError):
        score(world, crit, None, 6)
    with pytest.raises(ConflictError):
        offer_score_set(
            user=world.owner,
            criterion=crit,
            competitor_id=None,
            score=2,
            seen_updated_at=made.updated_at - timedelta(seconds=1),
        )
    assert score(world, crit, None, None) is None
    assert not crit.scores.exists()
    with pytest.raises(ValidationError):
        offer_score_set(user=world.owner, criterion=crit, competitor_id=999999, score=3)


def test_criterion_validation(world):
    with pytest.raises(ValidationError) as exc:
        criterion(world, "Price", 0)
    assert "weight" in exc.value.message_dict
    crit = criterion(world, "Price", 5)
    with pytest.raises(ValidationError):
        criterion(world, "Price", 5)
    criterion_update(
        user=world.owner, criterion=crit, data={"weight": 9}, seen_updated_at=crit.updated_at
    )
    criterion_delete(user=world.owner, criterion=crit)
