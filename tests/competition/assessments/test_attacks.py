"""A weak point turned into an action of the plan."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from keyplan.competition.assessments.selectors import assessment_view
from keyplan.competition.assessments.services import attack_create
from keyplan.competition.models import Attack
from keyplan.plans.models import Action
from keyplan.plans.versions import services as plan_services

from ..core_support import assess, competitor, plan, presence, question

pytestmark = pytest.mark.django_db


def test_attack_needs_a_current_editable_plan(world):
    pres = presence(world)
    assess(world, pres, {"support": 2})
    with pytest.raises(ValidationError) as exc:
        attack_create(user=world.owner, presence=pres, pillar="support", question_id=None)
    assert "create a plan first" in str(exc.value)
    the_plan = plan(world)
    plan_services.plan_submit(user=world.owner, plan=the_plan)
    plan_services.plan_approve(user=world.director, plan=the_plan)
    with pytest.raises(ValidationError) as exc:
        attack_create(user=world.owner, presence=pres, pillar="support", question_id=None)
    assert "revise" in str(exc.value)
    assert not Attack.objects.exists()


def test_attack_creates_an_action(world):
    pres = presence(world, competitor(world, "Borex"))
    assess(world, pres, {"support": 4}, ["support-strained-trust"])
    the_plan = plan(world)
    q = question("support-strained-trust")
    attack = attack_create(user=world.member, presence=pres, pillar="support", question_id=q.pk)
    action = Action.objects.get(pk=attack.action_id)
    assert action.plan_id == the_plan.pk
    assert action.title.startswith("Attack Borex: ")
    assert action.obstacle.startswith(q.text_en)
    assert action.owner_id == world.owner.pk
    view = assessment_view(attack.assessment)
    assert f"support:{q.pk}" in view.attacked


def test_attack_only_on_a_weak_point(world):
    pres = presence(world)
    plan(world)
    with pytest.raises(ValidationError):
        attack_create(user=world.owner, presence=pres, pillar="support", question_id=None)
    assess(world, pres, {"support": 4})
    with pytest.raises(ValidationError):
        attack_create(user=world.owner, presence=pres, pillar="support", question_id=None)
    with pytest.raises(ValidationError):
        attack_create(user=world.owner, presence=pres, pillar="nonsense", question_id=None)
