"""Writes of the assessments against the database."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from keyplan.competition.assessments.services import (
    answer_update,
    assessment_delete,
    assessment_start,
    rating_update,
)
from keyplan.competition.models import Assessment, PillarRating, WeaknessAnswer, WeaknessQuestion
from keyplan.competition.questions.services import question_create, question_update
from keyplan.core.errors import ConflictError

from ..core_support import assess, presence, question

pytestmark = pytest.mark.django_db


def test_first_assessment_is_empty_with_unknown_answers(world):
    pres = presence(world)
    assessment = assessment_start(user=world.owner, presence=pres)
    assert assessment.assessed_on == date.today()
    assert sorted(assessment.ratings.values_list("pillar", flat=True)) == sorted(
        ["strength", "strategy", "staff", "support"]
    )
    assert not assessment.ratings.exclude(score=None).exists()
    answers = assessment.answers.all()
    assert answers.count() == WeaknessQuestion.objects.filter(is_active=True).count()
    assert set(answers.values_list("answer", flat=True)) == {"unknown"}


def test_new_assessment_copies_the_latest(world):
    pres = presence(world)
    first = assess(
        world, pres, {"support": 2, "staff": 4}, ["staff-changed-managers"], on=date(2026, 1, 5)
    )
    second = assessment_start(user=world.owner, presence=pres, assessed_on=date(2026, 5, 5))
    assert second.pk != first.pk
    assert dict(second.ratings.values_list("pillar", "score")) == dict(
        first.ratings.values_list("pillar", "score")
    )
    assert second.answers.get(question__key="staff-changed-managers").answer == "yes"


def test_copy_keeps_answered_inactive_questions_and_adds_new(world):
    pres = presence(world)
    assess(world, pres, {}, ["staff-changed-managers"])
    old = question("staff-changed-managers")
    question_update(user=world.admin, question=old, data={"is_active": False})
    new = question_create(
        user=world.admin, data={"key": "new-q", "pillar": "staff", "text_en": "New?"}
    )
    second = assessment_start(user=world.owner, presence=pres)
    keys = set(second.answers.values_list("question__key", flat=True))
    assert "staff-changed-managers" in keys and new.key in keys


def test_rating_validation_and_conflict(world):
    pres = presence(world)
    assessment = assessment_start(user=world.owner, presence=pres)
    rating = assessment.ratings.get(pillar="support")
    for bad in (0, 6, "x"):
        with pytest.raises(ValidationError) as exc:
            rating_update(user=world.owner, rating=rating, data={"score": bad})
        assert "score" in exc.value.message_dict
    seen = rating.updated_at
    rating_update(
        user=world.owner,
        rating=rating,
        data={"score": 3, "evidence": "Plant manager backs them"},
        seen_updated_at=seen,
    )
    with pytest.raises(ConflictError):
        rating_update(user=world.owner, rating=rating, data={"score": 4}, seen_updated_at=seen)
    with pytest.raises(PermissionDenied):
        rating_update(user=world.viewer, rating=rating, data={"score": 4})
    assert PillarRating.objects.get(pk=rating.pk).score == 3


def test_answer_validation(world):
    pres = presence(world)
    assessment = assessment_start(user=world.owner, presence=pres)
    answer = assessment.answers.first()
    with pytest.raises(ValidationError):
        answer_update(user=world.owner, answer=answer, data={"answer": "maybe"})
    answer_update(user=world.owner, answer=answer, data={"answer": "no", "note": "checked"})
    assert WeaknessAnswer.objects.get(pk=answer.pk).answer == "no"


def test_assessment_delete(world):
    pres = presence(world)
    assessment = assessment_start(user=world.owner, presence=pres)
    with pytest.raises(Http404):
        assessment_delete(user=world.outsider, assessment=assessment)
    assessment_delete(user=world.owner, assessment=assessment)
    assert not Assessment.objects.exists()
