"""The demo's execution data (keyplan.demo.execution): teams, heads, capacity, a year
of checkpoints with a trend, a contested resource board and a few notifications."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest

from keyplan.accounts.models import Account, AccountTeamMember
from keyplan.demo import services
from keyplan.demo.accounts.domain import generate
from keyplan.demo.execution.domain import HEADS, TOP_ACCOUNTS
from keyplan.demo.execution.services import seed_execution
from keyplan.demo.plans.services import seed_plans
from keyplan.execution.models import (
    Checkpoint,
    CheckpointAnswer,
    Notification,
    ResourceRequest,
    UnitCapacity,
)
from keyplan.execution.review.domain import checkpoint_result
from keyplan.users.models import BusinessUnit, User

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(db):
    services.demo_load(generate(seed=42, accounts=60))
    seed_plans(
        accounts=Account.objects.select_related("owner"),
        users={u.username: u for u in User.objects.all()},
        rng=random.Random(47),
        today=TODAY,
    )
    return seed_execution(rng=random.Random(50), today=TODAY)


def _top() -> list[Account]:
    return sorted(
        (a for a in Account.objects.filter(account_class="strategic") if a.owner_id),
        key=lambda a: (-(a.annual_revenue or 0), a.pk),
    )[:TOP_ACCOUNTS]


def test_teams_heads_and_capacity(demo):
    assert demo["heads"] == len(HEADS)
    heads = dict(BusinessUnit.objects.values_list("code", "head__username"))
    assert heads == HEADS
    members = AccountTeamMember.objects.select_related("user")
    assert all(m.function for m in members)
    assert all(m.committed_hours for m in members if m.user.role != "viewer")
    strategic = Account.objects.filter(account_class="strategic")
    functions = defaultdict(set)
    for account_id, function in members.values_list("account_id", "function"):
        functions[account_id].add(function)
    gaps = [a for a in strategic if not {"service", "finance"} <= functions[a.pk]]
    assert 0 < len(gaps) < strategic.count() / 3  # a few gaps left, most covered
    months = sorted(set(UnitCapacity.objects.values_list("month", flat=True)))
    assert months[0] == date(2026, 11, 1) and len(months) == 6
    assert demo["capacities"] == UnitCapacity.objects.count()


def test_a_year_of_checkpoints_with_a_trend(demo):
    top = _top()
    assert demo["checkpoints"] == Checkpoint.objects.count() == len(top) * 17
    assert demo["answers"] == CheckpointAnswer.objects.count()
    first = top[0]
    kinds = Counter(Checkpoint.objects.filter(account=first).values_list("kind", flat=True))
    assert kinds == {"saa": 13, "seven_s": 4}

    def averages(account, kind):
        rows = []
        for checkpoint in Checkpoint.objects.filter(account=account, kind=kind).order_by(
            "period_start"
        ):
            answers = list(checkpoint.answers.values_list("user_id", "element", "score"))
            if answers:
                rows.append(checkpoint_result(checkpoint, answers).average)
        return rows

    improving = averages(top[0], "saa")
    declining = averages(top[2], "saa")
    assert improving[-1] - improving[0] >= 1
    assert declining[0] - declining[-1] >= 1
    # the current month is open: the team answered, the KAM not yet
    current = Checkpoint.objects.get(account=first, kind="saa", period_start=date(2026, 11, 1))
    assert current.due_on == date(2026, 11, 30)
    assert not current.answers.filter(user=first.owner).exists()
    latest = Checkpoint.objects.filter(account=top[4], kind="saa").order_by("-period_start")[1]
    result = checkpoint_result(
        latest, list(latest.answers.values_list("user_id", "element", "score"))
    )
    assert {e.element for e in result.disagreements} >= {"information", "people"}


def _load(request) -> dict[date, Decimal]:
    months = []
    month = request.period_start.replace(day=1)
    while month <= request.period_end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    granted = request.granted_amount
    each = granted if request.resource_type == "expert" else granted / len(months)
    return dict.fromkeys(months, each)


def test_a_contested_resource_board(demo):
    requests = list(ResourceRequest.objects.select_related("business_unit", "requested_by"))
    assert 10 <= len(requests) == demo["requests"] <= 20
    statuses = Counter(r.status for r in requests)
    assert statuses["pending"] >= 4 and statuses["approved"] >= 4
    assert statuses["partly_approved"] and statuses["declined"] and statuses["withdrawn"]
    assert len({r.requested_by_id for r in requests}) >= 3  # several KAMs
    assert all(r.decided_by == r.business_unit.head for r in requests if r.decided_at)
    for r in requests:
        if r.status == "partly_approved":
            assert 0 < r.granted_amount < r.amount
        if r.status in ("partly_approved", "declined"):
            assert r.decision_reason
    capacity = {
        (c.business_unit_id, c.resource_type, c.month): c.amount for c in UnitCapacity.objects.all()
    }
    used: dict[tuple, Decimal] = defaultdict(Decimal)
    for r in requests:
        if r.status in ("approved", "partly_approved"):
            for month, load in _load(r).items():
                used[(r.business_unit_id, r.resource_type, month)] += load
    assert all(used[key] <= capacity[key] for key in used)  # what is granted fits
    assert any(used[key] >= capacity[key] * Decimal("0.8") for key in used)  # nearly full


def test_notifications_and_determinism(demo):
    mine = Notification.objects.filter(kind__in=("request", "decision", "checkpoint"))
    assert demo["notifications"] == mine.count() > 0
    assert set(mine.values_list("kind", flat=True)) == {"request", "decision", "checkpoint"}
    assert all(n.url and n.key for n in mine)
    scores = list(
        CheckpointAnswer.objects.order_by(
            "checkpoint__account_id",
            "checkpoint__kind",
            "checkpoint__period_start",
            "user_id",
            "element",
        ).values_list("score", flat=True)
    )
    Checkpoint.objects.all().delete()
    ResourceRequest.objects.all().delete()
    mine.delete()
    again = seed_execution(rng=random.Random(50), today=TODAY)
    assert again["answers"] == demo["answers"]
    assert scores == list(
        CheckpointAnswer.objects.order_by(
            "checkpoint__account_id",
            "checkpoint__kind",
            "checkpoint__period_start",
            "user_id",
            "element",
        ).values_list("score", flat=True)
    )
