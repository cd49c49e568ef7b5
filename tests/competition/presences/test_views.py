"""The competitors at an account: the list, add one, edit it (stale edits 409)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from keyplan.competition.models import (
    Presence,
)

from ..core_support import (
    OLD,
    competitor,
    presence,
)

pytestmark = pytest.mark.django_db


def test_account_page_adds_a_presence(world, client_for):
    comp = competitor(world)
    client = client_for("owner")
    page = client.get(reverse("competition:account", args=[world.account.pk]))
    assert "No competitors listed at this account yet." in page.content.decode()
    response = client.post(
        reverse("competition:presence-create", args=[world.account.pk]),
        {"competitor": comp.pk, "supplies": "Bolts", "is_incumbent": "on", "share_of_spend": "40"},
    )
    pres = Presence.objects.get(account=world.account, competitor=comp)
    assert response.status_code == 302
    assert response["Location"] == reverse("competition:presence", args=[pres.pk])
    assert pres.is_incumbent and pres.share_of_spend == 40
    page = client.get(reverse("competition:account", args=[world.account.pk]))
    assert "Acme Industrial" in page.content.decode()


def test_presence_share_out_of_range_is_refused(world, client_for):
    comp = competitor(world)
    response = client_for("owner").post(
        reverse("competition:presence-create", args=[world.account.pk]),
        {"competitor": comp.pk, "share_of_spend": "140"},
    )
    assert response.status_code == 422
    assert not Presence.objects.exists()


def test_presence_edit_and_stale_edit(world, client_for):
    pres = presence(world)
    client = client_for("owner")
    page = client.get(reverse("competition:presence-edit", args=[pres.pk]))
    assert page.status_code == 200
    url = reverse("competition:presence-edit", args=[pres.pk])
    ok = client.post(
        url,
        {
            "supplies": "Fasteners",
            "share_of_spend": "25",
            "seen_updated_at": pres.updated_at.isoformat(),
        },
    )
    assert ok.status_code == 302
    stale = client.post(url, {"supplies": "Other", "seen_updated_at": OLD})
    assert stale.status_code == 409
    assert Presence.objects.get(pk=pres.pk).supplies == "Fasteners"
