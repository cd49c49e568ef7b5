"""The plan workspace with the Django test client: every tab with data and empty, inline
create, change, delete and restore (htmx and plain forms), validation, conflicts,
permissions."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from keyplan.plans.items.services import item_update
from keyplan.plans.models import ITEM_MODELS, Action, SwotItem
from keyplan.plans.versions.services import plan_submit
from tests.plans.support import (
    HTMX,
    SAMPLES,
    add,
    approved,
    field_errors,
    make_plan,
    rollup,
    text,
)

SECTIONS = [
    "profile",
    "industry",
    "swot",
    "strategy",
    "potential",
    "goals",
    "value",
    "perception",
    "actions",
]


def full_plan(world):
    plan = make_plan(world)
    for kind in ITEM_MODELS:
        add(plan, kind, world.owner)
    return plan


def section_url(plan, slug: str) -> str:
    return reverse("plans:section", args=[plan.pk, slug])


@pytest.mark.parametrize("slug", SECTIONS)
def test_every_tab_renders_empty_and_with_items(world, client_for, slug):
    client = client_for("owner")
    empty = make_plan(world, period="FY2024")
    full = full_plan(world)

    empty_page = client.get(section_url(empty, slug))
    full_page = client.get(section_url(full, slug))

    assert empty_page.status_code == 200
    assert full_page.status_code == 200
    assert "Nothing here yet" in text(empty_page) or "None recorded" in text(empty_page)
    assert 'class="plan-item' in full_page.content.decode()
    assert 'aria-current="page"' in full_page.content.decode()


def test_workspace_root_is_the_profile_tab_with_completeness(world, client_for):
    plan = full_plan(world)

    html = text(client_for("member").get(reverse("plans:detail", args=[plan.pk])))

    assert SAMPLES["profile"]["text"] in html
    assert 'id="plan-completeness"' in html
    assert "Review the plan with the team" in html  # a missing step, linked
    assert f'href="/plans/{plan.pk}/#plan-review"' in html


def test_unknown_section_is_404(world, client_for):
    plan = make_plan(world)
    assert client_for("owner").get(section_url(plan, "nope")).status_code == 404


def test_swot_is_a_grid_with_an_add_form_per_quadrant(world, client_for):
    plan = make_plan(world)
    add(plan, "swot", world.owner)
    add(plan, "swot", world.owner, quadrant="T", factor="price_pressure", text="Cheap imports")

    html = client_for("owner").get(section_url(plan, "swot")).content.decode()

    assert html.count('class="swot-quadrant') == 4
    assert html.count('name="slot" value="swot-') == 4
    t_quadrant = html.split('id="quadrant-T"')[1]
    assert "Cheap imports" in t_quadrant


def test_actions_tab_marks_overdue_and_blocked(world, client_for):
    plan = make_plan(world)
    yesterday = timezone.localdate() - timedelta(days=1)
    add(plan, "action", world.owner, title="Late one", due_on=yesterday, owner_id=world.owner.pk)
    add(plan, "action", world.owner, title="Stuck one", status="blocked")

    html = client_for("owner").get(section_url(plan, "actions")).content.decode()

    assert "is-overdue" in html and "Overdue" in html
    assert "is-blocked" in html


def test_perception_gap_is_highlighted(world, client_for):
    plan = make_plan(world)
    add(plan, "perception", world.owner, customer_rating=1, our_rating=5)

    html = text(client_for("owner").get(section_url(plan, "perception")))

    assert "gap-big" in html
    assert "we think better of ourselves" in html


def test_potential_tab_has_the_chart_data_and_the_reason_without_history(world, client_for):
    plan = make_plan(world)
    add(plan, "potential", world.owner)

    html = text(client_for("owner").get(section_url(plan, "potential")))

    assert 'id="potential-data"' in html
    assert "Not enough history for a forecast" in html
    assert "echarts.min.js" in html


def test_potential_tab_charts_the_year_in_progress_and_leaves_out_a_partial_first_year(
    world, client_for
):
    today = timezone.localdate()
    this_month = date(today.year, today.month, 1)
    # Monthly sales from November two years back up to this month: the first year has two
    # months, last year is complete, this year is in progress.
    first = date(today.year - 2, 11, 1)
    month = first
    while month <= this_month:
        rollup(world.account, month, "1000.00")
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    plan = make_plan(world)
    add(plan, "potential", world.owner)

    html = text(client_for("owner").get(section_url(plan, "potential")))
    data = json.loads(re.search(r'id="potential-data"[^>]*>(.*?)</script>', html, re.S)[1])

    years = data["years"]
    assert str(today.year - 2) not in years  # two months are not a year
    assert f"{today.year} (in progress)" in years
    assert str(today.year - 1) in years
    current = years.index(f"{today.year} (in progress)")
    so_far = Decimal(1000) * today.month
    assert data["ytd"][current] == float(so_far)
    assert data["lower"][current] >= float(so_far)
    assert data["band"][current] >= 0
    assert data["actual"][years.index(str(today.year - 1))] == 12_000.0
    assert "partial year: 2 months with sales" in html
    assert "forecast for the rest" in html
    assert "Actual so far this year" in html


def test_goals_tab_shows_why_there_is_no_progress(world, client_for):
    plan = make_plan(world)
    add(plan, "goal", world.owner, metric="other", target=None)

    html = text(client_for("owner").get(section_url(plan, "goals")))

    assert "not measured from data" in html


def test_create_inline_with_htmx_returns_the_section(world, client_for):
    plan = make_plan(world)
    url = reverse("plans:item-create", args=[plan.pk, "swot"])

    response = client_for("member").post(
        url,
        {
            "slot": "swot-O",
            "quadrant": "O",
            "factor": "market_changes",
            "text": "New EU rules",
            "importance": 4,
        },
        **HTMX,
    )

    assert response.status_code == 200
    item = SwotItem.objects.get(plan=plan)
    assert (item.quadrant, item.text) == ("O", "New EU rules")
    html = text(response)
    assert "Added “New EU rules”" in html
    assert 'hx-swap-oob="true"' in html  # the completeness panel follows


def test_create_without_htmx_redirects_to_the_tab(world, client_for):
    plan = make_plan(world)

    response = client_for("owner").post(
        reverse("plans:item-create", args=[plan.pk, "action"]),
        {"title": "Call the CFO", "status": "planned", "owner": world.member.pk},
    )

    action = Action.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.pk}/actions/#item-action-{action.pk}"
    assert action.owner == world.member


def test_create_errors_name_the_field(world, client_for):
    plan = make_plan(world)
    url = reverse("plans:item-create", args=[plan.pk, "swot"])

    response = client_for("owner").post(
        url, {"slot": "swot-S", "quadrant": "S", "factor": "cash_flow", "text": ""}, **HTMX
    )

    assert response.status_code == 422
    assert "This field is required." in field_errors(response, "text")
    assert not SwotItem.objects.exists()


def test_service_errors_land_at_their_field(world, client_for):
    plan = make_plan(world)
    url = reverse("plans:item-create", args=[plan.pk, "swot"])

    response = client_for("owner").post(
        url, {"slot": "swot-S", "quadrant": "S", "factor": "price_pressure", "text": "x"}
    )

    assert response.status_code == 200
    html = text(response)
    assert "Select a valid choice" in html or "Strengths and weaknesses come from internal" in html


def test_owner_outside_the_team_is_refused_at_the_owner_field(world, client_for):
    plan = make_plan(world)
    response = client_for("owner").post(
        reverse("plans:item-create", args=[plan.pk, "action"]),
        {"title": "x", "status": "planned", "owner": world.outsider.pk},
        **HTMX,
    )
    assert response.status_code == 422
    assert any("Select a valid choice" in e for e in field_errors(response, "owner"))


def test_edit_inline_form_and_save(world, client_for):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)
    url = reverse("plans:item-edit", args=[plan.pk, "swot", item.pk])
    client = client_for("member")

    form = client.get(url, **HTMX)
    saved = client.post(
        url,
        {
            "quadrant": "S",
            "factor": "leadership",
            "text": "A strong CEO",
            "importance": 5,
            "seen_updated_at": item.updated_at.isoformat(),
        },
        **HTMX,
    )

    assert form.status_code == 200 and "<html" not in form.content.decode()
    assert saved.status_code == 200
    assert "A strong CEO" in text(saved)
    item.refresh_from_db()
    assert (item.factor, item.importance) == ("leadership", 5)


def test_edit_page_without_htmx(world, client_for):
    plan = make_plan(world)
    item = add(plan, "culture", world.owner)
    url = reverse("plans:item-edit", args=[plan.pk, "culture", item.pk])
    client = client_for("owner")

    page = client.get(url)
    saved = client.post(url, {"text": "Flat", "seen_updated_at": item.updated_at.isoformat()})

    assert "<html" in page.content.decode() and "js-plan-form" in page.content.decode()
    assert saved.status_code == 302
    assert saved["Location"].startswith(f"/plans/{plan.pk}/strategy/")


def test_conflict_shows_both_versions(world, client_for):
    plan = make_plan(world)
    item = add(plan, "culture", world.owner)
    seen = item.updated_at.isoformat()
    item_update(user=world.member, item=item, data={"text": "Theirs: top-down"})
    url = reverse("plans:item-edit", args=[plan.pk, "culture", item.pk])

    response = client_for("owner").post(
        url, {"text": "Mine: consensus", "seen_updated_at": seen}, **HTMX
    )

    assert response.status_code == 409
    html = text(response)
    assert "Someone else saved this item" in html
    assert "Theirs: top-down" in html and "Mine: consensus" in html
    assert "Keep theirs" in html and "Reload the page" in html
    item.refresh_from_db()
    assert item.text == "Theirs: top-down"
    # Saving again from the conflict form keeps mine: it carries the version now shown.
    again = re.search(r'name="seen_updated_at" value="([^"]+)"', response.content.decode()).group(1)
    assert (
        client_for("owner")
        .post(url, {"text": "Mine: consensus", "seen_updated_at": unescape(again)}, **HTMX)
        .status_code
        == 200
    )
    item.refresh_from_db()
    assert item.text == "Mine: consensus"


def test_conflict_page_without_htmx(world, client_for):
    plan = make_plan(world)
    item = add(plan, "culture", world.owner)
    seen = item.updated_at.isoformat()
    item_update(user=world.member, item=item, data={"text": "Theirs"})

    response = client_for("owner").post(
        reverse("plans:item-edit", args=[plan.pk, "culture", item.pk]),
        {"text": "Mine", "seen_updated_at": seen},
    )

    assert response.status_code == 409
    assert "<html" in response.content.decode() and "Theirs" in text(response)


def test_delete_offers_undo_and_restore_brings_it_back(world, client_for):
    plan = make_plan(world)
    item = add(plan, "value", world.owner)
    client = client_for("owner")

    deleted = client.post(
        reverse("plans:item-delete", args=[plan.pk, "value", item.pk]),
        {"seen_updated_at": item.updated_at.isoformat()},
        **HTMX,
    )
    assert deleted.status_code == 200
    assert "Undo" in text(deleted)
    restore_url = reverse("plans:item-restore", args=[plan.pk, "value", item.pk])
    assert restore_url in deleted.content.decode()

    restored = client.post(restore_url, **HTMX)

    assert restored.status_code == 200
    assert "Restored" in text(restored)
    assert plan.value_items.filter(pk=item.pk).exists()


def test_delete_without_htmx_confirms_then_offers_undo_on_the_tab(world, client_for):
    plan = make_plan(world)
    item = add(plan, "profile", world.owner)
    url = reverse("plans:item-delete", args=[plan.pk, "profile", item.pk])
    client = client_for("owner")

    confirm = client.get(url)
    response = client.post(url, follow=True)

    assert "Delete this item?" in text(confirm)
    assert not plan.profile_items.exists()
    assert "Undo" in text(response)


def test_delete_of_an_item_changed_meanwhile_is_a_conflict(world, client_for):
    plan = make_plan(world)
    item = add(plan, "culture", world.owner)
    seen = item.updated_at.isoformat()
    item_update(user=world.member, item=item, data={"text": "Changed"})

    response = client_for("owner").post(
        reverse("plans:item-delete", args=[plan.pk, "culture", item.pk]),
        {"seen_updated_at": seen},
        **HTMX,
    )

    assert response.status_code == 409
    assert plan.culture_notes.filter(pk=item.pk).exists()


def test_item_detail_returns_the_row_for_cancel(world, client_for):
    plan = make_plan(world)
    item = add(plan, "goal", world.owner)
    url = reverse("plans:item", args=[plan.pk, "goal", item.pk])

    fragment = client_for("viewer").get(url, **HTMX)
    plain = client_for("viewer").get(url)

    assert fragment.status_code == 200 and SAMPLES["goal"]["title"] in text(fragment)
    assert plain.status_code == 302


def test_viewer_reads_without_edit_controls_and_cannot_write(world, client_for):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)
    client = client_for("viewer")

    html = client.get(section_url(plan, "swot")).content.decode()
    create = client.post(reverse("plans:item-create", args=[plan.pk, "swot"]), {"text": "x"})
    edit = client.get(reverse("plans:item-edit", args=[plan.pk, "swot", item.pk]))

    assert "add-form" not in html and "js-edit-link" not in html
    assert create.status_code == 403 and edit.status_code == 403


@pytest.mark.parametrize("user", ["outsider", "portal"])
def test_outsiders_and_portal_users_get_404(world, client_for, user):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)
    client = client_for(user)
    for url in (
        reverse("plans:detail", args=[plan.pk]),
        section_url(plan, "actions"),
        reverse("plans:item-edit", args=[plan.pk, "swot", item.pk]),
        reverse("plans:account", args=[world.account.pk]),
        reverse("plans:print", args=[plan.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_item_of_another_plan_is_404(world, client_for):
    plan = make_plan(world)
    other = make_plan(world, period="FY2024")
    item = add(other, "swot", world.owner)
    response = client_for("owner").get(reverse("plans:item-edit", args=[plan.pk, "swot", item.pk]))
    assert response.status_code == 404


def test_approved_plan_is_read_only_except_progress(world, client_for):
    plan = make_plan(world)
    swot = add(plan, "swot", world.owner)
    action = add(plan, "action", world.owner)
    plan = approved(world, plan)
    client = client_for("owner")

    html = client.get(section_url(plan, "actions")).content.decode()
    swot_html = client.get(section_url(plan, "swot")).content.decode()
    swot_edit = client.get(reverse("plans:item-edit", args=[plan.pk, "swot", swot.pk]))
    create = client.post(
        reverse("plans:item-create", args=[plan.pk, "swot"]),
        {"slot": "swot-S", "quadrant": "S", "factor": "cash_flow", "text": "x"},
    )
    form = client.get(reverse("plans:item-edit", args=[plan.pk, "action", action.pk]), **HTMX)
    saved = client.post(
        reverse("plans:item-edit", args=[plan.pk, "action", action.pk]),
        {
            "status": "in_progress",
            "progress_note": "Meeting booked",
            "seen_updated_at": action.updated_at.isoformat(),
        },
        **HTMX,
    )

    assert "approved and read-only" in text(client.get(section_url(plan, "actions")))
    assert "js-edit-link" in html and "add-form" not in html and "danger-link" not in html
    assert "js-edit-link" not in swot_html
    assert swot_edit.status_code == 403
    assert create.status_code == 200 and "approved" in text(create)
    assert 'name="title"' not in form.content.decode() and 'name="status"' in form.content.decode()
    assert saved.status_code == 200
    action.refresh_from_db()
    assert (action.status, action.progress_note) == ("in_progress", "Meeting booked")


def test_state_buttons_per_permission(world, client_for):
    plan = make_plan(world)
    plan_submit(user=world.owner, plan=plan)

    owner = text(client_for("owner").get(reverse("plans:detail", args=[plan.pk])))
    director = text(client_for("director").get(reverse("plans:detail", args=[plan.pk])))
    viewer = text(client_for("viewer").get(reverse("plans:detail", args=[plan.pk])))

    assert "Return to draft" in owner and ">Approve<" not in owner
    assert ">Approve<" in director
    assert "Return to draft" not in viewer and "Submit for review" not in viewer
