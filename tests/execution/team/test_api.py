"""The team over REST: members with function and hours (create, read, patch with
optimistic concurrency, delete), coverage per account and across the portfolio, and the
execution settings."""

from __future__ import annotations

import json

from keyplan.accounts.models import AccountTeamMember
from keyplan.execution.models import ExecutionSettings
from tests.factories import AccountFactory, BusinessUnitFactory, TeamMemberFactory

BASE = "/api/v1"


def _send(client, method, path, body=None):
    call = getattr(client, method)
    if body is None:
        return call(BASE + path)
    return call(BASE + path, data=json.dumps(body), content_type="application/json")


def _entry(w) -> AccountTeamMember:
    return AccountTeamMember.objects.get(account=w.account, user=w.member)


def test_create_get_patch_delete(world, client_for):
    unit = BusinessUnitFactory(name="Finance")
    client = client_for("owner")

    created = _send(
        client,
        "post",
        f"/accounts/{world.account.pk}/team",
        {
            "user_id": world.director.pk,
            "business_unit_id": unit.pk,
            "function": "finance",
            "committed_hours": 4,
            "role": "Sponsor",
            "contribution": "Opens doors at board level.",
        },
    )

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["function"] == "finance" and body["committed_hours"] == 4
    assert body["business_unit"] == "Finance" and body["business_unit_id"] == unit.pk
    assert body["account_id"] == world.account.pk
    member_id = body["id"]

    read = _send(client, "get", f"/team-members/{member_id}").json()
    patched = _send(
        client,
        "patch",
        f"/team-members/{member_id}",
        {"committed_hours": None, "business_unit_id": None, "updated_at": read["updated_at"]},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["committed_hours"] is None
    assert patched.json()["business_unit_id"] is None

    stale = _send(client, "delete", f"/team-members/{member_id}?updated_at=2000-01-01T00:00:00Z")
    gone = _send(
        client,
        "delete",
        f"/team-members/{member_id}?updated_at={patched.json()['updated_at'].replace('+', '%2B')}",
    )
    assert stale.status_code == 409
    assert gone.status_code == 204
    assert not AccountTeamMember.objects.filter(pk=member_id).exists()


def test_list_shows_the_new_fields(world, client_for):
    AccountTeamMember.objects.filter(user=world.member).update(
        function="service", committed_hours=3
    )

    team = _send(client_for("viewer"), "get", f"/accounts/{world.account.pk}/team").json()

    found = {m["user"]["username"]: m for m in team}
    assert (found["member"]["function"], found["member"]["committed_hours"]) == ("service", 3)


def test_stale_patch_is_409_with_the_current_version(world, client_for):
    entry = _entry(world)
    seen = entry.updated_at.isoformat()
    entry.role = "Theirs"
    entry.save()

    response = _send(
        client_for("owner"),
        "patch",
        f"/team-members/{entry.pk}",
        {"role": "Mine", "updated_at": seen},
    )

    assert response.status_code == 409
    assert response.json()["errors"]["updated_at"] == [_entry(world).updated_at.isoformat()]


def test_errors_name_the_api_fields(world, client_for):
    client = client_for("owner")
    path = f"/accounts/{world.account.pk}/team"

    duplicate = _send(client, "post", path, {"user_id": world.member.pk})
    unknown = _send(client, "post", path, {"user_id": 987654})
    bad_unit = _send(client, "post", path, {"user_id": world.director.pk, "business_unit_id": 987})
    bad_function = _send(client, "post", path, {"user_id": world.director.pk, "function": "x"})
    too_many = _send(client, "post", path, {"user_id": world.director.pk, "committed_hours": 745})
    null_role = _send(client, "patch", f"/team-members/{_entry(world).pk}", {"role": None})

    assert duplicate.status_code == 422 and "user_id" in duplicate.json()["errors"]
    assert unknown.status_code == 422 and "user_id" in unknown.json()["errors"]
    assert bad_unit.status_code == 422 and "business_unit_id" in bad_unit.json()["errors"]
    assert bad_function.status_code == 422 and "function" in bad_function.json()["errors"]
    assert too_many.status_code == 422 and "committed_hours" in too_many.json()["errors"]
    assert null_role.status_code == 422 and "role" in null_role.json()["errors"]


def test_another_accounts_member_is_404(world, client_for):
    foreign = TeamMemberFactory(account=world.other_account)

    response = _send(client_for("owner"), "patch", f"/team-members/{foreign.pk}", {"role": "x"})

    assert response.status_code == 404


def test_account_coverage(world, client_for):
    AccountTeamMember.objects.filter(user=world.member).update(
        function="service", committed_hours=7
    )

    body = _send(client_for("member"), "get", f"/accounts/{world.account.pk}/team-coverage").json()

    assert body["missing"] == ["technical", "finance"] and not body["complete"]
    functions = {f["function"]: f for f in body["functions"]}
    assert functions["sales"]["covered_by"] == [str(world.owner)]
    assert functions["service"]["committed_hours"] == 7
    assert body["committed_hours"] == 7 and body["members"] == 2
    assert body["account_class"] == "strategic"


def test_portfolio_coverage_is_scoped_filtered_and_paginated(world, client_for):
    for n in range(3):
        AccountFactory(name=f"Strategic {n}", account_class="strategic")

    director = _send(client_for("director"), "get", "/team-coverage?sort=name&page_size=2").json()
    page_two = _send(client_for("director"), "get", "/team-coverage?sort=name&page_size=2&page=2")
    member = _send(client_for("member"), "get", "/team-coverage").json()
    outsider = _send(client_for("outsider"), "get", "/team-coverage?function=finance").json()
    bad = _send(client_for("director"), "get", "/team-coverage?function=astrology")

    assert director["count"] == 4 and director["pages"] == 2
    assert [r["account_name"] for r in director["items"]] == ["Polmet Sp. z o.o.", "Strategic 0"]
    assert [r["account_name"] for r in page_two.json()["items"]] == ["Strategic 1", "Strategic 2"]
    assert [r["account_id"] for r in member["items"]] == [world.account.pk]
    assert outsider["items"] == []
    assert bad.status_code == 422


def test_settings_read_and_patch(world, client_for):
    read = _send(client_for("viewer"), "get", "/execution-settings").json()
    refused = _send(client_for("owner"), "patch", "/execution-settings", {"reminder_days": 3})
    patched = _send(
        client_for("director"),
        "patch",
        "/execution-settings",
        {"required_functions": ["finance", "service"], "updated_at": read["updated_at"]},
    )
    stale = _send(
        client_for("director"),
        "patch",
        "/execution-settings",
        {"reminder_days": 1, "updated_at": read["updated_at"]},
    )
    unknown = _send(
        client_for("director"), "patch", "/execution-settings", {"required_functions": ["x"]}
    )
    zero = _send(
        client_for("director"),
        "patch",
        "/execution-settings",
        {"weight_class": 0, "weight_score": 0, "weight_return": 0, "weight_completeness": 0},
    )

    assert read["required_functions"] == ["sales", "service", "technical", "finance"]
    assert refused.status_code == 403
    assert patched.status_code == 200 and patched.json()["required_functions"] == [
        "service",
        "finance",
    ]
    assert stale.status_code == 409
    assert unknown.status_code == 422 and zero.status_code == 422
    assert ExecutionSettings.load().reminder_days == 5
