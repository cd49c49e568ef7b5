"""The plans of an account: the list, creating, state changes, comparing versions, the
history, print and deleted pages, the header's conflict check."""

from __future__ import annotations

import re

from django.urls import reverse

from keyplan.plans.items.services import item_delete, item_update
from keyplan.plans.models import SwotItem
from keyplan.plans.versions.services import plan_revise
from tests.plans.support import SAMPLES, add, approved, make_plan, text


def test_plan_list_create_and_states(world, client_for):
    client = client_for("owner")
    url = reverse("plans:account", args=[world.account.pk])
    assert "has no plan yet" in text(client.get(url))

    response = client.post(
        reverse("plans:create", args=[world.account.pk]),
        {"period": "FY2026", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )

    plan = world.account.plans.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    html = text(client.get(url))
    assert "FY2026" in html and "Submit for review" in html
    assert ">Approve<" not in html  # a KAM does not approve


def test_create_plan_errors_name_the_field(world, client_for):
    response = client_for("owner").post(
        reverse("plans:create", args=[world.account.pk]),
        {"period": "", "starts_on": "2026-02-01", "ends_on": "2026-01-01"},
    )

    html = text(response)
    assert response.status_code == 200
    assert re.search(r'id="id_period".*?This field is required', html, re.S)


def test_submit_approve_revise_through_the_buttons(world, client_for):
    plan = make_plan(world)
    add(plan, "swot", world.owner)

    client_for("owner").post(reverse("plans:submit", args=[plan.pk]))
    owner_try = client_for("owner").post(reverse("plans:approve", args=[plan.pk]))
    client_for("director").post(reverse("plans:approve", args=[plan.pk]))
    plan.refresh_from_db()
    revise = client_for("owner").post(reverse("plans:revise", args=[plan.pk]))

    assert owner_try.status_code == 403
    plan.refresh_from_db()
    assert plan.state == "superseded"
    new = plan.revisions.get()
    assert revise["Location"] == f"/plans/{new.pk}/"


def test_wrong_transition_is_a_message_not_an_error(world, client_for):
    plan = make_plan(world)
    response = client_for("owner").post(reverse("plans:revise", args=[plan.pk]), follow=True)
    assert response.status_code == 200
    assert "Only an approved plan is revised" in text(response)


def test_compare_shows_added_removed_and_changed(world, client_for):
    first = make_plan(world)
    kept = add(first, "swot", world.owner)
    add(first, "culture", world.owner)
    first = approved(world, first)
    second = plan_revise(user=world.owner, plan=first)
    copy = SwotItem.objects.get(plan=second, origin=kept.origin)
    item_update(user=world.owner, item=copy, data={"text": "Even stronger cash"})
    item_delete(user=world.owner, item=second.culture_notes.get())
    add(second, "value", world.owner)

    html = text(client_for("viewer").get(reverse("plans:compare", args=[second.pk])))

    assert "diff-added" in html and SAMPLES["value"]["text"] in html
    assert "diff-removed" in html and SAMPLES["culture"]["text"] in html
    assert "Even stronger cash" in html and "Strong cash position" in html


def test_compare_without_other_versions_and_with_a_foreign_base(world, client_for):
    plan = make_plan(world)
    other = make_plan(world, user=world.outsider, account=world.other_account)
    client = client_for("director")

    assert "no other plan version" in text(client.get(reverse("plans:compare", args=[plan.pk])))
    foreign = client.get(reverse("plans:compare", args=[plan.pk]) + f"?base={other.pk}")
    assert foreign.status_code == 404


def test_history_print_and_deleted_pages(world, client_for):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)
    client = client_for("member")
    assert "Nothing has been deleted" in text(client.get(reverse("plans:deleted", args=[plan.pk])))
    item_update(user=world.owner, item=item, data={"importance": 5})
    item_delete(user=world.owner, item=item)
    add(plan, "action", world.owner)

    history = text(client.get(reverse("plans:history", args=[plan.pk])))
    printed = text(client.get(reverse("plans:print", args=[plan.pk])))
    deleted = text(client.get(reverse("plans:deleted", args=[plan.pk])))

    assert "Importance (1-5): 3 → 5" in re.sub(r"<[^>]+>", "", history)
    assert 'class="topbar"' not in printed and "Action plan" in printed
    assert SAMPLES["action"]["title"] in printed
    assert SAMPLES["swot"]["text"] in deleted and "Restore" in deleted


def test_plan_header_edit_and_conflict(world, client_for):
    plan = make_plan(world)
    url = reverse("plans:edit", args=[plan.pk])
    seen = plan.updated_at.isoformat()
    client = client_for("owner")
    form = {"period": "FY2025", "starts_on": "2025-01-01", "ends_on": "2025-12-31"}

    ok = client.post(url, {**form, "summary": "Grow", "seen_updated_at": seen})
    stale = client.post(url, {**form, "summary": "Shrink", "seen_updated_at": seen})

    assert ok.status_code == 302
    assert stale.status_code == 409 and "The version saved by someone else" in text(stale)
    plan.refresh_from_db()
    assert plan.summary == "Grow"
