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

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

TOP_ACCOUNTS = 8
# Unit code -> the team function its people cover and the hours they commit (range).
FUNCTION_OF_UNIT = {
    "sales": ("sales", (8, 16)),
    "service": ("service", (8, 24)),
    "logistics": ("logistics", (4, 10)),
    "rnd": ("technical", (6, 16)),
    "finance": ("finance", (2, 6)),
}
HEADS = {
    "sales": "director",
    "service": "tomasz.wisniewski",
    "logistics": "olga.smirnova",
    "rnd": "piotr.zielinski",
    "finance": "ewa.mazur",
}
# Unit code -> {resource type: capacity per month}.
CAPACITY = {
    "service": {"hours": Decimal(240), "expert": Decimal(2)},
    "rnd": {"hours": Decimal(160), "expert": Decimal(2)},
    "logistics": {"hours": Decimal(120)},
    "sales": {"budget": Decimal(60000)},
}
CAPACITY_MONTHS = 6  # from the current month on

# (unit, type, amount, status, granted, title, business case, reason)
# fmt: off
REQUESTS = [
    ("service", "hours", 300, "approved", None, "Commissioning of the new packaging line",
     "Our engineers on site for the start-up secure the follow-up spare-parts contract.", ""),
    ("service", "hours", 240, "approved", None, "Preventive maintenance programme",
     "Fewer breakdowns; the customer extends the framework agreement.", ""),
    ("service", "hours", 200, "partly_approved", 120, "Operator training at two plants",
     "Trained operators order the right parts and complain less.",
     "Only one plant this quarter; the second after the summer."),
    ("service", "expert", 1, "approved", None, "Resident service engineer",
     "A person on site every day: the customer's wish in the last review.", ""),
    ("service", "hours", 180, "pending", None, "Audit of the installed base",
     "The audit finds the parts due for replacement: about 20 % more orders.", ""),
    ("service", "expert", 2, "pending", None, "Two engineers for the shutdown in March",
     "The yearly shutdown is where the competitor won last year.", ""),
    ("rnd", "hours", 240, "approved", None, "Custom seal for the new press",
     "Design-in: we become the only qualified supplier for the part.", ""),
    ("rnd", "hours", 160, "approved", None, "Test series of the coated bearing",
     "Qualification opens the customer's second plant.", ""),
    ("rnd", "hours", 120, "pending", None, "Application study for the gearbox retrofit",
     "The retrofit replaces a competitor's drive across 40 machines.", ""),
    ("rnd", "expert", 1, "declined", None, "Engineer seconded to the customer's R&D",
     "Joint development of the next generation of the line.",
     "No business case in figures yet; bring the expected volume to the next review."),
    ("logistics", "hours", 90, "approved", None, "Consignment stock set-up",
     "Stock at the plant gate wins the 24-hour delivery criterion.", ""),
    ("logistics", "hours", 200, "declined", None, "Daily milk run to three plants",
     "Deliveries without the customer's own truck.",
     "The cost exceeds the gross profit it brings; a weekly run is possible."),
    ("logistics", "hours", 60, "pending", None, "Packaging for export to Kazakhstan",
     "The customer's new plant is supplied from our warehouse.", ""),
    ("sales", "budget", 100000, "approved", None, "Joint trade-fair stand",
     "Shows our offer to the customer's whole purchasing team.", ""),
    ("sales", "budget", 90000, "pending", None, "Co-funded reliability study",
     "The study proves the lower total cost of our bearings.", ""),
    ("sales", "budget", 40000, "withdrawn", None, "Customer event at our plant",
     "A visit for the customer's new plant managers.", ""),
]
# fmt: on

SAA_ELEMENTS = ("information", "people", "action")
SEVEN_S_ELEMENTS = (
    "shared_values",
    "style",
    "skills",
    "staff",
    "strategy",
    "structure",
    "systems",
)
# Each element's usual distance from the account's level: "action" and "systems" lag.
OFFSET = {
    "information": 0.2,
    "people": 0.0,
    "action": -0.5,
    "shared_values": 0.4,
    "style": 0.1,
    "skills": 0.3,
    "staff": -0.1,
    "strategy": 0.2,
    "structure": -0.3,
    "systems": -0.7,
}
COMMENTS = {
    "information": "Service hears about new projects too late.",
    "people": "Finance and sales disagree on the credit limit.",
    "action": "Actions agreed in the review are not followed up.",
    "systems": "The account plan and the ERP orders are not linked.",
    "structure": "Nobody owns the customer's second plant.",
}


def _add_months(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _level(profile: str, progress: float) -> float:
    """The account's alignment level at `progress` (0 = a year ago, 1 = now)."""
    if profile == "improving":
        return 2.5 + 1.6 * progress
    if profile == "declining":
        return 4.1 - 1.5 * progress
    return 3.5


def _teams(strategic, units, users, rng: random.Random) -> int:
    from keyplan.accounts.models import AccountTeamMember

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
    on_team: dict[int, set[str]] = {}
    for member in members:
        on_team.setdefault(member.account_id, set()).add(member.function)
    added = []
    # Every fourth strategic account keeps its gaps, so the coverage warning shows.
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
            role, contribution = {
                "service": ("Service manager", "Installation and maintenance"),
                "finance": ("Credit controller", "Credit limits and payments"),
            }[function]
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
    bulk_create_with_history(added, AccountTeamMember, batch_size=500)
    return len(members) + len(added)


def _capacities(units, today: date) -> int:
    from keyplan.execution.models import UnitCapacity

    first = today.replace(day=1)
    rows = [
        UnitCapacity(business_unit=units[code], resource_type=kind, month=month, amount=amount)
        for code, per_type in CAPACITY.items()
        if code in units
        for kind, amount in per_type.items()
        for month in (_add_months(first, n) for n in range(CAPACITY_MONTHS))
    ]
    UnitCapacity.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _raters(account, team_by_account) -> list[tuple[int, str]]:
    """(user id, unit code) of the people who answer: the KAM, then the team."""
    raters = [(account.owner_id, "sales")]
    for user_id, unit, role in team_by_account.get(account.pk, []):
        if role != "viewer" and user_id != account.owner_id:
            raters.append((user_id, unit))
    return raters


def _checkpoints(top, team_by_account, rng: random.Random, today: date) -> tuple[int, int]:
    from keyplan.execution import alignment
    from keyplan.execution.models import Checkpoint, CheckpointAnswer

    profiles = ["improving", "improving", "declining", "improving"]
    rounds = []  # (checkpoint, profile, progress, elements, who answers, account index)
    current_saa = alignment.period_start(today, "monthly")
    for index, account in enumerate(top):
        profile = profiles[index] if index < len(profiles) else "level"
        raters = _raters(account, team_by_account)
        schedule = [
            ("saa", _add_months(current_saa, -n), 1 - n / 12, SAA_ELEMENTS)
            for n in range(12, 0, -1)
        ]
        quarter = alignment.period_start(today, "quarterly")
        schedule += [
            ("seven_s", _add_months(quarter, -3 * n), 1 - n / 4, SEVEN_S_ELEMENTS)
            for n in range(4, 0, -1)
        ]
        for kind, start, progress, elements in schedule:
            cadence = "monthly" if kind == "saa" else "quarterly"
            due = alignment.due_on(start, cadence)
            checkpoint = Checkpoint(
                account=account,
                kind=kind,
                period_start=start,
                due_on=due,
                created_by_id=account.owner_id,
                reminded_at=_aware(due - timedelta(days=5)),
            )
            rounds.append((checkpoint, profile, progress, elements, raters, index))
        # The current month: open, answered by the team but not yet by the KAM.
        checkpoint = Checkpoint(
            account=account,
            kind="saa",
            period_start=current_saa,
            due_on=alignment.due_on(current_saa, "monthly"),
            created_by_id=account.owner_id,
        )
        rounds.append((checkpoint, profile, 1.0, SAA_ELEMENTS, raters[1:], index))
    Checkpoint.objects.bulk_create([r[0] for r in rounds], ignore_conflicts=True)
    saved = {
        (c.account_id, c.kind, c.period_start): c
        for c in Checkpoint.objects.filter(account__in=top)
    }
    answers = []
    for checkpoint, profile, progress, elements, answered_by, index in rounds:
        saved_checkpoint = saved[(checkpoint.account_id, checkpoint.kind, checkpoint.period_start)]
        level = _level(profile, progress)
        units = [unit for _user, unit in answered_by]
        dissenter = units.index("service") if "service" in units else len(units) - 1
        for position, (user_id, _unit) in enumerate(answered_by):
            bias = (position % 3 - 1) * 0.15
            for element in elements:
                value = level + OFFSET[element] + bias + rng.uniform(-0.35, 0.35)
                # Disagreement at the fifth account: in the last months one team member
                # (the service person where there is one) sees information and people
                # alignment far lower than the KAM and the others.
                if index == 4 and progress > 0.5 and element in ("information", "people"):
                    value = 1.4 if position == dissenter else value + 0.8
                score = max(1, min(5, round(value)))
                comment = COMMENTS.get(element, "") if score <= 2 and rng.random() < 0.6 else ""
                answers.append(
                    CheckpointAnswer(
                        checkpoint=saved_checkpoint,
                        user_id=user_id,
                        element=element,
                        score=score,
                        comment=comment,
                    )
                )
    CheckpointAnswer.objects.bulk_create(answers, batch_size=1000, ignore_conflicts=True)
    return len(rounds), len(answers)


def _requests(top, units, users, rng: random.Random, today: date):
    from keyplan.execution.models import ResourceRequest
    from keyplan.plans.models import CURRENT_STATES, Goal
    from keyplan.portfolio.models import PortfolioSettings

    base = PortfolioSettings.load().base_currency
    start = _add_months(today.replace(day=1), 1)
    end = _add_months(start, 3) - timedelta(days=1)
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


def _notifications(requests, top, today: date) -> int:
    """What the services would have sent: new requests to the unit heads, decisions to
    the KAMs, and the reminder of the open SAA checkpoint to each KAM."""
    from keyplan.execution import alignment
    from keyplan.execution.models import Checkpoint, Notification

    rows = []
    current = alignment.period_start(today, "monthly")
    for checkpoint in Checkpoint.objects.filter(
        account__in=top, kind="saa", period_start=current
    ).select_related("account"):
        rows.append(
            Notification(
                user_id=checkpoint.account.owner_id,
                kind="checkpoint",
                title=f"SAA checkpoint due: {checkpoint.account.name}",
                body=f"Rate information, people and action alignment by {checkpoint.due_on}.",
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
                    Notification(
                        user=head,
                        kind="request",
                        title=f"{request.account.name} asks {request.business_unit.name} "
                        f"for resources: {request.title}",
                        url=url,
                        account=request.account,
                        key=f"request:{request.pk}:new",
                    )
                )
        elif request.decided_by_id and request.requested_by_id:
            rows.append(
                Notification(
                    user_id=request.requested_by_id,
                    kind="decision",
                    title=f"{request.get_status_display()}: {request.title}",
                    body=request.decision_reason,
                    url=url,
                    account=request.account,
                    key=f"request:{request.pk}:decision",
                )
            )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def seed_execution(*, rng: random.Random, today: date | None = None) -> dict[str, int]:
    """Write the demo's execution data over the accounts in the database (see the
    module docstring); returns counts for the loader's summary."""
    from keyplan.accounts.models import Account, AccountTeamMember
    from keyplan.execution.models import ExecutionSettings
    from keyplan.users.models import BusinessUnit, User

    from .generator import DEMO_USERNAMES

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
    team_by_account: dict[int, list[tuple[int, str, str]]] = {}
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


def demo_load_execution(*, seed: int, progress=None) -> dict[str, int]:
    """Issue #8: run after the plans (requests serve their goals) and the classes."""
    with transaction.atomic():
        counts = seed_execution(rng=random.Random(seed + 8))
    if progress:
        progress("checkpoint answers", counts["answers"])
    return counts
