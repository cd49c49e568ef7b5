"""My work: one person's page of what asks for them (issue #8, "My work").

`my_work(user)` gathers, in a fixed number of queries whatever the data size:
- my open actions that are overdue or due this week (keyplan.plans.actions.selectors.my_actions);
- the alignment checkpoints I should answer: the latest checkpoint of each kind of the
  accounts I own or am on the team of, due within the reminder days or overdue, that I
  have not answered (read-only users answer nothing);
- the resource requests waiting for my decision (pending, of the units I head; every
  unit's for administrators and directors) and my requests decided in the last 30 days;
- the accounts I own (not closed) with their relationship risks, competition alerts
  and overdue actions;
- my unread notifications.

Each list is cut at LIMIT rows; the totals say how many there are. Also the reads of the
notifications: `unread_count(user)` (the header badge) and `due_actions(today=...)` (the
actions whose owners `keyplan notify` reminds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from keyplan.accounts.access import resource_request_units, visible_accounts
from keyplan.accounts.models import AccountClass, AccountStatus, AccountTeamMember
from keyplan.competition.alerts import domain as competition_domain
from keyplan.plans.actions.selectors import my_actions
from keyplan.plans.models import CURRENT_STATES, OPEN_ACTION_STATES, Action
from keyplan.stakeholders.relationships import domain as stakeholders_domain
from keyplan.stakeholders.relationships.selectors import risks_of_accounts
from keyplan.users.models import PORTFOLIO_ROLES, Role, User

from ..common.selectors import competition_alerts
from ..models import (
    GRANTED_STATES,
    Checkpoint,
    CheckpointAnswer,
    ExecutionSettings,
    Notification,
    NotificationKind,
    RequestStatus,
    ResourceRequest,
)

LIMIT = 10
ACCOUNT_ROWS = 25  # owned accounts on the page: those with most issues first
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


def reminders(user: User) -> QuerySet[Notification]:
    """My reminders of the checkpoint in OuterRef("pk") (key "checkpoint:<id>:<user id>"):
    a checkpoint I was asked to rate is to answer, whatever its due date."""
    key = Concat(Value("checkpoint:"), Cast(OuterRef("pk"), CharField()), Value(f":{user.pk}"))
    return Notification.objects.filter(user=user, kind=NotificationKind.CHECKPOINT, key=key)


def checkpoints_due(
    user: User, *, today: date, settings: ExecutionSettings | None = None
) -> QuerySet[Checkpoint]:
    """The checkpoints waiting for my answers: the latest one of its kind for the account
    (a newer period supersedes it), due within the reminder days or overdue, or one I was
    reminded of (so the page agrees with my notifications), of an account I own or am on
    the team of, with no answer of mine. Overdue first."""
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
        Checkpoint.objects.filter(account_id__in=my_team_accounts(user))
        .filter(
            Q(due_on__lte=today + timedelta(days=settings.reminder_days)) | Exists(reminders(user))
        )
        .filter(~Exists(newer), ~Exists(answered))
        .select_related("account")
        .order_by("due_on", "account__name", "kind", "pk")
    )


# --- resource requests -----------------------------------------------------------------------


def requests_to_decide(user: User) -> QuerySet[ResourceRequest]:
    """Pending requests I may decide: of the units I head (the access rule's one
    exception, `resource_request_units`); all for managers. Oldest first (they have
    waited longest)."""
    qs = ResourceRequest.objects.filter(status=RequestStatus.PENDING)
    if not user.is_portfolio_user:
        qs = qs.filter(business_unit__in=resource_request_units(user))
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


def owned_accounts(user: User, *, today: date) -> list[OwnedAccount]:
    """The accounts I own (not closed) with their open risks: relationship risks,
    competition alerts and overdue actions. Most issues first, then by name; 11 queries."""
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
    risks = risks_of_accounts(ids, today=today)
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


# --- notifications ---------------------------------------------------------------------------


def unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# Actions due within this many days (or overdue) are reminded to their owners.
DUE_SOON_DAYS = 2


def due_actions(*, today: date) -> QuerySet[Action]:
    """Open actions of current plans due within DUE_SOON_DAYS or overdue, whose owner is
    active and still sees the account (its owner, on its team, or a manager)."""
    on_team = AccountTeamMember.objects.filter(
        account_id=OuterRef("plan__account_id"), user_id=OuterRef("owner_id")
    )
    return (
        Action.objects.filter(
            plan__state__in=CURRENT_STATES,
            status__in=OPEN_ACTION_STATES,
            due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
            owner__is_active=True,
        )
        .filter(
            Q(plan__account__owner_id=F("owner_id"))
            | Q(Exists(on_team))
            | Q(owner__role__in=PORTFOLIO_ROLES)
        )
        .exclude(owner__role=Role.PORTAL)
        .select_related("plan__account", "owner")
        .order_by("due_on", "pk")
    )


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
    def accounts_shown(self) -> list[OwnedAccount]:
        """The page's first ACCOUNT_ROWS owned accounts (most issues first); the rest are
        counted and reached through the account list (the API returns them all)."""
        return self.accounts[:ACCOUNT_ROWS]

    @property
    def accounts_more(self) -> int:
        return max(0, len(self.accounts) - ACCOUNT_ROWS)

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
