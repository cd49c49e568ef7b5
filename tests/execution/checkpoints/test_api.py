"""The checkpoints API: listing with results, opening, my answers, the portfolio; the CLI
and the background task."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

from django.core.management import call_command

from keyplan.execution.checkpoints import services as checkpoints
from keyplan.execution.models import Checkpoint, CheckpointAnswer, Notification

SAA_ALL = {"information": (4, "ok"), "people": (2, ""), "action": (3, "")}


def _put(client, url, body):
    return client.put(url, data=json.dumps(body), content_type="application/json")


def _body(**scores):
    return {"answers": {e: {"score": s} for e, s in scores.items()}}


def test_list_and_get_with_results(world, client_for):
    cp = checkpoints.checkpoint_open(user=world.owner, account=world.account, kind="saa")
    checkpoints.answers_submit(user=world.member, checkpoint=cp, answers=SAA_ALL)
    checkpoints.answers_submit(
        user=world.owner,
        checkpoint=cp,
        answers={"information": (4, ""), "people": (4, ""), "action": (3, "")},
    )
    client = client_for("viewer")
    page = client.get(f"/api/v1/accounts/{world.account.pk}/checkpoints").json()
    assert page["count"] == 1
    results = page["items"][0]["results"]
    assert results["raters"] == 2
    assert results["weakest"] == "people"  # tie 3.0 with action: people is listed first
    assert results["disagreements"] == ["people"]
    people = results["elements"][1]
    assert (people["average"], people["spread"], people["low"], people["high"]) == (3, 1, 2, 4)
    detail = client.get(f"/api/v1/checkpoints/{cp.pk}").json()
    assert len(detail["raters_answers"]) == 2
    assert [a["element"] for a in detail["raters_answers"][0]["answers"]] == [
        "information",
        "people",
        "action",
    ]
    only_7s = client.get(f"/api/v1/accounts/{world.account.pk}/checkpoints?kind=seven_s")
    assert only_7s.json()["count"] == 0


def test_open_is_idempotent(world, client_for):
    client = client_for("member")
    url = f"/api/v1/accounts/{world.account.pk}/checkpoints"
    first = client.post(url, data={"kind": "seven_s"}, content_type="application/json")
    again = client.post(url, data={"kind": "seven_s"}, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    bad = client.post(url, data={"kind": "weekly"}, content_type="application/json")
    assert bad.status_code == 422


def test_put_my_answers_with_conflict_check(world, client_for):
    cp = checkpoints.checkpoint_open(user=world.owner, account=world.account, kind="saa")
    client = client_for("member")
    url = f"/api/v1/checkpoints/{cp.pk}/answers"
    first = _put(client, url, _body(information=4, people=3, action=2))
    assert first.status_code == 200
    seen = first.json()["updated_at"]
    second = _put(client, url, _body(information=5, people=3, action=2) | {"updated_at": seen})
    assert second.status_code == 200
    stale = _put(client, url, _body(information=1, people=1, action=1) | {"updated_at": seen})
    assert stale.status_code == 409
    assert stale.json()["errors"]["updated_at"] == [second.json()["updated_at"]]
    assert CheckpointAnswer.objects.get(element="information").score == 5


def test_put_needs_every_element(world, client_for):
    cp = checkpoints.checkpoint_open(user=world.owner, account=world.account, kind="saa")
    client = client_for("owner")
    url = f"/api/v1/checkpoints/{cp.pk}/answers"
    missing = _put(client, url, _body(information=4, people=3))
    assert missing.status_code == 422
    assert "action" in missing.json()["errors"]
    other_kind = _put(client, url, _body(information=4, people=3, action=2, style=3))
    assert other_kind.status_code == 422
    out_of_range = _put(client, url, _body(information=6, people=3, action=2))
    assert out_of_range.status_code == 422
    assert not CheckpointAnswer.objects.exists()


def test_portfolio(world, client_for):
    cp = checkpoints.checkpoint_open(user=world.owner, account=world.account, kind="saa")
    checkpoints.answers_submit(user=world.member, checkpoint=cp, answers=SAA_ALL)
    body = client_for("director").get("/api/v1/alignment").json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row["account_id"] == world.account.pk
    assert row["saa"]["average"] == 3
    assert row["saa"]["weakest"] == "people"
    assert row["seven_s"]["average"] is None
    everyone = client_for("director").get("/api/v1/alignment?account_class=all").json()
    assert everyone["count"] == 2
    assert client_for("outsider").get("/api/v1/alignment").json()["count"] == 0


def test_cli_schedule_and_list(world):
    out = StringIO()
    call_command("checkpoints", "schedule", "--date", "2026-11-28", stdout=out)
    assert "2 reminder(s) sent" in out.getvalue()  # owner and member, SAA only
    assert Notification.objects.count() == 2
    out = StringIO()
    call_command("checkpoints", "list", "--date", "2026-11-28", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 2
    assert "due soon" in lines[0] and "0 answered, 2 missing" in lines[0]
    saa = Checkpoint.objects.get(kind="saa")
    checkpoints.answers_submit(user=world.member, checkpoint=saa, answers=SAA_ALL)
    checkpoints.answers_submit(user=world.owner, checkpoint=saa, answers=SAA_ALL)
    out = StringIO()
    call_command("checkpoints", "list", "--due", "--date", "2026-11-28", stdout=out)
    assert out.getvalue().strip() == "No checkpoint waiting for answers."


def test_task_runs_the_schedule(world):
    from keyplan.execution.checkpoints.tasks import checkpoints_schedule_task

    result = checkpoints_schedule_task.enqueue("2026-12-30")
    assert result.return_value == 4  # both kinds due on 31 December
    assert Checkpoint.objects.filter(period_start=date(2026, 10, 1)).count() == 1
