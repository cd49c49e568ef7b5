"""Writes of the competitors at an account against the database."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from keyplan.competition.competitors.services import competitor_update
from keyplan.competition.presences.services import presence_create, presence_delete, presence_update
from keyplan.core.errors import ConflictError

from ..core_support import competitor, presence

pytestmark = pytest.mark.django_db


def test_presence_access(world):
    comp = competitor(world)
    with pytest.raises(Http404):
        presence_create(user=world.outsider, account=world.account, data={"competitor_id": comp.pk})
    with pytest.raises(PermissionDenied):
        presence_create(user=world.viewer, account=world.account, data={"competitor_id": comp.pk})
    made = presence_create(
        user=world.member,
        account=world.account,
        data={"competitor_id": comp.pk, "share_of_spend": "35.5"},
    )
    assert str(made.share_of_spend) == "35.50"


def test_presence_validation(world):
    comp = competitor(world)
    with pytest.raises(ValidationError) as exc:
        presence_create(user=world.owner, account=world.account, data={"competitor_id": 999999})
    assert "competitor_id" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        presence_create(
            user=world.owner,
            account=world.account,
            data={"competitor_id": comp.pk, "share_of_spend": 120},
        )
    assert "share_of_spend" in exc.value.message_dict
    presence(world, comp)
    with pytest.raises(ValidationError):
        presence(world, comp)
    competitor_update(user=world.owner, competitor=comp, data={"is_active": False})
    with pytest.raises(ValidationError):
        presence(world, comp, account=world.other_account)


def test_presence_update_conflict(world):
    pres = presence(world)
    seen = pres.updated_at
    presence_update(
        user=world.owner, presence=pres, data={"is_incumbent": True}, seen_updated_at=seen
    )
    with pytest.raises(ConflictError):
        presence_delete(user=world.owner, presence=pres, seen_updated_at=seen)
