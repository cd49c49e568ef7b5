"""The notifications page (list, filters, sorting, pagination, mark read, open) and the
My work API (/me/work, /me/notifications, /me/notifications/read)."""

from __future__ import annotations

import json
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyplan.execution.models import Notification
from tests.plans.support import add, make_plan

from .support import checkpoint, notice, request, unit

LIST = reverse("work:notifications")
READ = reverse("work:notifications-read")


def _open(pk: int) -> str:
    return reverse("work:notification-open", args=[pk])


# --- the list ------------------------------------------------------------------------------


def test_list_shows_my_notifications_only(world, client_for):
    notice(world.owner, "Mine unread", account=world.account, url="/accounts/")
    notice(world.owner, "Mine read", read=True)
    notice(world.member, "Not mine")

    page = client_for("owner").get(LIST).content.decode()

    assert "Mine unread" in page and "Mine read" in page and "Not mine" not in page
    assert "1 unread notification." in page
    assert "Polmet" in page and "Mark all read" in page


def test_filters_unread_and_kind(world, client_for):
    notice(world.owner, "Unread assignment")
    notice(world.owner, "Read assignment", read=True)
    notice(world.owner, "Unread decision", kind="decision")
    client = client_for("owner")

    unread = client.get(LIST + "?show=unread").content.decode()
    decisions = client.get(LIST + "?kind=decision").content.decode()
    nonsense = client.get(LIST + "?show=x&kind=y&sort=zz&page=abc")

    assert "Unread assignment" in unread and "Read assignment" not in unread
    assert "Unread decision" in decisions and "Unread assignment" not in decisions
    assert nonsense.status_code == 200
    assert (
        "No notification matches these filters."
        in client.get(LIST + "?kind=checkpoint").content.decode()
    )


def test_empty_state(world, client_for):
    page = client_for("viewer").get(LIST).content.decode()

    assert "No notifications yet." in page and "Mark all read" not in page


def test_sorting_by_kind(world, client_for):
    notice(world.owner, "Zulu", kind="assignment")
    notice(world.owner, "Alpha", kind="decision")
    client = client_for("owner")

    by_kind = client.get(LIST + "?sort=kind").content.decode()
    by_kind_desc = client.get(LIST + "?sort=-kind").content.decode()
    newest = client.get(LIST).content.decode()

    assert by_kind.index("Zulu") < by_kind.index("Alpha")
    assert by_kind_desc.index("Alpha") < by_kind_desc.index("Zulu")
    assert newest.index("Alpha") < newest.index("Zulu")  # newest first by default


def test_pagination(world, client_for, settings):
    for i in range(settings.KEYPLAN_PAGE_SIZE + 3):
        notice(world.owner, f"Notice {i:03d}")
    client = client_for("owner")

    first = client.get(LIST).content.decode()
    second = client.get(LIST + "?page=2").content.decode()

    assert "Page 1 of 2" in first and "Notice 002" not in first
    assert "Notice 000" in second and "Notice 002" in second


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow(world, client_for):
    client = client_for("owner")
    notice(world.owner, "one", account=world.account)
    _queries(client, LIST)  # the first request of a session reads more
    small = _queries(client, LIST)
    for i in range(20):
        notice(world.owner, f"more {i}", account=world.account, read=bool(i % 2))

    assert _queries(client, LIST) == small


# --- mark read -----------------------------------------------------------------------------


def test_mark_selected_read(world, client_for):
    a = notice(world.owner, "A")
    b = notice(world.owner, "B")
    theirs = notice(world.member, "Theirs")

    response = client_for("owner").post(
        READ, {"id": [str(a.pk), str(theirs.pk), "junk", "99999999999999999999"]}
    )

    assert response.status_code == 302 and response["Location"] == LIST
    a.refresh_from_db()
    b.refresh_from_db()
    theirs.refresh_from_db()
    assert a.read_at is not None and b.read_at is None and theirs.read_at is None


def test_mark_all_read_goes_back_to_the_same_page(world, client_for):
    notice(world.owner, "A")
    notice(world.owner, "B")
    notice(world.member, "Theirs")

    response = client_for("owner").post(READ, {"all": "1", "next": LIST + "?show=unread"})

    assert response["Location"] == LIST + "?show=unread"
    assert not Notification.objects.filter(user=world.owner, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.member, read_at__isnull=True).count() == 1


def test_mark_read_does_not_redirect_off_site(world, client_for):
    response = client_for("owner").post(READ, {"all": "1", "next": "https://evil.example/"})

    assert response["Location"] == LIST


def test_mark_read_needs_post(world, client_for):
    assert client_for("owner").get(READ).status_code == 405


# --- open ----------------------------------------------------------------------------------


def test_open_marks_read_and_follows_the_link(world, client_for):
    mine = notice(world.owner, "Go", url=f"/accounts/{world.account.pk}/")

    response = client_for("owner").get(_open(mine.pk))

    assert response["Location"] == f"/accounts/{world.account.pk}/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_open_someone_elses_is_404_and_unchanged(world, client_for):
    theirs = notice(world.member, "Theirs", url="/accounts/")

    assert client_for("owner").get(_open(theirs.pk)).status_code == 404
    assert client_for("director").get(_open(theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_open_with_an_outside_or_no_link_goes_to_the_list(world, client_for):
    outside = notice(world.owner, "Phish", url="https://evil.example/")
    nowhere = notice(world.owner, "Nowhere")
    client = client_for("owner")

    assert client.get(_open(outside.pk))["Location"] == LIST
    assert client.get(_open(nowhere.pk))["Location"] == LIST


def test_open_huge_id_is_404(world, client_for):
    assert client_for("owner").get(f"/execution/notifications/{2**70}/open/").status_code == 404


# --- API -----------------------------------------------------------------------------------


def test_api_my_work(world, client_for):
    today = timezone.localdate()
    plan = make_plan(world)
    add(
        plan,
        "action",
        world.owner,
        title="Late",
        owner_id=world.member.pk,
        due_on=today - timedelta(days=1),
    )
    checkpoint(world.account)
    req = request(world.account, unit(head=world.member), world.owner)
    notice(world.member, "Hi")

    body = client_for("member").get("/api/v1/me/work").json()

    assert body["overdue_actions"] == 1
    assert [a["title"] for a in body["actions"]["items"]] == ["Late"]
    assert body["actions"]["items"][0]["overdue"] is True
    assert body["checkpoints"]["total"] == 1
    assert body["checkpoints"]["items"][0]["account_id"] == world.account.pk
    assert body["to_decide"]["items"][0]["id"] == req.pk
    assert body["to_decide"]["items"][0]["amount"] == "40.00"
    assert body["answered"] == {"total": 0, "items": []}
    assert body["accounts"] == []
    assert body["unread_notifications"] == 2  # "Hi" and the assignment of "Late"

    owner = client_for("owner").get("/api/v1/me/work").json()
    [account] = owner["accounts"]
    assert account["account_id"] == world.account.pk and account["overdue_actions"] == 1
    assert all({"code", "severity", "message"} <= set(r) for r in account["relationship_risks"])


def test_api_notifications_list_and_filters(world, client_for):
    notice(world.owner, "Unread", account=world.account)
    notice(world.owner, "Read", read=True)
    notice(world.owner, "Decision", kind="decision")
    notice(world.member, "Theirs")
    client = client_for("owner")

    everything = client.get("/api/v1/me/notifications").json()
    unread = client.get("/api/v1/me/notifications?unread=true").json()
    decisions = client.get("/api/v1/me/notifications?kind=decision").json()

    assert everything["count"] == 3
    assert [n["title"] for n in everything["items"]] == ["Decision", "Read", "Unread"]
    assert {n["title"] for n in unread["items"]} == {"Unread", "Decision"}
    assert [n["title"] for n in decisions["items"]] == ["Decision"]
    assert everything["items"][2]["account_id"] == world.account.pk
    assert client.get("/api/v1/me/notifications?kind=nope").status_code == 422


def _post(client, body):
    return client.post(
        "/api/v1/me/notifications/read", data=json.dumps(body), content_type="application/json"
    )


def test_api_mark_read(world, client_for):
    a = notice(world.owner, "A")
    notice(world.owner, "B")
    theirs = notice(world.member, "Theirs")
    client = client_for("owner")

    assert _post(client, {"ids": [a.pk, theirs.pk]}).json() == {"marked": 1, "unread": 1}
    assert _post(client, {"all": True}).json() == {"marked": 1, "unread": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_mark_read_validation(world, client_for):
    client = client_for("owner")

    nothing = _post(client, {})
    bad_id = _post(client, {"ids": [0]})
    not_object = _post(client, [1, 2])

    assert nothing.status_code == 422 and "ids" in nothing.json()["errors"]
    assert bad_id.status_code == 422
    assert not_object.status_code == 422


def test_sorting_by_read_and_date(world, client_for):
    old = notice(world.owner, "Read first")
    notice(world.owner, "Never read")
    old.read_at = timezone.now()
    old.save()
    client = client_for("owner")

    unread_first = client.get(LIST + "?sort=read").content.decode()
    read_first = client.get(LIST + "?sort=-read").content.decode()
    oldest_first = client.get(LIST + "?sort=created").content.decode()

    assert unread_first.index("Never read") < unread_first.index("Read first")
    assert read_first.index("Read first") < read_first.index("Never read")
    assert oldest_first.index("Read first") < oldest_first.index("Never read")
