"""The demo's execution data (issue #8): account teams with functions and committed
hours, business-unit heads and their monthly capacity, a year of SAA checkpoints and
quarterly 7S surveys at the top strategic accounts, a contested resource board, and a
few notifications.

- Teams: every member gets the function of their unit and the hours they commit; most
  strategic accounts get a service and a finance person where they lacked one, a few
  keep a gap (the team page shows "missing: service, finance").
- Checkpoints: monthly SAA for the last 12 months and quarterly 7S for the last 4
  quarters at the 8 largest strategic accounts, each answered by the team and the KAM.
  Three accounts improve over the year, one declines, the others stay level; at one the
  service person sees information and people alignment very differently from the rest
  (disagreement). The current month's SAA is open, answered by some, so reminders and
  "my work" have something to show.
- Resource board: 16 requests by the four KAMs to the service, R&D, logistics and sales
  units for the next three months: approved, partly approved, declined, withdrawn and
  pending ones; what is granted leaves little capacity, so the pending ones compete.

Everything is written in bulk (checkpoints and answers without history: they are
seeded, nobody edited them; requests with one history row each). Deterministic for a
given random generator and day.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from keyplan.accounts.models import Account, AccountTeamMember
from keyplan.execution.checkpoints.domain import due_on, period_start
from keyplan.execution.common import messages
from keyplan.execution.models import (
    Checkpoint,
    CheckpointAnswer,
    ExecutionSettings,
    Notification,
    ResourceRequest,
    UnitCapacity,
)
from keyplan.plans.models import CURRENT_STATES, Goal
from keyplan.portfolio.models import PortfolioSettings
from keyplan.users.models import BusinessUnit, User

from ..accounts.domain import DEMO_USERNAMES, language, team_role
from .domain import (
    CAPACITY,
    CAPACITY_MONTHS,
    COMMENTS,
    FUNCTION_OF_UNIT,
    HEADS,
    OFFSET,
    REQUESTS,
    SAA_ELEMENTS,
    SEVEN_S_ELEMENTS,
    TOP_ACCOUNTS,
    add_months,
    alignment_level,
)
from .texts import request_text

# Account id -> (user id, unit code, role) of its team members.
TeamByAccount = dict[int, list[tuple[int, str, str]]]
# A checkpoint to write with what its answers follow: (checkpoint, the account's profile,
# progress over the year, the elements, who answers (user id, unit code), account index).
Round = tuple[Checkpoint, str, float, tuple[str, ...], list[tuple[int, str]], int]


def seed_execution(*, rng: random.Random, today: date | None = None) -> dict[str, int]:
    """Write the demo's execution data over the accounts in the database (see the
    module docstring); returns counts for the loader's summary."""
    today = today or timezone.localdate()
    ExecutionSettings.load()
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    units = {u.code: u for u in BusinessUnit.objects.all()}
    for code, username in HEADS.items():
        if code in units and username in users:
            units[code].head = users[username]
    BusinessUnit.objects.bulk_update(list(units.values()), ["head"])
    strategic = sorted(
        (
            a
            for a in Account.objects.select_related("owner").filter(account_class="strategic")
            if a.owner_id
        ),
        key=lambda a: (-(a.annual_revenue or 0), a.pk),
    )
    # One generator per part: re-running a part (the tests do) gives the same rows.
    team_rng, checkpoint_rng, request_rng = (random.Random(rng.random()) for _ in range(3))
    members = _teams(strategic, units, users, team_rng)
    capacities = _capacities(units, today)
    top = strategic[:TOP_ACCOUNTS]
    team_by_account: TeamByAccount = {}
    for account_id, user_id, unit, role in AccountTeamMember.objects.filter(
        account__in=top
    ).values_list("account_id", "user_id", "business_unit__code", "user__role"):
        team_by_account.setdefault(account_id, []).append((user_id, unit or "", role))
    checkpoints, answers = _checkpoints(top, team_by_account, checkpoint_rng, today)
    requests = _requests(top, units, users, request_rng, today) if top else []
    notifications = _notifications(requests, top, today)
    return {
        "team_members": members,
        "heads": sum(1 for u in units.values() if u.head_id),
        "capacities": capacities,
        "checkpoints": checkpoints,
        "answers": answers,
        "requests": len(requests),
        "notifications": notifications,
    }


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _teams(
    strategic: list[Account],
    units: dict[str, BusinessUnit],
    users: dict[str, User],
    rng: random.Random,
) -> int:
    """Every team member gets the function of their unit and the hours they commit; most
    strategic accounts get a service and a finance person where they lacked one."""
    members = list(AccountTeamMember.objects.select_related("business_unit", "user"))
    for member in members:
        unit = member.business_unit.code if member.business_unit else ""
        if member.user.role == "viewer":
            member.function, member.committed_hours = "other", None
            continue
        function, (low, high) = FUNCTION_OF_UNIT.get(unit, ("other", (2, 4)))
        member.function, member.committed_hours = function, rng.randint(low, high)
    bulk_update_with_history(
        members, AccountTeamMember, ["function", "committed_hours"], batch_size=500
    )
    added = _fill_gaps(strategic, members, units, users, rng)
    bulk_create_with_history(added, AccountTeamMember, batch_size=500)
    return len(members) + len(added)


def _fill_gaps(
    strategic: list[Account],
    members: list[AccountTeamMember],
    units: dict[str, BusinessUnit],
    users: dict[str, User],
    rng: random.Random,
) -> list[AccountTeamMember]:
    """The service and finance people added where a strategic account lacks them; every
    fourth strategic account keeps its gaps, so the coverage warning shows."""
    on_team: dict[int, set[str]] = {}
    for member in members:
        on_team.setdefault(member.account_id, set()).add(member.function)
    added = []
    for index, account in enumerate(strategic):
        if index % 4 == 3:
            continue
        have = on_team.get(account.pk, set())
        for function, username, unit in (
            ("service", "tomasz.wisniewski", "service"),
            ("finance", "ewa.mazur", "finance"),
        ):
            user = users.get(username)
            if function in have or user is None:
                continue
            if any(m.account_id == account.pk and m.user_id == user.pk for m in members):
                continue
            low, high = FUNCTION_OF_UNIT[unit][1]
            role, contribution = team_role(unit)
            added.append(
                AccountTeamMember(
                    account=account,
                    user=user,
                    business_unit=units.get(unit),
                    role=role,
                    contribution=contribution,
                    function=function,
                    committed_hours=rng.randint(low, high),
                )
            )
    return added


def _capacities(units: dict[str, BusinessUnit], today: date) -> int:
    first = today.replace(day=1)
    rows = [
        UnitCapacity(business_unit=units[code], resource_type=kind, month=month, amount=amount)
        for code, per_type in CAPACITY.items()
        if code in units
        for kind, amount in per_type.items()
        for month in (add_months(first, n) for n in range(CAPACITY_MONTHS))
    ]
    UnitCapacity.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _raters(account: Account, team_by_account: TeamByAccount) -> list[tuple[int, str]]:
    """(user id, unit code) of the people who answer: the KAM, then the team."""
    owner_id = account.owner_id
    assert owner_id is not None  # seed_execution picks owned accounts only
    raters = [(owner_id, "sales")]
    for user_id, unit, role in team_by_account.get(account.pk, []):
        if role != "viewer" and user_id != account.owner_id:
            raters.append((user_id, unit))
    return raters


def _checkpoints(
    top: list[Account], team_by_account: TeamByAccount, rng: random.Random, today: date
) -> tuple[int, int]:
    """Write the checkpoints and their answers; how many of each."""
    rounds = _rounds(top, team_by_account, today)
    Checkpoint.objects.bulk_create([r[0] for r in rounds], ignore_conflicts=True)
    saved = {
        (c.account_id, c.kind, c.period_start): c
        for c in Checkpoint.objects.filter(account__in=top)
    }
    answers = []
    for checkpoint, profile, progress, elements, answered_by, index in rounds:
        saved_checkpoint = saved[(checkpoint.account_id, checkpoint.kind, checkpoint.period_start)]
        answers += _answers(
            saved_checkpoint,
            alignment_level(profile, progress),
            progress,
            elements,
            answered_by,
            index,
            rng,
        )
    CheckpointAnswer.objects.bulk_create(answers, batch_size=1000, ignore_conflicts=True)
    return len(rounds), len(answers)


def _rounds(top: list[Account], team_by_account: TeamByAccount, today: date) -> list[Round]:
    """Monthly SAA for the last 12 months and quarterly 7S for the last 4 quarters, and
    the current month's SAA, open, answered by the team but not yet by the KAM. Three
    accounts improve over the year, one declines, the others stay level."""
    profiles = ["improving", "improving", "declining", "improving"]
    rounds: list[Round] = []
    current_saa = period_start(today, "monthly")
    quarter = period_start(today, "quarterly")
    for index, account in enumerate(top):
        profile = profiles[index] if index < len(profiles) else "level"
        raters = _raters(account, team_by_account)
        schedule: list[tuple[str, date, float, tuple[str, ...]]] = [
            ("saa", add_months(current_saa, -n), 1 - n / 12, SAA_ELEMENTS) for n in range(12, 0, -1)
        ]
        schedule += [
            ("seven_s", add_months(quarter, -3 * n), 1 - n / 4, SEVEN_S_ELEMENTS)
            for n in range(4, 0, -1)
        ]
        for kind, start, progress, elements in schedule:
            due = due_on(start, "monthly" if kind == "saa" else "quarterly")
            checkpoint = Checkpoint(
                account=account,
                kind=kind,
                period_start=start,
                due_on=due,
                created_by_id=account.owner_id,
                reminded_at=_aware(due - timedelta(days=5)),
            )
            rounds.append((checkpoint, profile, progress, elements, raters, index))
        checkpoint = Checkpoint(
            account=account,
            kind="saa",
            period_start=current_saa,
            due_on=due_on(current_saa, "monthly"),
            created_by_id=account.owner_id,
        )
        rounds.append((checkpoint, profile, 1.0, SAA_ELEMENTS, raters[1:], index))
    return rounds


def _answers(
    checkpoint: Checkpoint,
    level: float,
    progress: float,
    elements: tuple[str, ...],
    answered_by: list[tuple[int, str]],
    index: int,
    rng: random.Random,
) -> list[CheckpointAnswer]:
    """Everyone's scores around the account's `level`, each element at its usual distance.
    Disagreement at the fifth account: in the last months one team member (the service
    person where there is one) sees information and people alignment far lower than the
    KAM and the others."""
    units = [unit for _user, unit in answered_by]
    dissenter = units.index("service") if "service" in units else len(units) - 1
    answers = []
    for position, (user_id, _unit) in enumerate(answered_by):
        bias = (position % 3 - 1) * 0.15
        for element in elements:
            value = level + OFFSET[element] + bias + rng.uniform(-0.35, 0.35)
            if index == 4 and progress > 0.5 and element in ("information", "people"):
                value = 1.4 if position == dissenter else value + 0.8
            score = max(1, min(5, round(value)))
            comment = COMMENTS.get(element, "") if score <= 2 and rng.random() < 0.6 else ""
            answers.append(
                CheckpointAnswer(
                    checkpoint=checkpoint,
                    user_id=user_id,
                    element=element,
                    score=score,
                    comment=comment,
                )
            )
    return answers


def _requests(
    top: list[Account],
    units: dict[str, BusinessUnit],
    users: dict[str, User],
    rng: random.Random,
    today: date,
) -> list[ResourceRequest]:
    """The resource board: requests by the KAMs to the units for the next three months,
    serving their plans' goals, in every state."""
    base = PortfolioSettings.load().base_currency
    start = add_months(today.replace(day=1), 1)
    end = add_months(start, 3) - timedelta(days=1)
    goals: dict[int, Goal] = {}
    for goal in (
        Goal.objects.filter(plan__account__in=top, plan__state__in=CURRENT_STATES)
        .select_related("plan")
        .order_by("plan_id", "position", "pk")
    ):
        goals.setdefault(goal.plan.account_id, goal)
    # Budget comes from accounts in the base currency, so amounts compare as they are.
    in_base = [a for a in top if a.currency == base] or list(top)
    rows = []
    for index, (code, kind, amount, status, granted, title, case, reason) in enumerate(REQUESTS):
        if code not in units:
            continue
        pool = in_base if kind == "budget" else top
        account = pool[index % len(pool)]
        title, case, reason = request_text(index, language(account.country), (title, case, reason))
        profit = Decimal(rng.randrange(40, 400) * 1000)
        decided = status in ("approved", "partly_approved", "declined")
        head = users.get(HEADS[code])
        rows.append(
            ResourceRequest(
                account=account,
                business_unit=units[code],
                resource_type=kind,
                amount=Decimal(amount),
                period_start=start,
                period_end=end,
                title=title,
                business_case=case,
                currency=account.currency,
                expected_revenue=profit * 3,
                expected_gross_profit=profit,
                probability=Decimal(rng.choice([30, 50, 60, 70, 80])),
                goal=goals.get(account.pk),
                status=status,
                granted_amount=(
                    Decimal(granted if granted is not None else amount)
                    if status in ("approved", "partly_approved")
                    else None
                ),
                decision_reason=reason,
                decided_by=head if decided else None,
                decided_at=_aware(today - timedelta(days=rng.randint(2, 20))) if decided else None,
                requested_by=account.owner,
            )
        )
    return bulk_create_with_history(rows, ResourceRequest, batch_size=500)


def _notice(message: str, params: dict, *, body: str = "", **fields) -> Notification:
    """A notification as keyplan.execution's notify stores it: the message's key and its
    parameters, so that each reader sees it in their language."""
    rendered = messages.render(message, params, body)
    title, text = rendered if rendered is not None else ("", body)
    return Notification(message=message, params=params, title=title, body=text, **fields)


def _notifications(requests: list[ResourceRequest], top: list[Account], today: date) -> int:
    """What the services would have sent: new requests to the unit heads, decisions to
    the KAMs, and the reminder of the open SAA checkpoint to each KAM."""
    rows = []
    current = period_start(today, "monthly")
    for checkpoint in Checkpoint.objects.filter(
        account__in=top, kind="saa", period_start=current
    ).select_related("account"):
        owner_id = checkpoint.account.owner_id
        if owner_id is None:  # the top accounts all have an owner; for the type checker
            continue
        rows.append(
            _notice(
                messages.CHECKPOINT_REMIND,
                {
                    "kind": checkpoint.kind,
                    "account": checkpoint.account.name,
                    "due": checkpoint.due_on.isoformat(),
                },
                user_id=owner_id,
                kind="checkpoint",
                url=reverse("checkpoints:account", args=[checkpoint.account_id]),
                account=checkpoint.account,
                key=f"checkpoint:{checkpoint.pk}:{checkpoint.account.owner_id}",
            )
        )
    for request in requests:
        url = reverse("resources:detail", args=[request.pk])
        if request.status == "pending":
            head = request.business_unit.head
            if head is not None:
                rows.append(
                    _notice(
                        messages.REQUEST_NEW,
                        {
                            "account": request.account.name,
                            "unit": request.business_unit.name,
                            "title": request.title,
                        },
                        user=head,
                        kind="request",
                        url=url,
                        account=request.account,
                        key=f"request:{request.pk}:new",
                    )
                )
        elif request.decided_by_id and request.requested_by_id:
            rows.append(
                _notice(
                    messages.REQUEST_DECIDED,
                    {"status": request.status, "title": request.title},
                    body=request.decision_reason,
                    user_id=request.requested_by_id,
                    kind="decision",
                    url=url,
                    account=request.account,
                    key=f"request:{request.pk}:decision",
                )
            )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
