"""Writes of the weakness-question catalogue (administrators only).

The conventions of every competition service: keyplan.competition.common.services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import access
from ..common.services import apply, clean, delete, lock, save
from ..models import Answer, WeaknessQuestion

QUESTION_FIELDS = ("key", "pillar", "text_en", "text_ru", "text_pl", "position", "is_active")


@transaction.atomic
def question_create(*, user, data: dict[str, Any]) -> WeaknessQuestion:
    """Add a weakness question (administrators only); last in its pillar unless
    `position` is given."""
    access.require_question_editor(user)
    question = WeaknessQuestion()
    apply(question, data, QUESTION_FIELDS)
    if "position" not in data and question.pillar:
        last = (
            WeaknessQuestion.objects.filter(pillar=question.pillar)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
        )
        question.position = 0 if last is None else last + 1
    clean(question)
    save(question, user=user)
    return question


@transaction.atomic
def question_update(
    *,
    user,
    question: WeaknessQuestion,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> WeaknessQuestion:
    """Change a question (administrators only). Its pillar cannot change once answered
    in an assessment (the answers would move pillar): add a new question instead."""
    access.require_question_editor(user)
    current = lock(WeaknessQuestion, question.pk, seen_updated_at)
    previous_pillar = current.pillar
    if not apply(current, data, QUESTION_FIELDS):
        return current
    if (
        current.pillar != previous_pillar
        and current.answers.exclude(answer=Answer.UNKNOWN).exists()
    ):
        raise ValidationError(
            {
                "pillar": [
                    _(
                        "This question is answered in assessments; deactivate it and add a "
                        "new one under the other pillar."
                    )
                ]
            }
        )
    clean(current)
    save(current, user=user)
    return current


@transaction.atomic
def question_delete(
    *, user, question: WeaknessQuestion, seen_updated_at: datetime | None = None
) -> WeaknessQuestion | None:
    """Delete a question never used in an assessment; a used one is deactivated
    instead (returned), so past assessments keep their answers."""
    access.require_question_editor(user)
    current = lock(WeaknessQuestion, question.pk, seen_updated_at)
    if current.answers.exists() or current.attacks.exists():
        if current.is_active:
            current.is_active = False
            save(current, user=user, reason="deactivated")
        return current
    delete(current, user=user)
    return None
