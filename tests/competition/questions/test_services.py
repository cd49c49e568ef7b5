"""The weakness-question catalogue: the migration's questions, its writes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from keyplan.competition.models import WeaknessQuestion
from keyplan.competition.questions.services import question_create, question_delete, question_update

from ..core_support import assess, presence, question

pytestmark = pytest.mark.django_db


def test_catalogue_migration_has_questions_in_three_languages(world):
    questions = list(WeaknessQuestion.objects.all())
    by_pillar = {}
    for q in questions:
        by_pillar.setdefault(q.pillar, []).append(q)
        assert q.text_en and q.text_ru and q.text_pl
    assert {p: len(qs) for p, qs in by_pillar.items()} == {
        "strength": 5,
        "strategy": 2,
        "staff": 3,
        "support": 3,
    }
    biased = question("support-biased-people")
    with translation.override("pl"):
        assert "uprzedzone" in biased.text
    with translation.override("ru"):
        assert biased.text == biased.text_ru


def test_questions_admin_only_and_deactivated_when_answered(world):
    with pytest.raises(PermissionDenied):
        question_create(user=world.director, data={"key": "k", "pillar": "staff", "text_en": "Q?"})
    made = question_create(user=world.admin, data={"key": "k", "pillar": "staff", "text_en": "Q?"})
    assert made.position == 3
    assert question_delete(user=world.admin, question=made) is None
    used = question("staff-changed-managers")
    pres = presence(world)
    assess(world, pres, {}, ["staff-changed-managers"])
    kept = question_delete(user=world.admin, question=used)
    assert kept is not None and not kept.is_active
    with pytest.raises(ValidationError) as exc:
        question_update(user=world.admin, question=kept, data={"pillar": "support"})
    assert "pillar" in exc.value.message_dict
