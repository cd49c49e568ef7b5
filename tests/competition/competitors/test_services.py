"""Writes of the competitor registry against the database."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from keyplan.competition.competitors.services import (
    competitor_create,
    competitor_delete,
    competitor_update,
)
from keyplan.competition.models import Competitor
from keyplan.competition.presences.services import presence_delete
from keyplan.core.errors import ConflictError

from ..core_support import competitor, presence

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["admin", "director", "owner"])
def test_registry_writers(world, who):
    user = getattr(world, who)
    made = competitor_create(user=user, data={"name": f"Rival {who}"})
    assert made.history.first().history_user == user


@pytest.mark.parametrize(
    ("who", "error"),
    [("member", PermissionDenied), ("viewer", PermissionDenied), ("portal", Http404)],
)
def test_registry_refused(world, who, error):
    with pytest.raises(error):
        competitor_create(user=getattr(world, who), data={"name": "X"})


def test_competitor_validation_and_conflict(world):
    with pytest.raises(ValidationError) as exc:
        competitor_create(user=world.owner, data={"name": "  "})
    assert "name" in exc.value.message_dict
    comp = competitor(world)
    seen = comp.updated_at
    competitor_update(user=world.owner, competitor=comp, data={"notes": "a"}, seen_updated_at=seen)
    with pytest.raises(ConflictError):
        competitor_update(
            user=world.owner, competitor=comp, data={"notes": "b"}, seen_updated_at=seen
        )
    with pytest.raises(ValidationError):
        competitor_create(user=world.owner, data={"name": comp.name})


def test_competitor_delete_refused_while_present(world):
    pres = presence(world)
    with pytest.raises(ValidationError) as exc:
        competitor_delete(user=world.owner, competitor=pres.competitor)
    assert "1 account" in str(exc.value)
    presence_delete(user=world.owner, presence=pres)
    competitor_delete(user=world.owner, competitor=pres.competitor)
    assert not Competitor.objects.exists()
