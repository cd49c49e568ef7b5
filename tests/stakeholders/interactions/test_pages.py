"""The interaction pages: the timeline (filters, sorting, pagination, empty states), the
account card's quick entries (inline with htmx and without), editing with the conflict
answer, time entries; and a fixed number of queries whatever the data size."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.stakeholders.interactions import services as svc
from keyplan.stakeholders.models import Interaction, TimeEntry
from tests.factories import ContactFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def _log(world, n: int, *, start: date = date(2026, 1, 1), kind: str = "call", **extra):
    contact = extra.pop("contact", world.contact)
    made = []
    for i in range(n):
        made.append(
            svc.interaction_create(
                user=world.owner,
                account=world.account,
                data={
                    "kind": kind,
                    "occurred_on": start + timedelta(days=i),
                    "duration_minutes": 20,
                    "subject": f"Call {i}",
                    "our_people": [world.owner.pk, world.member.pk],
                    "their_people": [contact.pk],
                    **extra,
                },
            )
        )
    return made


def test_timeline_empty_state_and_form(client_for, world):
    url = reverse("interactions:account", args=[world.account.pk])
    page = client_for("owner").get(url).content.decode()
    assert "No interactions logged with this account yet." in page
    assert "Log an interaction" in page
    viewer = client_for("viewer").get(url).content.decode()
    assert "Log an interaction" not in viewer


def test_timeline_filters_sorts_and_paginates(client_for, world):
    other = ContactFactory(account=world.account, first_name="Ewa", last_name="Lis")
    _log(world, 51)
    _log(world, 1, start=date(2025, 6, 1), kind="visit", contact=other)
    client = client_for("member")
    url = reverse("interactions:account", args=[world.account.pk])
    first = client.get(url).content.decode()
    assert "52 interactions" in first
    assert "Page 1 of 2" in first
    assert first.index("Call 50") < first.index("Call 49")  # newest first
    oldest = client.get(url, {"sort": "date"}).content.decode()
    assert "Call 0" in oldest and "Call 50" not in oldest
    by_contact = client.get(url, {"person": f"c{other.pk}"}).content.decode()
    assert "1 interaction" in by_contact and "Call 1" not in by_contact
    by_kind = client.get(url, {"kind": "visit"}).content.decode()
    assert "1 interaction" in by_kind
    nothing = client.get(url, {"kind": "email"}).content.decode()
    assert "No interactions match these filters." in nothing
    assert client.get(url, {"person": "x9", "sort": "bogus", "page": "99"}).status_code == 200


@pytest.mark.parametrize("count", [2, 60])
def test_timeline_queries_are_fixed(client_for, world, count):
    _log(world, count)
    client = client_for("owner")
    url = reverse("interactions:account", args=[world.account.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) <= 22, [q["sql"] for q in ctx.captured_queries]


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pages_and_card_query_counts_do_not_grow(client_for, world):
    client = client_for("owner")
    timeline = reverse("interactions:account", args=[world.account.pk])
    time = reverse("interactions:time", args=[world.account.pk])
    account = reverse("accounts:detail-activity", args=[world.account.pk])
    _log(world, 3)
    small = (_count(client, timeline), _count(client, time), _count(client, account))
    _log(world, 70, start=date(2025, 1, 1))
    for i in range(5):
        ContactFactory(account=world.account, last_name=f"Extra{i}")
    svc.time_entry_create(
        user=world.owner, account=world.account, data={"spent_on": date(2026, 1, 1), "minutes": 5}
    )
    large = (_count(client, timeline), _count(client, time), _count(client, account))
    assert small[:2] == large[:2]
    # The account page as a whole belongs to the lead; the card adds a fixed number.
    assert small[2] == large[2]


def test_card_queries_are_fixed(rf, world):
    from django.template import Context, Template

    template = Template("{% load interactions %}{% interactions_card account True %}")
    request = rf.get("/")
    request.user = world.owner

    def render() -> int:
        with CaptureQueriesContext(connection) as ctx:
            template.render(Context({"account": world.account, "request": request}))
        return len(ctx.captured_queries)

    _log(world, 2)
    small = render()
    _log(world, 30, start=date(2025, 1, 1))
    assert render() == small
    assert small == 5  # interactions, their two prefetches, the time total, the contacts


def test_card_shows_recent_and_quick_forms(client_for, world):
    _log(world, 7)
    activity = reverse("accounts:detail-activity", args=[world.account.pk])
    page = client_for("owner").get(activity)
    html = page.content.decode()
    assert 'id="interactions"' in html
    assert "Call 6" in html and "Call 1" not in html  # the last five
    assert "Log an interaction" in html and "Log time" in html
    assert "keyplan/interactions.js" in html
    viewer = client_for("viewer").get(activity)
    assert "Log an interaction" not in viewer.content.decode()


def _quick(world, **extra):
    return {
        "quick": "1",
        "kind": "call",
        "occurred_on": "2026-04-01",
        "duration_minutes": "25",
        "subject": "Quick call",
        "their_people": [world.contact.pk],
        **extra,
    }


def test_quick_entry_inline(client_for, world):
    url = reverse("interactions:create", args=[world.account.pk])
    client = client_for("member")
    response = client.post(url, _quick(world), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Logged “Quick call”." in html and 'id="interactions"' in html
    interaction = Interaction.objects.get()
    assert [u.username for u in interaction.our_people.all()] == ["member"]
    assert TimeEntry.objects.get().minutes == 25
    bad = client.post(url, _quick(world, subject="", kind="lunch"), **HTMX)
    assert bad.status_code == 422
    assert "has-error" in bad.content.decode()
    assert Interaction.objects.count() == 1


def test_quick_entry_without_javascript(client_for, world):
    url = reverse("interactions:create", args=[world.account.pk])
    response = client_for("owner").post(url, _quick(world))
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("accounts:detail-activity", args=[world.account.pk]) + "#interactions"
    )


def test_quick_time_entry(client_for, world):
    url = reverse("interactions:time-create", args=[world.account.pk])
    client = client_for("member")
    ok = client.post(url, {"quick": "1", "spent_on": "2026-04-02", "minutes": "40"}, **HTMX)
    assert ok.status_code == 200 and "Logged 40 minutes." in ok.content.decode()
    entry = TimeEntry.objects.get()
    assert (entry.user, entry.minutes) == (world.member, 40)
    bad = client.post(url, {"quick": "1", "spent_on": "", "minutes": "0"}, **HTMX)
    assert bad.status_code == 422


def test_full_form_with_plan_goal_and_other_people(client_for, world):
    from tests.plans.support import add, make_plan

    goal = add(make_plan(world), "goal", world.owner)
    url = reverse("interactions:create", args=[world.account.pk])
    client = client_for("owner")
    page = client.get(url).content.decode()
    assert "autofocus" in page and "Plan goal it served" in page
    response = client.post(
        url,
        {
            "kind": "visit",
            "occurred_on": "2026-05-05",
            "duration_minutes": "180",
            "subject": "Plant tour",
            "notes": "Saw line 3",
            "next_step": "Send photos",
            "our_people": [world.owner.pk, world.director.pk],
            "their_people": [world.contact.pk],
            "goal": goal.pk,
        },
    )
    assert response.status_code == 302
    interaction = Interaction.objects.get()
    assert interaction.goal == goal
    assert TimeEntry.objects.filter(interaction=interaction).count() == 2


def test_edit_conflict_answers_409_and_saving_again_wins(client_for, world):
    (interaction,) = _log(world, 1)
    url = reverse("interactions:edit", args=[interaction.pk])
    client = client_for("owner")
    seen = interaction.updated_at.isoformat()
    svc.interaction_update(user=world.member, interaction=interaction, data={"subject": "Theirs"})
    data = {
        "kind": "call",
        "occurred_on": "2026-01-01",
        "duration_minutes": "20",
        "subject": "Mine",
        "our_people": [world.owner.pk],
        "their_people": [world.contact.pk],
        "seen_updated_at": seen,
    }
    conflict = client.post(url, data)
    assert conflict.status_code == 409
    html = conflict.content.decode()
    assert "Someone changed this interaction" in html and "Theirs" in html
    assert Interaction.objects.get().subject == "Theirs"
    current = Interaction.objects.get().updated_at.isoformat()
    again = client.post(url, {**data, "seen_updated_at": current})
    assert again.status_code == 302
    assert Interaction.objects.get().subject == "Mine"


def test_delete_conflict_and_delete(client_for, world):
    (interaction,) = _log(world, 1)
    url = reverse("interactions:delete", args=[interaction.pk])
    client = client_for("owner")
    stale = interaction.updated_at.isoformat()
    svc.interaction_update(user=world.member, interaction=interaction, data={"subject": "New"})
    conflict = client.post(url, {"seen_updated_at": stale})
    assert conflict.status_code == 409
    assert Interaction.objects.exists()
    current = Interaction.objects.get().updated_at.isoformat()
    assert client.post(url, {"seen_updated_at": current}).status_code == 302
    assert not Interaction.objects.exists()
    assert not TimeEntry.objects.exists()


def test_time_list_totals_and_own_entries_only(client_for, world):
    _log(world, 1, start=date.today() - timedelta(days=3))
    mine = svc.time_entry_create(
        user=world.member,
        account=world.account,
        data={"spent_on": date.today(), "minutes": 90, "note": "Tender docs"},
    )
    client = client_for("member")
    url = reverse("interactions:time", args=[world.account.pk])
    html = client.get(url).content.decode()
    assert "Tender docs" in html
    assert reverse("interactions:time-edit", args=[mine.pk]) in html
    owners = TimeEntry.objects.get(user=world.owner)
    assert reverse("interactions:time-edit", args=[owners.pk]) not in html  # not theirs
    assert client.get(reverse("interactions:time-edit", args=[owners.pk])).status_code == 403
    # The owner's own time from an interaction changes with the interaction only.
    own = client_for("owner").get(reverse("interactions:time-edit", args=[owners.pk]))
    assert own.status_code == 404
    filtered = client.get(url, {"person": world.owner.pk}).content.decode()
    assert "Tender docs" not in filtered and "Call 0" in filtered
    empty = client_for("owner").get(reverse("interactions:time", args=[world.other_account.pk]))
    assert empty.status_code == 404


def test_manager_logs_time_for_someone_else(client_for, world):
    url = reverse("interactions:time-create", args=[world.account.pk])
    client = client_for("director")
    assert "Leave empty to log your own time." in client.get(url).content.decode()
    response = client.post(url, {"spent_on": "2026-02-02", "minutes": "30", "user": world.owner.pk})
    assert response.status_code == 302
    assert TimeEntry.objects.get().user == world.owner


def test_time_edit_conflict(client_for, world):
    entry = svc.time_entry_create(
        user=world.owner, account=world.account, data={"spent_on": date(2026, 1, 1), "minutes": 5}
    )
    stale = entry.updated_at.isoformat()
    svc.time_entry_update(user=world.owner, entry=entry, data={"minutes": 6})
    client = client_for("owner")
    url = reverse("interactions:time-edit", args=[entry.pk])
    response = client.post(
        url, {"spent_on": "2026-01-01", "minutes": "7", "seen_updated_at": stale}
    )
    assert response.status_code == 409
    assert TimeEntry.objects.get().minutes == 6
    delete = client.post(
        reverse("interactions:time-delete", args=[entry.pk]), {"seen_updated_at": stale}
    )
    assert delete.status_code == 409
