"""Reads of the home page, by role (issue #18). Every list is cut at LIMIT rows and
every read costs a fixed number of queries whatever the data size (pinned in the tests).

- getting_started(user): the first steps, ticked when done (four queries);
- my_day(user, today): my actions due today or overdue, and the rest of this week; the
  checkpoints I should answer (team members, viewers and everyone else);
- kam_home(user, today): my day, the next meetings and the latest next steps of my
  accounts' interactions, the warnings of my accounts ranked by money at stake, and my
  accounts by health (weakest first);
- director_home(user): the portfolio's figures and norms, the class movement of the
  last classification, the pending suggestions and resource decisions, the accounts
  whose health fell most since the month before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Max, OuterRef, QuerySet, Subquery
from django.urls import reverse

from keyplan.accounts.access import WRITE_ROLES, visible_accounts
from keyplan.accounts.models import AccountClass
from keyplan.execution.work.selectors import (
    actions_due,
    checkpoints_due,
    my_team_accounts,
    requests_to_decide,
    week_end,
)
from keyplan.plans.models import AccountPlan
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.portfolio.models import Snapshot, SnapshotRow, Suggestion, SuggestionStatus
from keyplan.portfolio.norms.selectors import portfolio_norms
from keyplan.portfolio.overview.selectors import portfolio_overview
from keyplan.portfolio.suggestions.domain import reason_text
from keyplan.sales.figures.domain import add_months
from keyplan.sales.models import InvoiceLine
from keyplan.stakeholders.models import Interaction
from keyplan.users.access import can_import
from keyplan.users.models import User

from ..health.selectors import HealthFilters, HealthTable, health_table
from ..models import HealthSnapshot
from ..warnings.selectors import WarningFilters, WarningList, portfolio_warnings
from . import domain


@dataclass(frozen=True)
class Cut:
    """The first rows of a list and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.rows))


def cut(qs: QuerySet, limit: int | None = None) -> Cut:
    """One query for the rows; a count only when there are more than `limit` (LIMIT)."""
    limit = limit or domain.LIMIT
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return Cut(rows, len(rows))
    return Cut(rows[:limit], qs.order_by().count())


# --- getting started -------------------------------------------------------------------------


def getting_started(user: User) -> domain.Checklist:
    """The four first steps over what `user` may see, each ticked when done; a link to
    each step the user may take."""
    visible = visible_accounts(user)
    done = {
        domain.CUSTOMERS: visible.exists(),
        domain.SALES: InvoiceLine.objects.filter(account__in=visible).exists(),
        domain.CLASSIFY: Snapshot.objects.exists(),
        domain.PLAN: AccountPlan.objects.filter(account__in=visible).exists(),
    }
    urls = {}
    if can_import(user):
        urls[domain.CUSTOMERS] = reverse("imports:upload")
        urls[domain.SALES] = reverse("imports:upload")
    if can_manage_portfolio(user):
        urls[domain.CLASSIFY] = reverse("portfolio:classes")
    if user.role in WRITE_ROLES:
        urls[domain.PLAN] = reverse("accounts:list")
    return domain.checklist(done, urls)


# --- my day: every role ----------------------------------------------------------------------


@dataclass
class MyDay:
    today: date
    week_end: date
    today_actions: list = field(default_factory=list)
    week_actions: list = field(default_factory=list)
    actions_total: int = 0
    checkpoints: Cut = field(default_factory=lambda: Cut([], 0))

    @property
    def actions_more(self) -> int:
        return max(0, self.actions_total - len(self.today_actions) - len(self.week_actions))


def my_day(user: User, *, today: date) -> MyDay:
    """My open actions due by the end of the week (today's: due today or overdue), and
    the checkpoints waiting for my answers."""
    actions = cut(actions_due(user, today=today), domain.LIMIT * 2)
    for action in actions.rows:
        action.overdue = action.is_overdue(today)
    today_rows, later = domain.split_by_day(actions.rows, today)
    return MyDay(
        today=today,
        week_end=week_end(today),
        today_actions=today_rows,
        week_actions=later,
        actions_total=actions.total,
        checkpoints=cut(checkpoints_due(user, today=today)),
    )


# --- the key account manager -----------------------------------------------------------------


@dataclass
class KamHome:
    day: MyDay
    meetings: Cut
    next_steps: Cut
    warnings: WarningList
    health: HealthTable
    health_rows: list


def my_interactions(user: User) -> QuerySet[Interaction]:
    return Interaction.objects.filter(account_id__in=my_team_accounts(user)).select_related(
        "account"
    )


def next_meetings(user: User, *, today: date) -> QuerySet[Interaction]:
    """The interactions planned from today on at the accounts I own or am on the team
    of, soonest first."""
    return my_interactions(user).filter(occurred_on__gte=today).order_by("occurred_on", "pk")


def latest_next_steps(user: User, *, today: date) -> QuerySet[Interaction]:
    """The next steps written on my accounts' interactions up to today, latest first
    (a next step has no date of its own)."""
    return (
        my_interactions(user)
        .exclude(next_step="")
        .filter(occurred_on__lte=today)
        .order_by("-occurred_on", "-pk")
    )


def kam_home(user: User, *, today: date) -> KamHome:
    warnings = portfolio_warnings(user=user, filters=WarningFilters(), today=today)
    warnings.rows = warnings.rows[: domain.LIMIT]
    health = health_table(user=user, filters=HealthFilters())
    return KamHome(
        day=my_day(user, today=today),
        meetings=cut(next_meetings(user, today=today)),
        next_steps=cut(latest_next_steps(user, today=today)),
        warnings=warnings,
        health=health,
        health_rows=health.rows[: domain.LIMIT],
    )


# --- the director ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    before: str
    after: str
    count: int

    @staticmethod
    def label(key: str) -> str:
        return str(dict(AccountClass.choices).get(key, key))

    @property
    def before_label(self) -> str:
        return self.label(self.before)

    @property
    def after_label(self) -> str:
        return self.label(self.after)


@dataclass
class ClassMovement:
    snapshot: Snapshot | None
    moves: list[Move] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(move.count for move in self.moves)


def class_movement(user: User) -> ClassMovement:
    """The class changes of the latest classification among the accounts `user` may
    see: how many went from each class to each other (two queries)."""
    latest = Snapshot.objects.order_by("-created_at", "-pk").first()
    if latest is None:
        return ClassMovement(None)
    rows = (
        SnapshotRow.objects.filter(
            snapshot=latest, account__in=visible_accounts(user, include_archived=True)
        )
        .exclude(class_before=F("class_after"))
        .order_by()
        .values_list("class_before", "class_after")
        .annotate(n=Count("pk"))
    )
    moves = [Move(before, after, n) for before, after, n in rows]
    moves.sort(key=lambda move: (-move.count, move.before, move.after))
    return ClassMovement(latest, moves)


def pending_suggestions(user: User) -> Cut:
    qs = (
        Suggestion.objects.filter(
            status=SuggestionStatus.PENDING, account__in=visible_accounts(user)
        )
        .select_related("account")
        .order_by("-created_at", "-pk")
    )
    found = cut(qs)
    for suggestion in found.rows:
        suggestion.reason_sentence = reason_text(suggestion)
        suggestion.from_label = Move.label(suggestion.from_class)
        suggestion.to_label = Move.label(suggestion.to_class)
    return found


@dataclass
class Slipping:
    month: date | None
    previous_month: date | None
    rows: list[domain.Slip] = field(default_factory=list)


def slipping_accounts(user: User) -> Slipping:
    """The accounts whose recorded health fell most from the month before the latest
    recorded month to it (two queries; the fall is computed by the database)."""
    month = HealthSnapshot.objects.aggregate(month=Max("month"))["month"]
    if month is None:
        return Slipping(None, None)
    previous_month = add_months(month, -1)
    before = HealthSnapshot.objects.filter(
        account_id=OuterRef("account_id"), month=previous_month
    ).values("score")[:1]
    rows = (
        HealthSnapshot.objects.filter(
            month=month, score__isnull=False, account__in=visible_accounts(user)
        )
        .annotate(before=Subquery(before))
        .filter(before__gt=F("score"))
        .order_by(F("score") - F("before"), "account__name", "account_id")
        .values_list("account_id", "account__name", "score", "before")[: domain.LIMIT]
    )
    return Slipping(month, previous_month, domain.slipping(list(rows), domain.LIMIT))


@dataclass
class DirectorHome:
    overview: dict
    norms: dict
    movement: ClassMovement
    suggestions: Cut
    to_decide: Cut
    slipping: Slipping


def director_home(user: User) -> DirectorHome:
    return DirectorHome(
        overview=portfolio_overview(user=user),
        norms=portfolio_norms(user=user),
        movement=class_movement(user),
        suggestions=pending_suggestions(user),
        to_decide=cut(requests_to_decide(user)),
        slipping=slipping_accounts(user),
    )
