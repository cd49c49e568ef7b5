"""The registry's pages: list with search and sorting, create, edit, delete."""

from __future__ import annotations

import pytest
from django.urls import reverse

from keyplan.competition.models import (
    Competitor,
)

from ..core_support import (
    competitor,
    presence,
)

pytestmark = pytest.mark.django_db


def test_registry_lists_searches_and_sorts(world, client_for):
    for name in ("Acme Industrial", "Borg Fasteners", "Cobalt Tools"):
        competitor(world, name)
    presence(world, Competitor.objects.get(name="Cobalt Tools"))
    client = client_for("member")
    page = client.get(reverse("competition:list"))
    assert page.status_code == 200
    assert page.content.decode().index("Acme") < page.content.decode().index("Cobalt")
    page = client.get(reverse("competition:list"), {"q": "borg"})
    assert "Borg Fasteners" in page.content.decode()
    assert "Acme Industrial" not in page.content.decode()
    page = client.get(reverse("competition:list"), {"sort": "-accounts"})
    body = page.content.decode()
    assert body.index("Cobalt") < body.index("Acme")
    # team members read the registry but do not change it
    assert "New competitor" not in body


def test_registry_empty_state(world, client_for):
    page = client_for("owner").get(reverse("competition:list"))
    assert "No competitors in the registry yet." in page.content.decode()


def test_kam_creates_edits_and_deletes_a_competitor(world, client_for):
    client = client_for("owner")
    response = client.post(reverse("competition:create"), {"name": "Delta Metals"})
    comp = Competitor.objects.get(name="Delta Metals")
    assert response.status_code == 302
    response = client.post(
        reverse("competition:edit", args=[comp.pk]),
        {"name": "Delta Metals SA", "seen_updated_at": comp.updated_at.isoformat()},
    )
    assert response.status_code == 302
    comp.refresh_from_db()
    assert comp.name == "Delta Metals SA"
    # stale: someone saved meanwhile
    response = client.post(
        reverse("competition:edit", args=[comp.pk]),
        {"name": "Stale", "seen_updated_at": "2001-01-01T00:00:00+00:00"},
    )
    assert response.status_code == 409
    assert "Someone else saved this" in response.content.decode()
    response = client.post(
        reverse("competition:delete", args=[comp.pk]),
        {"seen_updated_at": comp.updated_at.isoformat()},
    )
    assert response.status_code == 302
    assert not Competitor.objects.filter(pk=comp.pk).exists()


def test_duplicate_competitor_name_is_a_form_error(world, client_for):
    competitor(world, "Acme Industrial")
    response = client_for("owner").post(reverse("competition:create"), {"name": "Acme Industrial"})
    assert response.status_code == 422
    assert Competitor.objects.filter(name="Acme Industrial").count() == 1


def test_delete_refused_while_present(world, client_for):
    pres = presence(world)
    client = client_for("owner")
    response = client.post(reverse("competition:delete", args=[pres.competitor_id]), follow=True)
    assert "still listed" in response.content.decode()
    assert Competitor.objects.filter(pk=pres.competitor_id).exists()
