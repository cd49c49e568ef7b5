"""The review pack (SPEC §6.5): the selectors, the pages, access and bounded queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.execution.models import (
    Checkpoint,
    CheckpointAnswer,
    CheckpointKind,
    ResourceRequest,
    ResourceType,
)
from keyplan.execution.review import selectors as review
from keyplan.execution.review.domain import checkpoint_result
from keyplan.sales.models import MonthlyRollup
from tests.competition.core_support import (
    THIS_YEAR_END,
    THIS_YEAR_START,
    assess,
    competitor,
    criterion,
    presence,
    score,
)
from tests.factories import AccountFactory, BusinessUnitFactory, TeamMemberFactory
from tests.plans.support import add, make_plan

TODAY = date.today()


def _month(offset: int) -> date:
    index = TODAY.year * 12 + TODAY.month - 1 - offset
    return date(index // 12, index % 12 + 1, 1)


def _checkpoint(account, kind, period_start, scores: dict[object, dict[str, int]]) -> Checkpoint:
    checkpoint = Checkpoint.objects.create(
        account=account, kind=kind, period_start=period_start, due_on=period_start
    )
    CheckpointAnswer.objects.bulk_create(
        CheckpointAnswer(checkpoint=checkpoint, user=user, element=element, score=value)
        for user, by_element in scores.items()
        for element, value in by_element.items()
    )
    return checkpoint


def _fill(world, account, n: int) -> None:
    """Data of every kind the review reads, `n` of each."""
    owner = account.owner
    MonthlyRollup.objects.bulk_create(
        MonthlyRollup(
            account=account,
            month=_month(m),
            currency="PLN",
            revenue=Decimal(1000 + 10 * m),
            cost=Decimal(600),
            product_line=f"line{i}",
        )
        for m in range(3 * n)
        for i in range(n)
    )
    plan = make_plan(
        world,
        user=owner,
        account=account,
        period=f"FY{TODAY.year}",
        starts_on=THIS_YEAR_START,
        ends_on=THIS_YEAR_END,
    )
    for i in range(n):
        add(plan, "goal", owner, title=f"Goal {i}", target="50000.00")
        add(plan, "action", owner, title=f"Late {i}", due_on=TODAY - timedelta(days=i + 1))
    unit = BusinessUnitFactory(code="svc", name="Service")
    for i in range(n):
        ResourceRequest.objects.create(
            account=account,
            business_unit=unit,
            resource_type=ResourceType.HOURS,
            amount=Decimal(10 + i),
            period_start=TODAY,
            period_end=TODAY + timedelta(days=30),
            title=f"Hours {i}",
            currency="PLN",
            requested_by=owner,
        )
    member = TeamMemberFactory(account=account).user
    for i in range(n):
        _checkpoint(
            account,
            CheckpointKind.SAA,
            _month(i + 1),
            {
                owner: {"information": 4, "people": 2, "action": 4},
                member: {"information": 2, "people": 3, "action": 5},
            },
        )
    rival = competitor(world, f"Rival {account.pk}")
    pres = presence(world, rival, account=account)
    assess(world, pres, {"support": 2}, on=TODAY - timedelta(days=90))
    assess(world, pres, {"support": 4}, on=TODAY - timedelta(days=10))
    top = criterion(world, f"Quality {account.pk}", 80, account=account)
    score(world, top, None, 3)
    score(world, top, rival, 5)


# --- pure parts ---------------------------------------------------------------------------


def test_checkpoint_result_average_spread_weakest_and_trend():
    checkpoint = Checkpoint(kind=CheckpointKind.SAA, period_start=TODAY, due_on=TODAY)
    answers = [
        (1, "information", 4),
        (2, "information", 2),
        (1, "people", 3),
        (2, "people", 3),
        (1, "action", 5),
        (2, "action", 4),
    ]
    result = checkpoint_result(checkpoint, answers, [(1, "information", 1)])
    assert [e.element for e in result.elements] == ["information", "people", "action"]
    info, people, action = result.elements
    assert info.average == Decimal("3.0") and info.spread == Decimal("1.0") and info.raters == 2
    assert info.disagreement and not people.disagreement
    # a tie at 3.0: the first element in the kind's order is the weakest
    assert result.weakest is info and not people.weakest
    assert action.average == Decimal("4.5") and result.raters == 2
    assert result.average == Decimal("3.5") and result.previous_average == Decimal("1.0")
    assert result.trend == "up"
    alone = checkpoint_result(checkpoint, answers)
    assert alone.trend == "" and alone.previous_average is None


def test_checkpoint_result_without_answers_of_an_element():
    checkpoint = Checkpoint(kind=CheckpointKind.SEVEN_S, period_start=TODAY, due_on=TODAY)
    result = checkpoint_result(checkpoint, [(1, "skills", 2)])
    assert [e.element for e in result.elements] == ["skills"]
    assert result.weakest.element == "skills" and result.average == Decimal("2.0")


# --- the selector -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_account_review_gathers_everything(world):
    _fill(world, world.account, 2)
    other = AccountFactory(owner=world.outsider)
    MonthlyRollup.objects.create(
        account=other, month=_month(0), currency="PLN", revenue=Decimal("99999999"), cost=0
    )
    found = review.account_review(world.account)
    assert found.rank == 2 and found.ranked == 2
    assert found.gross_profit > 0 and len(found.months) == review.TREND_MONTHS
    assert found.plan is not None and [g.title for g, _p in found.goals] == ["Goal 0", "Goal 1"]
    assert all(p.percent is not None for _g, p in found.goals)
    assert [a.title for a in found.overdue] == ["Late 1", "Late 0"] and found.overdue_count == 2
    assert found.request_count == 2
    [saa] = found.checkpoints
    assert saa.checkpoint.period_start == _month(1) and saa.raters == 2
    assert saa.weakest.element == "people"
    assert [e.element for e in saa.disagreements] == ["information"]
    assert saa.trend == "flat"
    messages = [r.message for r in found.risks if r.severity == "alert"]
    assert any("Rival" in m for m in messages)


@pytest.mark.django_db
def test_empty_account_review(world):
    found = review.account_review(world.account)
    assert found.rank is None and found.period is None and found.plan is None
    assert found.goals == [] and found.checkpoints == [] and found.requests == []


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as ctx:
        function()
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_reviews_for_a_fixed_number_of_queries(world):
    accounts = [world.account] + [AccountFactory(owner=world.owner) for _ in range(2)]
    _fill(world, accounts[0], 1)
    review.reviews_for(accounts)  # the settings rows are created on first use
    small = _queries(lambda: review.reviews_for(accounts))
    for account in accounts[1:]:
        _fill(world, account, 3)
    more = [*accounts, *(AccountFactory(owner=world.owner) for _ in range(5))]
    assert _queries(lambda: review.reviews_for(more)) == small
    assert small <= 30


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_account_page_shows_the_review(world, client_for):
    _fill(world, world.account, 1)
    response = client_for("viewer").get(reverse("review:account", args=[world.account.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Goal 0", "Late 0", "Hours 0", "Information alignment", "js-review-chart"):
        assert text in html
    assert "<script>" not in html and "style=" not in html


@pytest.mark.django_db
def test_account_page_gives_the_rank_without_the_company_total(world, client_for):
    """The number of ranked accounts would tell a viewer the size of the whole portfolio."""
    _fill(world, world.account, 1)
    for n in range(3):
        MonthlyRollup.objects.create(
            account=AccountFactory(owner=world.outsider),
            month=_month(0),
            currency="PLN",
            revenue=Decimal(10 + n),
            cost=0,
        )
    html = client_for("viewer").get(reverse("review:account", args=[world.account.pk]))
    text = html.content.decode()
    assert "by gross profit across the company" in text
    assert " of 4 by gross profit" not in text and " of 4 " not in text


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["outsider", "portal"])
def test_account_page_hidden_from_outsiders(world, client_for, user):
    response = client_for(user).get(reverse("review:account", args=[world.account.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_portfolio_pack_lists_visible_strategic_accounts(world, client_for):
    AccountFactory(name="Hidden Strategic", owner=world.outsider, account_class="strategic")
    AccountFactory(name="Mine Regular", owner=world.owner, account_class="regular")
    html = client_for("owner").get(reverse("review:portfolio")).content.decode()
    assert world.account.name in html
    assert "Hidden Strategic" not in html and "Mine Regular" not in html
    everything = client_for("director").get(reverse("review:portfolio") + "?all=1")
    assert "Hidden Strategic" in everything.content.decode()


@pytest.mark.django_db
def test_portfolio_pack_empty_state(world, client_for):
    world.account.account_class = "regular"
    world.account.save()
    html = client_for("member").get(reverse("review:portfolio")).content.decode()
    assert "No strategic account to review." in html


@pytest.mark.django_db
def test_portfolio_pack_paginates_with_fixed_queries(world, client_for):
    client = client_for("director")
    url = reverse("review:portfolio")

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        AccountFactory(name=f"Zeta {i}", owner=world.owner, account_class="strategic")
    _fill(world, world.account, 1)
    count(url)  # the settings rows are created on first use
    small = count(url)
    for i in range(2, 27):
        account = AccountFactory(name=f"Zeta {i:02}", owner=world.owner, account_class="strategic")
        if i % 5 == 0:
            _fill(world, account, 2)
    assert count(url) == small
    # the same queries (fewer where a page has no data of a kind: an empty IN is not run)
    assert count(url + "?page=2") <= small
    assert count(url + "?all=1") <= small + 1  # no paginator count
    page_two = client.get(url + "?page=2").content.decode()
    assert page_two.count('class="review-page"') == 28 - 20
