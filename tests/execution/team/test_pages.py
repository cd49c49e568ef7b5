"""Team pages: the account's team with coverage and inline editing, the team section of
the account page, the portfolio's team gaps, and the execution settings page."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.accounts.models import AccountTeamMember
from keyplan.execution.models import ExecutionSettings
from tests.factories import AccountFactory, BusinessUnitFactory, TeamMemberFactory, UserFactory


def _url(name, *args):
    return reverse(f"team:{name}", args=args)


def _entry(w) -> AccountTeamMember:
    return AccountTeamMember.objects.get(account=w.account, user=w.member)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- the account's team page ---------------------------------------------------------------


def test_team_page_shows_coverage_missing_functions_and_hours(world, client_for):
    unit = BusinessUnitFactory(name="Engineering")
    AccountTeamMember.objects.filter(user=world.member).update(
        function="technical", committed_hours=12, business_unit=unit
    )

    response = client_for("owner").get(_url("account", world.account.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Missing on this strategic account" in page
    assert "Service and support, Finance" in page
    assert 'id="total-hours">12<' in page
    assert "Engineering" in page and "Technical / engineering" in page
    assert "Add a team member" in page and "keyplan/team.js" in page


def test_viewer_reads_without_forms(world, client_for):
    page = client_for("viewer").get(_url("account", world.account.pk)).content.decode()

    assert "Add a team member" not in page
    assert "js-edit-link" not in page
    assert "Who covers what" in page


def test_no_warning_on_regular_accounts(world, client_for):
    world.account.account_class = "regular"
    world.account.save()

    page = client_for("owner").get(_url("account", world.account.pk)).content.decode()

    assert "Missing on this strategic account" not in page


def test_inline_edit_saves_and_returns_to_the_row(world, client_for):
    entry = _entry(world)
    client = client_for("owner")

    form = client.get(_url("account", world.account.pk) + f"?edit={entry.pk}").content.decode()
    response = client.post(
        _url("member-edit", entry.pk) + "?sort=hours&edit=1",
        {
            "function": "finance",
            "committed_hours": "8",
            "role": "Controller",
            "contribution": "Margins",
            "seen_updated_at": entry.updated_at.isoformat(),
        },
    )

    assert 'class="editing"' in form and "autofocus" in form and "js-cancel" in form
    assert response.status_code == 302
    assert response["Location"].endswith(f"?sort=hours#member-{entry.pk}")
    entry.refresh_from_db()
    assert (entry.function, entry.committed_hours, entry.role) == ("finance", 8, "Controller")


def test_stale_edit_answers_409_with_their_version(world, client_for):
    entry = _entry(world)
    seen = entry.updated_at.isoformat()
    entry.role = "Theirs"
    entry.save()

    response = client_for("owner").post(
        _url("member-edit", entry.pk), {"role": "Mine", "seen_updated_at": seen}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this member" in page and 'value="Theirs"' in page
    assert _entry(world).role == "Theirs"


def test_invalid_edit_answers_422_by_the_field(world, client_for):
    entry = _entry(world)

    response = client_for("owner").post(
        _url("member-edit", entry.pk), {"committed_hours": "999", "function": "nope"}
    )

    assert response.status_code == 422
    form = next(row["form"] for row in response.context["rows"] if row["form"] is not None)
    assert set(form.errors) >= {"committed_hours", "function"}


def test_add_on_the_team_page_and_invalid_add_keeps_the_form_open(world, client_for):
    client = client_for("owner")

    bad = client.post(_url("member-add", world.account.pk), {"user": world.member.pk})
    good = client.post(
        _url("member-add", world.account.pk),
        {"user": world.director.pk, "function": "management", "committed_hours": "2"},
    )

    assert bad.status_code == 422 and bad.context["add_open"]
    assert good.status_code == 302 and "#member-" in good["Location"]
    added = AccountTeamMember.objects.get(account=world.account, user=world.director)
    assert (added.function, added.committed_hours) == ("management", 2)


def test_remove_checks_the_version(world, client_for):
    entry = _entry(world)
    client = client_for("owner")

    stale = client.post(_url("member-remove", entry.pk), {"seen_updated_at": "2000-01-01T00:00Z"})
    done = client.post(
        _url("member-remove", entry.pk), {"seen_updated_at": entry.updated_at.isoformat()}
    )

    assert stale.status_code == 409
    assert done.status_code == 302
    assert not AccountTeamMember.objects.filter(pk=entry.pk).exists()


def test_edit_of_another_accounts_member_is_404(world, client_for):
    foreign = TeamMemberFactory(account=world.other_account)

    response = client_for("owner").post(_url("member-edit", foreign.pk), {"role": "x"})

    assert response.status_code == 404


# --- the account page's team section ---------------------------------------------------------


def test_account_page_shows_function_hours_warning_and_link(world, client_for):
    AccountTeamMember.objects.filter(user=world.member).update(
        function="service", committed_hours=5
    )

    page = client_for("owner").get(reverse("accounts:detail-people", args=[world.account.pk]))
    html = page.content.decode()

    assert 'id="team-missing"' in html and "Technical / engineering, Finance" in html
    assert 'id="team-hours">5<' in html
    assert _url("account", world.account.pk) in html
    assert _url("member-add", world.account.pk) in html  # the add form keeps the new fields
    assert 'name="committed_hours"' in html and 'name="function"' in html


def test_add_from_the_account_page_returns_there(world, client_for):
    detail = reverse("accounts:detail-people", args=[world.account.pk])

    ok = client_for("owner").post(
        _url("member-add", world.account.pk),
        {"user": world.director.pk, "function": "finance", "back": "detail"},
    )
    bad = client_for("owner").post(
        _url("member-add", world.account.pk), {"user": world.member.pk, "back": "detail"}
    )

    assert ok["Location"] == detail + "#team"
    assert bad["Location"] == detail + "#team"
    assert AccountTeamMember.objects.filter(user=world.director, function="finance").exists()


def test_account_page_team_section_makes_a_fixed_number_of_queries(world, client_for):
    client = client_for("owner")
    url = reverse("accounts:detail-people", args=[world.account.pk])
    _queries(client, url)  # warm up: the session and caches
    small = _queries(client, url)

    unit = BusinessUnitFactory()
    for code in ("service", "technical", "finance", "other", "marketing"):
        TeamMemberFactory(account=world.account, function=code, business_unit=unit)

    assert _queries(client, url) == small


def test_team_page_makes_a_fixed_number_of_queries(world, client_for):
    client = client_for("owner")
    url = _url("account", world.account.pk)
    _queries(client, url)  # warm up: the session and caches
    small = _queries(client, url)

    for code in ("service", "technical", "finance"):
        TeamMemberFactory(account=world.account, function=code, business_unit=BusinessUnitFactory())

    assert _queries(client, url) == small


# --- team gaps -----------------------------------------------------------------------------


def test_gaps_lists_strategic_accounts_with_missing_functions(world, client_for):
    response = client_for("member").get(_url("gaps"))

    page = response.content.decode()
    assert "Polmet Sp. z o.o." in page and "Service and support" in page
    assert "Other Customer GmbH" not in page


def test_gaps_filter_sort_and_empty_state(world, client_for):
    client = client_for("director")
    for code in ("service", "technical", "finance"):
        TeamMemberFactory(account=world.account, function=code)

    empty = client.get(_url("gaps")).content.decode()
    complete = client.get(_url("gaps") + "?show=all&sort=name").content.decode()
    nonsense = client.get(_url("gaps") + "?function=zzz&owner=abc&sort=zzz&page=x")

    assert "No team gap" in empty
    assert "Polmet Sp. z o.o." in complete and "complete" in complete
    assert nonsense.status_code == 200


def test_gaps_paginate(world, client_for, settings):
    settings.KEYPLAN_PAGE_SIZE = 2
    for n in range(3):
        AccountFactory(name=f"Strategic {n}", account_class="strategic")

    first = client_for("director").get(_url("gaps") + "?sort=name")
    second = client_for("director").get(_url("gaps") + "?sort=name&page=2")

    assert first.context["count"] == 4
    assert [r.name for r in first.context["page"].object_list] == [
        "Polmet Sp. z o.o.",
        "Strategic 0",
    ]
    assert [r.name for r in second.context["page"].object_list] == ["Strategic 1", "Strategic 2"]


def test_gaps_query_count_does_not_grow_with_accounts(world, client_for):
    client = client_for("director")
    _queries(client, _url("gaps"))  # warm up: the session and caches
    small = _queries(client, _url("gaps"))

    for n in range(6):
        account = AccountFactory(account_class="strategic", owner=UserFactory(role="kam"))
        TeamMemberFactory(account=account, function="service", business_unit=BusinessUnitFactory())

    assert _queries(client, _url("gaps")) == small


# --- settings ------------------------------------------------------------------------------


def test_manager_sees_the_form_with_checkboxes_and_the_note(world, client_for):
    page = client_for("director").get(_url("settings")).content.decode()

    assert 'type="checkbox" name="required_functions"' in page
    assert "normalised" in page and "autofocus" in page


def test_others_read_the_settings(world, client_for):
    page = client_for("member").get(_url("settings")).content.decode()

    assert '<form method="post" action="/execution/settings/"' not in page
    assert "Sales, Service and support, Technical / engineering, Finance" in page
    assert "Only administrators and sales directors" in page


def test_settings_save_shows_history_and_refuses_bad_input(world, client_for):
    client = client_for("admin")
    current = ExecutionSettings.load()
    form = {
        "saa_cadence": "monthly",
        "seven_s_cadence": "quarterly",
        "reminder_days": "3",
        "required_functions": ["service", "finance"],
        "weight_class": "1",
        "weight_score": "1",
        "weight_return": "1",
        "weight_completeness": "1",
        "seen_updated_at": current.updated_at.isoformat(),
    }

    saved = client.post(_url("settings"), form)
    stale = client.post(_url("settings"), form | {"reminder_days": "4"})
    zero = client.post(
        _url("settings"),
        form
        | {
            "seen_updated_at": "",
            "weight_class": "0",
            "weight_score": "0",
            "weight_return": "0",
            "weight_completeness": "0",
        },
    )
    page = client.get(_url("settings")).content.decode()

    assert saved.status_code == 302
    assert stale.status_code == 409 and zero.status_code == 422
    assert ExecutionSettings.load().required_functions == ["service", "finance"]
    assert ExecutionSettings.load().reminder_days == 3
    assert "Changes to the settings" in page and "<del>" in page
