"""My work: the selector and the page (actions due, checkpoints to answer, decisions,
my accounts' risks), with its query count pinned at two data sizes."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyplan.execution.models import ExecutionSettings
from keyplan.execution.work.selectors import checkpoints_due, my_work, requests_to_decide
from tests.competition.core_support import assess, competitor, criterion, presence, score
from tests.factories import AccountFactory, TeamMemberFactory
from tests.plans.support import add, make_plan

from .support import answer, checkpoint, decided, notice, request, unit

URL = "/execution/my-work/"


def _today():
    return timezone.localdate()


# --- actions -------------------------------------------------------------------------------


def test_my_actions_overdue_and_due_this_week(world, client_for):
    today = _today()
    week_end = today + timedelta(days=6 - today.weekday())
    plan = make_plan(world)
    add(
        plan,
        "action",
        world.owner,
        title="Late",
        owner_id=world.member.pk,
        due_on=today - timedelta(days=1),
    )
    add(plan, "action", world.owner, title="This week", owner_id=world.member.pk, due_on=week_end)
    add(
        plan,
        "action",
        world.owner,
        title="Next week",
        owner_id=world.member.pk,
        due_on=week_end + timedelta(days=1),
    )
    add(plan, "action", world.owner, title="Not mine", owner_id=world.owner.pk, due_on=today)

    work = my_work(world.member)

    assert [a.title for a in work.actions.rows] == ["Late", "This week"]
    assert work.overdue_actions == 1 and work.actions.total == 2
    page = client_for("member").get(URL).content.decode()
    assert "Late" in page and "This week" in page and "Next week" not in page
    assert "Not mine" not in page
    assert reverse("plans:my-actions") in page  # My actions stays one click away


def test_long_lists_are_cut_with_the_total(world):
    today = _today()
    plan = make_plan(world)
    for i in range(13):
        add(plan, "action", world.owner, title=f"A{i}", owner_id=world.member.pk, due_on=today)

    work = my_work(world.member)

    assert len(work.actions.rows) == 10 and work.actions.total == 13 and work.actions.more == 3


# --- checkpoints ---------------------------------------------------------------------------


def test_checkpoints_due_for_team_members_who_have_not_answered(world):
    today = _today()
    due = checkpoint(world.account)
    theirs = checkpoint(world.other_account)  # not my account

    assert list(checkpoints_due(world.member, today=today)) == [due]
    assert list(checkpoints_due(world.owner, today=today)) == [due]
    assert list(checkpoints_due(world.viewer, today=today)) == []  # read-only: never asked
    assert list(checkpoints_due(world.outsider, today=today)) == [theirs]  # owns the other
    assert list(checkpoints_due(world.director, today=today)) == []  # not on the team

    answer(due, world.member)
    assert list(checkpoints_due(world.member, today=today)) == []
    assert list(checkpoints_due(world.owner, today=today)) == [due]


def test_checkpoint_outside_the_reminder_window_or_superseded_is_not_due(world):
    today = _today()
    days = ExecutionSettings.load().reminder_days
    far = checkpoint(world.account, kind="seven_s", due_on=today + timedelta(days=days + 1))
    old = checkpoint(
        world.account, period_start=today - timedelta(days=70), due_on=today - timedelta(days=40)
    )
    assert list(checkpoints_due(world.member, today=today)) == [old]  # overdue, still open

    current = checkpoint(world.account)

    assert list(checkpoints_due(world.member, today=today)) == [current]
    assert far not in checkpoints_due(world.member, today=today)


def test_checkpoints_on_the_page_link_to_the_quick_form(world, client_for):
    checkpoint(world.account, due_on=_today() - timedelta(days=1))

    page = client_for("member").get(URL).content.decode()

    assert reverse("checkpoints:account", args=[world.account.pk]) in page
    assert "SAA checkpoint" in page and "Overdue" in page


# --- resource requests ---------------------------------------------------------------------


def test_requests_waiting_for_the_unit_head_and_managers(world, client_for):
    service = unit(head=world.member)
    finance = unit(code="finance")
    mine = request(world.account, service, world.owner, title="Engineer for the trial")
    other = request(world.account, finance, world.owner, title="Budget for the fair")
    request(world.account, service, world.owner, title="Withdrawn one", status="withdrawn")

    assert list(requests_to_decide(world.member)) == [mine]
    assert list(requests_to_decide(world.director)) == [mine, other]
    assert list(requests_to_decide(world.owner)) == []

    page = client_for("member").get(URL).content.decode()
    assert "Engineer for the trial" in page and "Budget for the fair" not in page
    assert reverse("resources:detail", args=[mine.pk]) in page
    assert "Hours: 40" in page


def test_my_requests_answered_in_the_last_30_days(world, client_for):
    service = unit()
    decided(
        world.account,
        service,
        world.owner,
        title="Approved last week",
        days_ago=7,
        decided_by=world.director,
    )
    decided(
        world.account,
        service,
        world.owner,
        title="Declined long ago",
        days_ago=45,
        status="declined",
    )
    decided(world.account, service, world.member, title="Someone else's", days_ago=1)
    request(world.account, service, world.owner, title="Still pending")

    work = my_work(world.owner)

    assert [r.title for r in work.answered.rows] == ["Approved last week"]
    page = client_for("owner").get(URL).content.decode()
    assert "Approved last week" in page and "Declined long ago" not in page
    assert "Still pending" not in page.split('id="my-requests"')[1]


# --- accounts I own ------------------------------------------------------------------------


def test_accounts_i_own_with_risks_alerts_and_overdue_actions(world, client_for):
    plan = make_plan(world)
    add(
        plan,
        "action",
        world.owner,
        title="Late",
        owner_id=world.member.pk,
        due_on=_today() - timedelta(days=2),
    )
    borex = competitor(world, "Borex")
    pres = presence(world, borex)
    assess(world, pres, {"support": 2}, on=_today() - timedelta(days=90))
    assess(world, pres, {"support": 4}, on=_today() - timedelta(days=1))
    top = criterion(world, "Quality", 80)
    score(world, top, None, 3)
    score(world, top, borex, 5)
    AccountFactory(name="Closed AG", owner=world.owner, status="closed")

    [row] = my_work(world.owner).accounts

    assert row.account_id == world.account.pk and row.overdue_actions == 1
    assert [a.code for a in row.alerts] == ["support_rising", "behind_on_top_criterion"]
    assert row.risks  # one contact and no link of ours: the zipper flags it
    page = client_for("owner").get(URL).content.decode()
    assert "Polmet" in page and "Borex" in page and "Closed AG" not in page
    assert reverse("competition:account", args=[world.account.pk]) in page
    assert my_work(world.member).accounts == []


def test_batched_alerts_match_the_competition_selector(world):
    from keyplan.competition.alerts.selectors import account_alerts
    from keyplan.execution.common.selectors import competition_alerts

    borex, acme = competitor(world, "Borex"), competitor(world, "Acme")
    for comp, scores in ((borex, (2, 4)), (acme, (3, 3))):
        pres = presence(world, comp)
        assess(world, pres, {"support": scores[0]}, on=_today() - timedelta(days=30))
        assess(world, pres, {"support": scores[1]}, on=_today())
    crit = criterion(world, "Price", 50)
    criterion(world, "Speed", 50)
    score(world, crit, None, 2)
    score(world, crit, acme, 4)
    score(world, crit, borex, 1)
    empty = AccountFactory(owner=world.owner)

    batched = competition_alerts([world.account.pk, empty.pk])

    assert batched[world.account.pk] == account_alerts(world.account)
    assert batched[empty.pk] == []


# --- the page ------------------------------------------------------------------------------


def test_empty_page_for_a_viewer(world, client_for):
    response = client_for("viewer").get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing of yours is overdue or due this week." in page
    assert "No checkpoint is waiting for your answers." in page
    assert "No request is waiting for your decision." in page
    assert "You own no open account." in page


def test_my_work_is_in_the_navigation_instead_of_my_actions(world, client_for):
    page = client_for("member").get(URL).content.decode()

    assert f'href="{URL}" aria-current="page"' in page
    assert ">My actions</a></li>" not in page


def test_unread_count_on_the_page(world, client_for):
    notice(world.owner, "one")
    notice(world.owner, "two")
    notice(world.owner, "read", read=True)

    assert my_work(world.owner).unread == 2


def _fill(world, n: int):
    """n accounts owned by world.owner, each with everything the page shows."""
    today = _today()
    service = unit(head=world.owner, code=f"unit-{n}")
    borex = competitor(world, f"Borex {n}")
    for i in range(n):
        account = AccountFactory(owner=world.owner, account_class="strategic")
        TeamMemberFactory(account=account, user=world.member)
        plan = make_plan(world, account=account, period=f"P{n}-{i}")
        add(plan, "action", world.owner, owner_id=world.owner.pk, due_on=today - timedelta(days=1))
        add(plan, "action", world.owner, owner_id=world.owner.pk, due_on=today)
        checkpoint(account)
        request(account, service, world.member)
        decided(account, service, world.owner, decided_by=world.director)
        pres = presence(world, borex, account=account)
        assess(world, pres, {"support": 2}, on=today - timedelta(days=9))
        assess(world, pres, {"support": 3}, on=today)
        crit = criterion(world, "Quality", 10, account=account)
        score(world, crit, None, 2)
        score(world, crit, borex, 4)
        notice(world.owner, f"n{i}", account=account)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_page_queries_do_not_grow_with_the_data(world, client_for):
    client = client_for("owner")
    _fill(world, 1)
    _queries(client)  # the first request creates the settings rows
    small = _queries(client)
    _fill(world, 4)
    large = _queries(client)

    assert small == large
    assert large <= 30


def test_the_page_shows_the_accounts_with_most_issues_first_and_counts_the_rest(world, client_for):
    from keyplan.execution.work.selectors import ACCOUNT_ROWS

    for index in range(ACCOUNT_ROWS + 2):
        AccountFactory(name=f"Quiet {index:03d}", owner=world.owner)
    plan = make_plan(world)  # world.account gets an overdue action: the most issues
    add(plan, "action", world.owner, title="Late", due_on=_today() - timedelta(days=2))

    work = my_work(world.owner)
    assert len(work.accounts) == ACCOUNT_ROWS + 3  # the API returns them all
    assert work.accounts_shown[0].account_id == world.account.pk
    assert len(work.accounts_shown) == ACCOUNT_ROWS and work.accounts_more == 3

    page = client_for("owner").get(URL).content.decode()
    # Polmet (an overdue action) first, then the quiet ones by name: the last three wait.
    assert "Polmet" in page and "Quiet 000" in page and "Quiet 023" in page
    assert not any(f"Quiet {index:03d}" in page for index in (24, 25, 26))
    assert "And 3 more, with fewer issues" in page
    assert f'href="/accounts/?owner={world.owner.pk}"' in page


def test_no_more_line_when_every_owned_account_fits(world, client_for):
    page = client_for("owner").get(URL).content.decode()
    assert "Polmet" in page and "with fewer issues" not in page
