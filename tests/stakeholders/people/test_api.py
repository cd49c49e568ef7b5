"""The people API: contacts with the new fields (validation, conflicts), the org
chart, the grid and the buying-centre coverage."""

from __future__ import annotations

import pytest

from keyplan.accounts.models import Contact
from tests.factories import ContactFactory
from tests.support import ApiClient, assert_error, token_for


@pytest.fixture
def api(world):
    def make(name: str) -> ApiClient:
        return ApiClient(token_for(world.users()[name]))

    return make


def test_create_contact_with_the_new_fields(world, api):
    response = api("owner").post(
        f"/accounts/{world.account.pk}/contacts",
        {
            "first_name": "Ewa",
            "last_name": "Nowak",
            "buying_roles": ["decision_maker", "economic_buyer"],
            "level": "executive",
            "authority": 5,
            "influence": 4,
            "interest": 2,
            "attitude": "champion",
            "competitor_attitude": "neutral",
            "biased_against_us": False,
            "reports_to_id": world.contact.pk,
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["buying_roles"] == ["economic_buyer", "decision_maker"]
    assert body["reports_to_id"] == world.contact.pk
    assert (body["level"], body["authority"], body["influence"], body["interest"]) == (
        "executive",
        5,
        4,
        2,
    )
    assert body["erased_at"] is None and body["last_contact_on"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"buying_roles": ["king"]}, "buying_roles"),
        ({"influence": 6}, "influence"),
        ({"authority": 0}, "authority"),
        ({"level": "emperor"}, "level"),
        ({"attitude": "hostile"}, "attitude"),
        ({"reports_to_id": 999999}, "reports_to_id"),
    ],
)
def test_create_contact_validation_names_the_field(world, api, body, field):
    response = api("owner").post(
        f"/accounts/{world.account.pk}/contacts", {"last_name": "Nowak", **body}
    )

    assert_error(response, 422, field)
    assert not Contact.objects.filter(last_name="Nowak").exists()


def test_manager_from_another_account_is_refused(world, api):
    stranger = ContactFactory(account=world.other_account)

    response = api("owner").patch(f"/contacts/{world.contact.pk}", {"reports_to_id": stranger.pk})

    body = assert_error(response, 422, "reports_to_id")
    # the same message as for an unknown id: nothing about the other account leaks
    assert body["errors"]["reports_to_id"] == ["Choose a manager among this account's contacts."]


def test_reporting_cycle_is_refused(world, api):
    report = ContactFactory(account=world.account, reports_to=world.contact)

    response = api("owner").patch(f"/contacts/{world.contact.pk}", {"reports_to_id": report.pk})

    assert_error(response, 422, "reports_to_id")
    assert Contact.objects.get(pk=world.contact.pk).reports_to_id is None


def test_patch_clears_scores_with_null_and_checks_the_version(world, api):
    client = api("owner")
    first = client.patch(f"/contacts/{world.contact.pk}", {"influence": 4, "interest": 4})
    assert first.status_code == 200
    seen = first.json()["updated_at"]

    cleared = client.patch(
        f"/contacts/{world.contact.pk}",
        {"influence": None, "reports_to_id": None, "updated_at": seen},
    )
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["influence"] is None

    stale = client.patch(f"/contacts/{world.contact.pk}", {"title": "CEO", "updated_at": seen})
    assert_error(stale, 409, "updated_at")
    assert Contact.objects.get(pk=world.contact.pk).title != "CEO"


def test_null_is_refused_where_a_value_is_required(world, api):
    response = api("owner").patch(f"/contacts/{world.contact.pk}", {"buying_roles": None})

    assert_error(response, 422, "buying_roles")


def test_org_chart_grid_and_buying_centre(world, api):
    world.contact.buying_roles = ["economic_buyer"]
    world.contact.influence, world.contact.interest = 5, 1
    world.contact.save()
    report = ContactFactory(
        account=world.account, reports_to=world.contact, influence=2, interest=2
    )
    client = api("viewer")

    chart = client.get(f"/accounts/{world.account.pk}/org-chart").json()
    assert [(n["id"], n["depth"], n["reports_to_id"]) for n in chart] == [
        (world.contact.pk, 0, None),
        (report.pk, 1, world.contact.pk),
    ]

    grid = client.get(f"/accounts/{world.account.pk}/stakeholder-grid").json()
    assert grid["high_from"] == 3
    placed = {q["key"]: [c["id"] for c in q["contacts"]] for q in grid["quadrants"]}
    assert placed["keep_satisfied"] == [world.contact.pk]
    assert placed["monitor"] == [report.pk]

    centre = client.get(f"/accounts/{world.account.pk}/buying-centre").json()
    assert centre["covered"] is False
    assert centre["missing_essential"] == ["decision_maker"]
    assert centre["roles"][0]["holders"][0]["id"] == world.contact.pk


def test_people_endpoints_hide_other_accounts(world, api):
    for path in ("org-chart", "stakeholder-grid", "buying-centre"):
        response = api("outsider").get(f"/accounts/{world.account.pk}/{path}")
        assert_error(response, 404)
