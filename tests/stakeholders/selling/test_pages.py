"""The selling pages: allocation with its charts, profiles, override, derive."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyplan.stakeholders.models import SalesProfile
from keyplan.stakeholders.selling import services
from tests.factories import BusinessUnitFactory, UserFactory

from .support import account_of, hunter, log

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _chart(response, element_id: str) -> dict:
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_allocation_page_shows_people_teams_flags_and_chart_data(world, client_for):
    unit = BusinessUnitFactory(code="north", name="North")
    world.outsider.business_unit = unit
    world.outsider.save()
    log(world.owner, world.account, 120, on=TODAY)
    log(world.outsider, account_of("prospect"), 240, on=TODAY)
    response = client_for("director").get(reverse("selling:allocation"))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(world.owner) in html and str(world.outsider) in html
    assert "Hunting instead of farming" in html
    assert "North" in html and "No business unit" in html
    people = _chart(response, "selling-people-data")
    assert people["names"][0] == "Norm"
    assert people["series"][0]["values"][0] == 60.0
    assert sum(s["values"][1] for s in people["series"]) == pytest.approx(100)
    assert people["flags"].count(True) == 1
    assert "js-allocation-chart" in html and "keyplan/selling.js" in html
    assert "<script>" not in html  # CSP: data only through json_script


def test_allocation_page_for_a_kam_shows_only_their_time(world, client_for):
    log(world.owner, world.account, 120, on=TODAY)
    log(world.outsider, world.other_account, 60, on=TODAY)
    response = client_for("owner").get(reverse("selling:allocation"))
    html = response.content.decode()
    assert str(world.outsider) not in html
    assert "You see your own time only." in html
    assert 'name="user"' not in html


def test_allocation_page_filters_and_errors(world, client_for):
    log(world.owner, world.account, 120, on=TODAY)
    client = client_for("admin")
    old = client.get(
        reverse("selling:allocation"), {"date_from": "2001-01-01", "date_to": "2001-12-31"}
    )
    assert "No time logged in this period." in old.content.decode()
    bad = client.get(
        reverse("selling:allocation"), {"date_from": "2020-02-01", "date_to": "2020-01-01"}
    )
    assert "The start date is after the end date." in bad.content.decode()
    one = client.get(reverse("selling:allocation"), {"user": world.owner.pk, "sort": "-hours"})
    assert one.status_code == 200 and str(world.owner) in one.content.decode()


def test_allocation_page_empty_state(world, client_for):
    response = client_for("member").get(reverse("selling:allocation"))
    assert "No time logged in this period." in response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_pages_make_a_fixed_number_of_queries(world, client_for):
    client = client_for("director")
    log(world.owner, world.account, 30, on=TODAY)
    hunter(world.owner)
    pages = [reverse("selling:allocation"), reverse("selling:profiles")]
    for url in pages:
        _queries(client, url)  # settings rows created on first use
    few = [_queries(client, url) for url in pages]
    for index in range(8):
        user = UserFactory(role="kam", business_unit=BusinessUnitFactory())
        log(user, account_of("strategic", owner=user), 20 + index, on=TODAY)
        hunter(user, "farmer" if index % 2 else "hunter")
    assert [_queries(client, url) for url in pages] == few


def test_profiles_page_for_managers_lists_suggestions(world, client_for):
    hunter(world.owner)
    farmer = UserFactory(role="kam", first_name="Fiona", last_name="Farmer")
    hunter(farmer, "farmer")
    response = client_for("director").get(reverse("selling:profiles"))
    html = response.content.decode()
    assert world.account.name in html
    assert "Fiona Farmer" in html
    assert reverse("selling:profile-override", args=[world.owner.pk]) in html
    only_farmers = client_for("director").get(reverse("selling:profiles"), {"profile": "farmer"})
    assert f'id="profile-{world.owner.pk}"' not in only_farmers.content.decode()


def test_profiles_page_for_others_shows_their_own(world, client_for):
    hunter(world.owner)
    hunter(world.outsider, "farmer")
    html = client_for("owner").get(reverse("selling:profiles")).content.decode()
    assert f'id="profile-{world.owner.pk}"' in html
    assert f'id="profile-{world.outsider.pk}"' not in html
    assert "Strategic accounts owned by hunters" not in html
    empty = client_for("member").get(reverse("selling:profiles")).content.decode()
    assert "No sales profiles yet." in empty


def test_override_form_saves_and_requires_a_note(world, client_for):
    client = client_for("admin")
    url = reverse("selling:profile-override", args=[world.owner.pk])
    form = client.get(url)
    assert "autofocus" in form.content.decode()
    missing = client.post(url, {"profile": "farmer", "note": ""})
    assert missing.status_code == 422
    assert "Say why you set the profile." in missing.content.decode()
    saved = client.post(url, {"profile": "farmer", "note": "Long-term accounts"})
    assert saved.status_code == 302
    assert SalesProfile.objects.get(user=world.owner).profile == "farmer"


def test_override_conflict_answers_409(world, client_for):
    profile = services.profile_override(
        user=world.admin, target=world.owner, profile="hunter", note="first"
    )
    stale = (profile.updated_at - timedelta(seconds=5)).isoformat()
    url = reverse("selling:profile-override", args=[world.owner.pk])
    response = client_for("director").post(
        url, {"profile": "farmer", "note": "second", "seen_updated_at": stale}
    )
    assert response.status_code == 409
    assert "Someone changed this profile" in response.content.decode()
    assert SalesProfile.objects.get(user=world.owner).override == "hunter"


def test_override_of_a_portal_or_missing_user_is_404(world, client_for):
    client = client_for("admin")
    assert (
        client.get(reverse("selling:profile-override", args=[world.portal.pk])).status_code == 404
    )
    assert client.get(reverse("selling:profile-override", args=[999999])).status_code == 404


def test_derive_button(world, client_for):
    log(world.owner, world.account, 30 * 60, on=TODAY)
    response = client_for("director").post(reverse("selling:profiles-derive"), follow=True)
    assert "Profiles derived again" in response.content.decode()
    assert SalesProfile.objects.get(user=world.owner).derived == "farmer"
