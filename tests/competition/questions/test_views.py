"""The weakness-question catalogue page: administrators edit, others read."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from keyplan.competition.models import (
    WeaknessQuestion,
)

from ..core_support import (
    assess,
    presence,
    question,
)

pytestmark = pytest.mark.django_db


def test_question_catalogue_admin_edits_others_read(world, client_for):
    q = question(next(iter(_keys())))
    page = client_for("member").get(reverse("competition:questions"))
    assert q.text_en in page.content.decode()
    assert f"q-{q.pk}-text_en" not in page.content.decode()
    admin = client_for("admin")
    assert f"q-{q.pk}-text_en" in admin.get(reverse("competition:questions")).content.decode()
    data = {
        f"q-{q.pk}-{name}": value
        for name, value in {
            "key": q.key,
            "pillar": q.pillar,
            "text_en": "Edited question",
            "text_ru": q.text_ru,
            "text_pl": q.text_pl,
            "position": q.position,
            "is_active": "on",
            "seen_updated_at": q.updated_at.isoformat(),
        }.items()
    }
    response = admin.post(reverse("competition:question-edit", args=[q.pk]), data)
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.text_en == "Edited question"


def _keys():
    from keyplan.competition.models import WeaknessQuestion

    return WeaknessQuestion.objects.values_list("key", flat=True)


def test_question_create_invalid_is_422(world, client_for):
    before = WeaknessQuestion.objects.count()
    response = client_for("admin").post(
        reverse("competition:questions"), {"new-key": "bad key!", "new-pillar": "nope"}
    )
    assert response.status_code == 422
    assert WeaknessQuestion.objects.count() == before


def test_pages_in_polish_show_polish_questions(world, client_for):
    pres = presence(world)
    assess(world, pres, {})
    client = client_for("owner")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    body = client.get(reverse("competition:presence", args=[pres.pk])).content.decode()
    question = WeaknessQuestion.objects.exclude(text_pl="").first()

    assert escape(question.text_pl) in body
