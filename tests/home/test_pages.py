"""Home by role: what "/" shows each internal role (portal users go to the portal), the
getting-started checklist, and queries that do not grow with the data."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyplan.economics.home import domain
from keyplan.economics.models import HealthSnapshot
from keyplan.portfolio.models import Snapshot, SnapshotRow, Suggestion
from keyplan.sales.figures.domain import add_months
from keyplan.stakeholders.models import Interaction
from tests.execution.work.support import checkpoint, request, unit
from tests.factories import AccountFactory
from tests.plans.support import add, make_plan

HOME = reverse("home")


def _page(client_for, name: str) -> str:
    response = client_for(name).get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def _interaction(account, *, days: int, subject: str, next_step: str = "") -> Interaction:
    return Interaction.objects.create(
        account=account,
        kind="meeting",
        occurred_on=timezone.localdate() + timedelta(days=days),
        subject=subject,
        next_step=next_step,
    )


def test_each_role_gets_its_home(world, client_for):
    assert "Portfolio norms" in _page(client_for, "director")
    assert "Portfolio norms" in _page(client_for, "admin")
    kam = _page(client_for, "owner")
    assert "Next meetings" in kam and "My accounts by health" in kam
    assert "Portfolio norms" not in kam
    for name in ("member", "viewer"):
        page = _page(client_for, name)
        assert "My actions" in page and "Checkpoints to answer" in page
        assert "Next meetings" not in page
    portal = client_for("portal").get(HOME)
    assert portal.status_code == 302 and portal["Location"] == reverse("portal-home")


def test_the_account_list_stays_at_accounts(world, client_for):
    assert client_for("owner").get(reverse("accounts:list")).status_code == 200
    assert reverse("accounts:list") in _page(client_for, "owner")


def test_getting_started_on_an_almost_empty_database(world, client_for):
    page = _page(client_for, "admin")
    assert "Getting started" in page and "1 of 4 done." in page
    assert reverse("imports:upload") in page and reverse("portfolio:classes") in page
    # a viewer may take none of the steps: no links, the same ticks
    viewer = _page(client_for, "viewer")
    assert "Getting started" in viewer and reverse("imports:upload") not in viewer


def test_the_checklist_goes_when_every_step_is_done(world, client_for):
    from keyplan.sales.models import InvoiceLine

    make_plan(world)
    Snapshot.objects.create(
        metric="revenue", date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), currency="PLN"
    )
    InvoiceLine.objects.create(
        account=world.account,
        document_number="FV/1",
        line_key="1",
        date=date(2025, 1, 31),
        revenue=100,
        cost=60,
        currency="PLN",
    )
    assert "Getting started" not in _page(client_for, "owner")


def test_kam_sees_todays_and_this_weeks_actions(world, client_for):
    today = timezone.localdate()
    plan = make_plan(world)
    add(
        plan,
        "action",
        world.owner,
        title="Late call",
        owner_id=world.owner.pk,
        due_on=today - timedelta(days=2),
    )
    add(
        plan,
        "action",
        world.owner,
        title="Far away",
        owner_id=world.owner.pk,
        due_on=today + timedelta(days=30),
    )
    page = _page(client_for, "owner")
    assert "Late call" in page and "Far away" not in page
    assert page.index("Today") < page.index("Late call")


def test_kam_sees_meetings_next_steps_checkpoints(world, client_for):
    _interaction(world.account, days=3, subject="Quarterly review")
    _interaction(world.account, days=-5, subject="Plant visit", next_step="Send the offer")
    _interaction(world.other_account, days=2, subject="Not my meeting")
    checkpoint(world.account)

    page = _page(client_for, "owner")

    assert "Quarterly review" in page and "Send the offer" in page
    assert "Not my meeting" not in page
    assert reverse("checkpoints:account", args=[world.account.pk]) in page


def test_kam_sees_health_of_own_accounts_only(world, client_for):
    page = _page(client_for, "owner")
    assert reverse("economics:account-health", args=[world.account.pk]) in page
    assert reverse("economics:account-health", args=[world.other_account.pk]) not in page


def _director_data(world):
    month = timezone.localdate().replace(day=1)
    HealthSnapshot.objects.create(account=world.account, month=add_months(month, -1), score=80)
    HealthSnapshot.objects.create(account=world.account, month=month, score=55)
    snapshot = Snapshot.objects.create(
        metric="revenue", date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), currency="PLN"
    )
    SnapshotRow.objects.create(
        snapshot=snapshot, account=world.account, class_before="regular", class_after="strategic"
    )
    Suggestion.objects.create(
        account=world.other_account,
        from_class="suspect",
        to_class="prospect",
        reason="first_sale",
        evidence={"revenue": "100", "currency": "EUR"},
    )
    request(world.account, unit(head=world.director), world.owner, title="Engineer for a week")


def test_director_sees_movement_suggestions_decisions_and_slipping(world, client_for):
    _director_data(world)
    page = _page(client_for, "director")
    assert "Regular → Strategic: 1" in page
    assert "Other Customer GmbH" in page and "Suspect → Prospect" in page
    assert "Engineer for a week" in page
    assert "80 → 55" in page


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(HOME).status_code == 200
    return len(ctx.captured_queries)


def _grow(world, n: int):
    for i in range(n):
        account = AccountFactory(name=f"Grown {n}-{i}", owner=world.owner)
        account.team.create(user=world.member)
        plan = make_plan(world, account=account)
        add(
            plan,
            "action",
            world.owner,
            title=f"A{i}",
            owner_id=world.owner.pk,
            due_on=timezone.localdate(),
        )
        add(
            plan,
            "action",
            world.owner,
            title=f"M{i}",
            owner_id=world.member.pk,
            due_on=timezone.localdate(),
        )
        _interaction(account, days=1, subject=f"Meet {i}", next_step="Call back")
        _interaction(account, days=-1, subject=f"Met {i}", next_step="Call back")
        checkpoint(account)
        Suggestion.objects.create(
            account=account, from_class="suspect", to_class="prospect", reason="first_sale"
        )


def test_queries_do_not_grow_with_the_data(world, client_for, monkeypatch):
    # Lists are cut at LIMIT rows (with a count when there are more): cut them at 2, so
    # that both data sizes have more rows than that.
    monkeypatch.setattr(domain, "LIMIT", 2)
    _director_data(world)
    for name in ("owner", "director", "member"):
        client = client_for(name)
        client.get(HOME)  # the first request creates the settings rows
    _grow(world, 5)
    small = {name: _queries(client_for(name)) for name in ("owner", "director", "member")}
    _grow(world, 5)
    large = {name: _queries(client_for(name)) for name in ("owner", "director", "member")}
    assert small == large
    assert large["member"] <= 20 and large["director"] <= 30
    # the account manager's home reads the warnings and the health of their accounts
    assert large["owner"] <= 100
