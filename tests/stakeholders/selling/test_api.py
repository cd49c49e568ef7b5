"""The selling REST API and the `time-allocation` and `profiles` commands."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from keyplan import cli
from keyplan.stakeholders.models import SalesProfile
from keyplan.stakeholders.selling import services
from tests.factories import BusinessUnitFactory, UserFactory
from tests.support import ApiClient, assert_error, token_for

from .support import account_of, hunter, log

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def api(user) -> ApiClient:
    return ApiClient(token_for(user))


def test_time_allocation_shape_and_scope(world):
    log(world.owner, world.account, 120, on=TODAY)
    log(world.outsider, account_of("suspect"), 60, on=TODAY)
    body = api(world.director).get("/time-allocation").json()
    assert body["everyone"] is True
    assert float(body["norms"]["strategic"]) == 60
    assert body["overall"]["total_minutes"] == 180
    assert body["overall"]["minutes"] == {
        "strategic": 120,
        "regular": 0,
        "prospect": 0,
        "suspect": 60,
    }
    assert {row["key"] for row in body["people"]} == {str(world.owner.pk), str(world.outsider.pk)}
    flagged = {row["key"]: row["hunting_instead_of_farming"] for row in body["people"]}
    assert flagged == {str(world.owner.pk): False, str(world.outsider.pk): True}
    own = api(world.owner).get("/time-allocation").json()
    assert own["everyone"] is False
    assert [row["key"] for row in own["people"]] == [str(world.owner.pk)]
    assert_error(api(world.owner).get("/time-allocation", {"user": world.outsider.pk}), 403)


def test_time_allocation_errors(world):
    client = api(world.admin)
    assert_error(
        client.get("/time-allocation", {"date_from": "2024-02-01", "date_to": "2024-01-01"}),
        422,
        "date_from",
    )
    assert_error(client.get("/time-allocation", {"team": "nowhere"}), 422, "team")
    assert_error(client.get("/time-allocation", {"date_from": "yesterday"}), 422)


def test_time_allocation_team_filter(world):
    BusinessUnitFactory(code="south", name="South")
    world.owner.business_unit = BusinessUnitFactory(code="south")
    world.owner.save()
    log(world.owner, world.account, 30, on=TODAY)
    log(world.outsider, world.other_account, 30, on=TODAY)
    body = api(world.admin).get("/time-allocation", {"team": "south"}).json()
    assert [row["key"] for row in body["teams"]] == ["south"]


def test_sales_profiles_list_and_filter(world):
    hunter(world.owner)
    hunter(world.outsider, "farmer")
    body = api(world.director).get("/sales-profiles").json()
    assert body["count"] == 2
    hunters = api(world.director).get("/sales-profiles", {"profile": "hunter"}).json()
    assert [item["user"]["id"] for item in hunters["items"]] == [world.owner.pk]
    own = api(world.owner).get("/sales-profiles").json()
    assert [item["user"]["id"] for item in own["items"]] == [world.owner.pk]
    assert own["items"][0]["profile"] == "hunter"


def test_override_via_api(world):
    client = api(world.director)
    body = client.patch(
        f"/sales-profiles/{world.owner.pk}", {"profile": "farmer", "note": "Keeps customers"}
    ).json()
    assert body["profile"] == "farmer"
    assert body["override_by"]["id"] == world.director.pk
    assert_error(
        client.patch(f"/sales-profiles/{world.owner.pk}", {"profile": "hunter", "note": ""}),
        422,
        "note",
    )
    stale = client.patch(
        f"/sales-profiles/{world.owner.pk}",
        {"profile": "hunter", "note": "x", "updated_at": "2001-01-01T00:00:00+00:00"},
    )
    assert stale.status_code == 409
    fresh = client.patch(
        f"/sales-profiles/{world.owner.pk}",
        {"profile": "", "updated_at": body["updated_at"]},
    )
    assert fresh.status_code == 200 and fresh.json()["profile"] == "unknown"
    assert_error(client.patch("/sales-profiles/99999999", {"profile": "farmer", "note": "x"}), 404)
    assert_error(client.patch(f"/sales-profiles/{world.owner.pk}", {"profile": "wizard"}), 422)


def test_reassignment_suggestions_api(world):
    hunter(world.owner)
    farmer = UserFactory(role="kam")
    hunter(farmer, "farmer")
    body = api(world.admin).get("/reassignment-suggestions").json()
    assert body[0]["account_id"] == world.account.pk
    assert body[0]["candidates"][0]["user_id"] == farmer.pk


# --- command line --------------------------------------------------------------------


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_cli_registers_both_commands():
    assert cli.COMMANDS["time-allocation"][0] == "time_allocation"
    assert cli.COMMANDS["profiles"][0] == "profiles"


def test_time_allocation_command(world):
    world.owner.business_unit = BusinessUnitFactory(code="west", name="West")
    world.owner.save()
    log(world.owner, world.account, 90, on=TODAY)
    log(world.outsider, account_of("prospect"), 90, on=TODAY)
    table = run("time_allocation")
    assert "hunting instead of farming" in table
    assert str(world.owner) in table and "team: West" in table
    data = json.loads(run("time_allocation", "--format", "json", "--user", "owner"))
    assert data["overall"]["minutes"]["strategic"] == 90
    assert [row["key"] for row in data["people"]] == [str(world.owner.pk)]
    team = json.loads(run("time_allocation", "--format", "json", "--team", "west"))
    assert [row["key"] for row in team["teams"]] == ["west"]
    old = (TODAY - timedelta(days=800)).isoformat()
    assert "No time logged" in run("time_allocation", "--from", old, "--to", old)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2024-13-01"], "--from"),
        (["--from", "2024-02-01", "--to", "2024-01-01"], "--from"),
        (["--team", "nowhere"], "--team"),
        (["--user", "nobody"], "--user"),
    ],
)
def test_time_allocation_command_errors(world, args, message):
    with pytest.raises(CommandError, match=message):
        run("time_allocation", *args)


def test_profiles_command(world):
    assert "No sales profiles yet" in run("profiles")
    log(world.outsider, account_of("prospect"), 25 * 60, on=TODAY)
    farmer = UserFactory(role="kam", username="farmerkam")
    log(farmer, account_of("regular"), 25 * 60, on=TODAY)
    world.account.owner = world.outsider
    world.account.save()
    table = run("profiles", "--derive")
    assert "outsider" in table and "hunter" in table
    assert "Strategic accounts owned by hunters" in table
    assert world.account.name in table
    data = json.loads(run("profiles", "--format", "json"))
    assert {p["user"] for p in data["profiles"]} == {"outsider", "farmerkam"}
    assert data["reassignments"][0]["candidates"][0] == str(farmer)
    assert SalesProfile.objects.get(user=world.outsider).derived == "hunter"
    assert services.profiles_derive() == 2  # the outsider and farmerkam again
