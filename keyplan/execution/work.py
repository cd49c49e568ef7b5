"""My work: one person's page of what asks for them (issue #8, "My work").

`my_work(user)` gathers, in a fixed number of queries whatever the data size:
- my open actions that are overdue or due this week (keyplan.plans.selectors.my_actions);
- the alignment checkpoints I should answer: the latest checkpoint of each kind of the
  accounts I own or am on the team of, due within the reminder days or overdue, that I
  have not answered (read-only users answer nothing);
- the resource requests waiting for my decision (pending, of the units I head; every
  unit's for administrators and directors) and my requests decided in the last 30 days;
- the accounts I own (not closed) with their relationship risks, competition alerts
  and overdue actions;
- my unread notifications.

Each list is cut at LIMIT rows; the totals say how many there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import AccountClass, AccountStatus
from keyplan.competition import domain as competition_domain
from keyplan.competition.models import BuyingCriterion, OfferScore, Pillar, PillarRating
from keyplan.plans.models import CURRENT_STATES, OPEN_ACTION_STATES, Action
from keyplan.plans.selectors import my_actions
from keyplan.stakeholders import domain as stakeholders_domain
from keyplan.stakeholders.risk_selectors import at_risk_accounts

from .models import (
    GRANTED_STATES,
    Checkpoint,
    CheckpointAnswer,
    ExecutionSettings,
    Notification,
    RequestStatus,
    ResourceRequest,
)

if TYPE_CHECKING:
    from keyplan.users.models import User

LIMIT = 10
ANSWERED_DAYS = 30
DECIDED_STATES = (*GRANTED_STATES, RequestStatus.DECLINED)


def week_end(today: date) -> date:
    """The Sunday of today's week."""
    return today + timedelta(days=6 - today.weekday())


# --- actions ---------------------------------------------------------------------------------


def actions_due(user: User, *, today: date) -> QuerySet[Action]:
    """My open actions that are overdue or due by the end of this week, overdue first."""
    return my_actions(user, today=today).filter(due_on__lte=week_end(today))


# --- checkpoints -----------------------------------------------------------------------------


def my_team_accounts(user: User) -> QuerySet:
    """Ids of the accounts I may see and own or am on the team of."""
    return (
        visible_accounts(user)
        .filter(Q(owner=user) | Q(team__user=user))
        .exclude(status=AccountStatus.CLOSED)
        .values("pk")
    )


def checkpoints_due(
    user: User, *, today: date, settings: ExecutionSettings | None = None
) -> QuerySet[Checkpoint]:
    """The checkpoints waiting for my answers: the latest one of its kind for the account
    (a newer period supersedes it), due within the reminder days or overdue, of an
    account I own or am on the team of, with no answer of mine. Overdue first."""
    if user.is_read_only:
        return Checkpoint.objects.none()
    settings = settings or ExecutionSettings.load()
    newer = Checkpoint.objects.filter(
        account_id=OuterRef("account_id"),
        kind=OuterRef("kind"),
        period_start__gt=OuterRef("period_start"),
        period_start__lte=today,
    )
    answered = CheckpointAnswer.objects.filter(checkpoint_id=OuterRef("pk"), user=user)
    return (
        Checkpoint.objects.filter(
            account_id__in=my_team_accounts(user),
            due_on__lte=today + timedelta(days=settings.reminder_days),
        )
        .filter(~Exists(newer), ~Exists(answered))
        .select_related("account")
        .order_by("due_on", "account__name", "kind", "pk")
    )


# --- resource requests -----------------------------------------------------------------------


def requests_to_decide(user: User) -> QuerySet[ResourceRequest]:
    """Pending requests I may decide: of the units I head; all for managers. Oldest
    first (they have waited longest)."""
    qs = ResourceRequest.objects.filter(status=RequestStatus.PENDING)
    if not user.is_portfolio_user:
        qs = qs.filter(business_unit__head=user)
    return qs.select_related("account", "business_unit", "requested_by", "decided_by").order_by(
        "created_at", "pk"
    )


def requests_answered(user: User, *, now=None) -> QuerySet[ResourceRequest]:
    """My requests decided in the last ANSWERED_DAYS days, latest decision first."""
    now = now or timezone.now()
    return (
        ResourceRequest.objects.filter(
            requested_by=user,
            status__in=DECIDED_STATES,
            decided_at__gte=now - timedelta(days=ANSWERED_DAYS),
        )
        .select_related("account", "business_unit", "requested_by", "decided_by")
        .order_by("-decided_at", "-pk")
    )


# --- accounts I own --------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnedAccount:
    account_id: int
    name: str
    account_class: str
    risks: tuple[stakeholders_domain.Risk, ...] = ()
    alerts: tuple[competition_domain.Alert, ...] = ()
    overdue_actions: int = 0

    @property
    def class_label(self) -> str:
        return str(AccountClass(self.account_class).label)

    @property
    def high_risks(self) -> int:
        return sum(1 for risk in self.risks if risk.severity == stakeholders_domain.HIGH)

    @property
    def issues(self) -> int:
        return len(self.risks) + len(self.alerts) + self.overdue_actions


def competition_alerts(account_ids: list[int]) -> dict[int, list[competition_domain.Alert]]:
    """keyplan.competition's account_alerts for many accounts at once (3 queries): the
    same facts read in bulk and the same rules (competition.domain.alerts) applied."""
    if not account_ids:
        return {}
    two: dict[int, list[int | None]] = defaultdict(list)
    presence_of: dict[int, tuple[int, int, str]] = {}
    for account_id, presence_id, competitor_id, name, score in (
        PillarRating.objects.filter(
            assessment__presence__account_id__in=account_ids, pillar=Pillar.SUPPORT
        )
        .order_by("assessment__presence_id", "-assessment__assessed_on", "-assessment_id")
        .values_list(
            "assessment__presence__account_id",
            "assessment__presence_id",
            "assessment__presence__competitor_id",
            "assessment__presence__competitor__name",
            "score",
        )
    ):
        presence_of[presence_id] = (account_id, competitor_id, name)
        if len(two[presence_id]) < 2:
            two[presence_id].append(score)
    trends: dict[int, list[competition_domain.SupportTrend]] = defaultdict(list)
    for presence_id, scores in sorted(two.items(), key=lambda item: presence_of[item[0]][2]):
        account_id, competitor_id, name = presence_of[presence_id]
        trends[account_id].append(
            competition_domain.SupportTrend(
                competitor_id=competitor_id,
                competitor=name,
                latest=scores[0],
                previous=scores[1] if len(scores) > 1 else None,
            )
        )
    criteria: dict[int, list[competition_domain.Criterion]] = defaultdict(list)
    for account_id, pk, name, weight, position in (
        BuyingCriterion.objects.filter(account_id__in=account_ids)
        .order_by("position", "pk")
        .values_list("account_id", "pk", "name", "weight", "position")
    ):
        criteria[account_id].append(
            competition_domain.Criterion(id=pk, name=name, weight=weight, position=position)
        )
    tops = {
        account_id: top
        for account_id, found in criteria.items()
        if (top := competition_domain.top_criterion(found)) is not None
    }
    ours: dict[int, int] = {}
    theirs: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for criterion_id, competitor_id, name, score in (
        OfferScore.objects.filter(criterion_id__in=[top.id for top in tops.values()])
        .order_by("competitor__name")
        .values_list("criterion_id", "competitor_id", "competitor__name", "score")
    ):
        if competitor_id is None:
            ours[criterion_id] = score
        else:
            theirs[criterion_id].append((competitor_id, name, score))
    found_alerts = {}
    for account_id in account_ids:
        top = tops.get(account_id)
        found_alerts[account_id] = competition_domain.alerts(
            support=trends.get(account_id, []),
            top=top,
            our_score=ours.get(top.id) if top else None,
            their_scores=theirs.get(top.id, []) if top else [],
        )
    return found_alerts


def owned_accounts(user: User, *, today: date) -> list[OwnedAccount]:
    """The accounts I own (not closed) with their open risks: relationship risks,
    competition alerts and overdue actions. Most issues first, then by name; 12 queries."""
    rows = list(
        visible_accounts(user)
        .filter(owner=user)
        .exclude(status=AccountStatus.CLOSED)
        .order_by("name", "pk")
        .values_list("pk", "name", "account_class")
    )
    if not rows:
        return []
    ids = [pk for pk, _name, _class in rows]
    risks = {row.account_id: row.risks for row in at_risk_accounts(user, owner_id=user.pk)}
    alerts = competition_alerts(ids)
    overdue = dict(
        Action.objects.filter(
            plan__account_id__in=ids,
            plan__state__in=CURRENT_STATES,
            status__in=OPEN_ACTION_STATES,
            due_on__lt=today,
        )
        .values("plan__account_id")
        .annotate(n=Count("pk"))
        .values_list("plan__account_id", "n")
    )
    accounts = [
        OwnedAccount(
            account_id=pk,
            name=name,
            account_class=klass,
            risks=tuple(risks.get(pk, ())),
            alerts=tuple(alerts.get(pk, ())),
            overdue_actions=overdue.get(pk, 0),
        )
        for pk, name, klass in rows
    ]
    accounts.sort(key=lambda a: (-a.high_risks, -a.issues, a.name.lower(), a.account_id))
    return accounts


# --- the page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """The first LIMIT rows of a list and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.rows))


def _section(qs: QuerySet, limit: int = LIMIT) -> Section:
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return Section(rows=rows, total=len(rows))
    return Section(rows=rows[:limit], total=qs.order_by().count())


@dataclass(frozen=True)
class MyWork:
    today: date
    week_end: date
    actions: Section
    overdue_actions: int
    checkpoints: Section
    to_decide: Section
    answered: Section
    accounts: list[OwnedAccount] = field(default_factory=list)
    unread: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.actions.total
            or self.checkpoints.total
            or self.to_decide.total
            or self.answered.total
            or self.accounts
        )


def my_work(user: User, *, today: date | None = None) -> MyWork:
    """Everything on the My work page for `user` (see the module docstring); a fixed
    number of queries whatever the data size (about 20; pinned in the tests)."""
    today = today or timezone.localdate()
    actions = actions_due(user, today=today)
    overdue = actions.order_by().aggregate(n=Count("pk", filter=Q(due_on__lt=today)))["n"]
    action_rows = _section(actions)
    for action in action_rows.rows:
        action.overdue = action.is_overdue(today)
    return MyWork(
        today=today,
        week_end=week_end(today),
        actions=action_rows,
        overdue_actions=overdue or 0,
        checkpoints=_section(checkpoints_due(user, today=today)),
        to_decide=_section(requests_to_decide(user)),
        answered=_section(requests_answered(user)),
        accounts=owned_accounts(user, today=today),
        unread=Notification.objects.filter(user=user, read_at__isnull=True).count(),
    )
