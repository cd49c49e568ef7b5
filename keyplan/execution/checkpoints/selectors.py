"""Reads of the alignment checkpoints, each a fixed number of queries (SPEC §6.3).

- cadence_of(kind, settings=None): the kind's cadence (ExecutionSettings).
- expected_raters(account_ids) -> {account id: user ids}: who should answer (ANSWER_ROLES:
  the owner and team members who may write). 2 queries.
- scheduled_accounts(): the accounts that have checkpoints (strategic or with a team).
- checkpoint_for_user(user, pk, *, write=False) -> (Checkpoint, AccountAccess): 404 alike
  for missing and forbidden.
- checkpoint_results(checkpoint) -> Results: the summary (domain.summarize) and each
  rater's scores and comments. 1 query.
- account_history(account, kind, *, limit) -> list[HistoryPoint], oldest first. 2 queries.
- account_overview(account, user, *, today) -> Overview: the current period's checkpoint
  of each kind, whether the user still has to answer it, the latest results with answers
  and the trend. The account page card and the alignment page use it. 3 queries, 4 for
  someone other than the owner (the "due" badge shows to the owner and team members who
  have not answered, in the reminder window).
- portfolio_alignment(user, *, account_class, sort) -> list[PortfolioRow]: visible
  accounts of the class (strategic by default) with their latest SAA and 7S average,
  weakest element and trend. 2 queries whatever the number of accounts.
- due_for_user(user, *, today) -> list[Checkpoint]: open checkpoints the user should
  answer and has not, due within reminder_days or overdue by at most one period. 3 queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Avg, CharField, Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.utils import timezone

from keyplan.accounts.access import AccountAccess, account_for_user, visible_accounts
from keyplan.accounts.models import Account, AccountClass, AccountStatus, AccountTeamMember
from keyplan.core.web import parse_pk
from keyplan.users.models import Role

from ..models import (
    ELEMENTS,
    Checkpoint,
    CheckpointAnswer,
    CheckpointKind,
    Element,
    ExecutionSettings,
    Notification,
    NotificationKind,
)
from . import domain

# Roles that answer checkpoints (viewers read only; portal users are outside).
ANSWER_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR, Role.KAM, Role.TEAM})

HISTORY_LIMIT = 24
# How far back the portfolio and the card look for the latest results and the trend.
LOOKBACK_DAYS = 2 * 366
PORTFOLIO_SORTS = ("name", "owner", "saa", "seven_s")
DEFAULT_PORTFOLIO_SORT = "saa"


def cadence_of(kind: str, settings: ExecutionSettings | None = None) -> str:
    settings = settings or ExecutionSettings.load()
    return settings.saa_cadence if kind == CheckpointKind.SAA else settings.seven_s_cadence


def expected_raters(account_ids: list[int]) -> dict[int, set[int]]:
    """Who should answer each account's checkpoints: its owner and its team members who
    are active and may write (viewers and portal users left out). Two queries."""
    raters: dict[int, set[int]] = defaultdict(set)
    for account_id, owner_id in Account.objects.filter(
        pk__in=account_ids,
        owner__is_active=True,
        owner__role__in=list(ANSWER_ROLES),
    ).values_list("pk", "owner_id"):
        raters[account_id].add(owner_id)
    for account_id, user_id in AccountTeamMember.objects.filter(
        account_id__in=account_ids, user__is_active=True, user__role__in=list(ANSWER_ROLES)
    ).values_list("account_id", "user_id"):
        raters[account_id].add(user_id)
    return raters


def scheduled_accounts():
    """Accounts with checkpoints: strategic ones and any with a team; closed ones never."""
    return (
        Account.objects.exclude(status=AccountStatus.CLOSED)
        .filter(
            Q(account_class=AccountClass.STRATEGIC)
            | Q(pk__in=AccountTeamMember.objects.values("account_id"))
        )
        .order_by("pk")
    )


def checkpoint_for_user(user, pk, *, write: bool = False) -> tuple[Checkpoint, AccountAccess]:
    found = Checkpoint.objects.filter(pk=parse_pk(pk)).values_list("account_id", flat=True)
    account_id = found.first()
    if account_id is None:
        raise Http404
    access = account_for_user(user, account_id, write=write)
    checkpoint = Checkpoint.objects.get(pk=pk)
    checkpoint.account = access.account
    return checkpoint, access


@dataclass(frozen=True)
class RaterRow:
    user_id: int
    name: str
    scores: dict[str, tuple[int, str]]
    updated_at: object


@dataclass(frozen=True)
class Results:
    checkpoint: Checkpoint
    summary: domain.Summary
    raters: tuple[RaterRow, ...]

    def mine(self, user_id: int) -> RaterRow | None:
        return next((row for row in self.raters if row.user_id == user_id), None)


def checkpoint_results(checkpoint: Checkpoint) -> Results:
    answers = list(
        CheckpointAnswer.objects.filter(checkpoint=checkpoint)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "user_id", "pk")
    )
    summary = domain.summarize(
        ELEMENTS[checkpoint.kind], ((a.user_id, a.element, a.score) for a in answers)
    )
    by_user: dict[int, list[CheckpointAnswer]] = {}
    for answer in answers:
        by_user.setdefault(answer.user_id, []).append(answer)
    raters = tuple(
        RaterRow(
            user_id=user_id,
            name=str(rows[0].user),
            scores={a.element: (a.score, a.comment) for a in rows},
            updated_at=max(a.updated_at for a in rows),
        )
        for user_id, rows in by_user.items()
    )
    return Results(checkpoint, summary, raters)


@dataclass(frozen=True)
class HistoryPoint:
    checkpoint: Checkpoint
    summary: domain.Summary


def _triples(answers) -> dict[int, list[tuple[int, str, int]]]:
    triples: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for checkpoint_id, user_id, element, score in answers.values_list(
        "checkpoint_id", "user_id", "element", "score"
    ):
        triples[checkpoint_id].append((user_id, element, score))
    return triples


def summaries_for(checkpoints: list[Checkpoint], triples=None) -> dict[int, domain.Summary]:
    """Each checkpoint's summary (1 query, none when `triples` are given)."""
    if triples is None:
        triples = _triples(
            CheckpointAnswer.objects.filter(checkpoint__in=[c.pk for c in checkpoints])
        )
    return {c.pk: domain.summarize(ELEMENTS[c.kind], triples.get(c.pk, ())) for c in checkpoints}


def account_history(
    account: Account, kind: str, *, limit: int = HISTORY_LIMIT
) -> list[HistoryPoint]:
    """The account's last `limit` checkpoints of `kind`, oldest first, with their results."""
    checkpoints = list(
        Checkpoint.objects.filter(account=account, kind=kind).order_by("-period_start")[:limit]
    )
    checkpoints.reverse()
    summaries = summaries_for(checkpoints)
    return [HistoryPoint(c, summaries[c.pk]) for c in checkpoints]


def chart_data(history: list[HistoryPoint], kind: str) -> dict:
    """The trend chart's data (alignment.js): one line per element over the periods, and
    the latest round's averages with their lowest and highest scores."""
    elements = ELEMENTS[kind]
    labels = {element: str(Element(element).label) for element in elements}
    periods = [point.checkpoint.period_start.isoformat() for point in history]
    lines = [
        {
            "name": labels[element],
            "values": [
                None
                if (stats := point.summary.stats(element)) is None or stats.average is None
                else round(stats.average, 2)
                for point in history
            ],
        }
        for element in elements
    ]
    latest = next((p for p in reversed(history) if p.summary.raters), None)
    bars = []
    if latest is not None:
        for stats in latest.summary.elements:
            bars.append(
                {
                    "name": labels[stats.element],
                    "average": None if stats.average is None else round(stats.average, 2),
                    "low": stats.low,
                    "high": stats.high,
                    "spread": None if stats.spread is None else round(stats.spread, 2),
                    "disagreement": stats.disagreement,
                }
            )
    return {
        "periods": periods,
        "lines": lines,
        "latest": latest.checkpoint.period_start.isoformat() if latest else None,
        "bars": bars,
    }


@dataclass
class KindOverview:
    kind: str
    label: str
    cadence: str
    current: Checkpoint | None
    due_on: date
    i_answered: bool
    latest: HistoryPoint | None
    trend: str | None
    history: list[HistoryPoint] = field(default_factory=list)

    @property
    def due_soon(self) -> bool:
        return not self.i_answered and self._window

    _window: bool = False


@dataclass
class Overview:
    kinds: list[KindOverview]
    can_answer: bool
    expected: bool

    @property
    def due(self) -> bool:
        return any(kind.due_soon for kind in self.kinds)


def can_answer(user, access: AccountAccess) -> bool:
    return bool(access.can_write and getattr(user, "role", None) in ANSWER_ROLES)


def account_overview(
    account: Account, user, *, can_write: bool, today: date | None = None, history: bool = False
) -> Overview:
    """The state of the account's checkpoints for `user` (module doc). With `history`,
    each kind carries its full history for the page (2 more queries)."""
    today = today or timezone.localdate()
    settings = ExecutionSettings.load()
    since = today - timedelta(days=LOOKBACK_DAYS)
    recent = list(
        Checkpoint.objects.filter(account=account, period_start__gte=since).order_by(
            "period_start", "pk"
        )
    )
    # A subquery, not `checkpoint__in`: the query runs even without checkpoints, so the
    # account page's query count does not depend on the data.
    triples = _triples(
        CheckpointAnswer.objects.filter(
            checkpoint__account=account, checkpoint__period_start__gte=since
        )
    )
    summaries = summaries_for(recent, triples)
    mine = {cid for cid, rows in triples.items() if any(row[0] == user.pk for row in rows)}
    expected = getattr(user, "role", None) in ANSWER_ROLES and (
        account.owner_id == user.pk
        or AccountTeamMember.objects.filter(account=account, user_id=user.pk).exists()
    )
    kinds = []
    for kind, label in CheckpointKind.choices:
        cadence = cadence_of(kind, settings)
        start = domain.period_start(today, cadence)
        points = [HistoryPoint(c, summaries[c.pk]) for c in recent if c.kind == kind]
        current = next((p.checkpoint for p in points if p.checkpoint.period_start == start), None)
        answered = [p for p in points if p.summary.raters]
        due = domain.due_on(start, cadence)
        overview = KindOverview(
            kind=kind,
            label=str(label),
            cadence=cadence,
            current=current,
            due_on=due,
            i_answered=current is not None and current.pk in mine,
            latest=answered[-1] if answered else None,
            trend=domain.trend([p.summary.average for p in answered]),
            history=account_history(account, kind) if history else points,
        )
        overview._window = expected and domain.in_reminder_window(
            due, today, settings.reminder_days
        )
        kinds.append(overview)
    return Overview(kinds=kinds, can_answer=can_write, expected=expected)


@dataclass(frozen=True)
class KindCell:
    average: float | None
    weakest: str | None
    trend: str | None
    period_start: date | None
    # Every answered round, oldest first: (its period's start, its average).
    rounds: tuple[tuple[date, float | None], ...] = ()


@dataclass(frozen=True)
class PortfolioRow:
    account: Account
    saa: KindCell
    seven_s: KindCell


def _cell(kind: str, rounds: list[tuple[date, dict[str, float]]]) -> KindCell:
    rounds.sort(key=lambda item: item[0])
    summaries = [domain.summarize_averages(ELEMENTS[kind], avgs) for _start, avgs in rounds]
    if not summaries:
        return KindCell(None, None, None, None)
    latest = summaries[-1]
    return KindCell(
        latest.average,
        latest.weakest,
        domain.trend([s.average for s in summaries]),
        rounds[-1][0],
        tuple((start, s.average) for (start, _avgs), s in zip(rounds, summaries, strict=True)),
    )


def portfolio_alignment(
    user,
    *,
    account_class: str = AccountClass.STRATEGIC,
    sort: str = DEFAULT_PORTFOLIO_SORT,
    today: date | None = None,
) -> list[PortfolioRow]:
    """Visible accounts of `account_class` ("" for all) with their alignment (module doc).

    Sorting by an average puts the weakest first and accounts without answers last."""
    today = today or timezone.localdate()
    found = visible_accounts(user).exclude(status="closed")
    if account_class:
        found = found.filter(account_class=account_class)
    accounts = list(found.select_related("owner").order_by("name", "pk"))
    per_round: dict[tuple[int, str, date], dict[str, float]] = defaultdict(dict)
    rows = (
        CheckpointAnswer.objects.filter(
            checkpoint__account__in=found.values("pk"),
            checkpoint__period_start__gte=today - timedelta(days=LOOKBACK_DAYS),
        )
        .values("checkpoint__account_id", "checkpoint__kind", "checkpoint__period_start", "element")
        .annotate(avg=Avg("score"), n=Count("pk"))
        .order_by()
    )
    for row in rows:
        key = (
            row["checkpoint__account_id"],
            row["checkpoint__kind"],
            row["checkpoint__period_start"],
        )
        per_round[key][row["element"]] = float(row["avg"])
    by_account: dict[tuple[int, str], list[tuple[date, dict[str, float]]]] = defaultdict(list)
    for (account_id, kind, start), averages in per_round.items():
        by_account[(account_id, kind)].append((start, averages))
    result = [
        PortfolioRow(
            account=account,
            saa=_cell(CheckpointKind.SAA, by_account.get((account.pk, CheckpointKind.SAA), [])),
            seven_s=_cell(
                CheckpointKind.SEVEN_S, by_account.get((account.pk, CheckpointKind.SEVEN_S), [])
            ),
        )
        for account in accounts
    ]
    return _sort(result, sort)


def _sort(rows: list[PortfolioRow], sort: str) -> list[PortfolioRow]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in PORTFOLIO_SORTS:
        key, descending = DEFAULT_PORTFOLIO_SORT, False
    if key == "name":
        return sorted(rows, key=lambda r: r.account.name.lower(), reverse=descending)
    if key == "owner":
        return sorted(
            rows,
            key=lambda r: (str(r.account.owner) if r.account.owner else "").lower(),
            reverse=descending,
        )
    known = [r for r in rows if getattr(r, key).average is not None]
    unknown = [r for r in rows if getattr(r, key).average is None]
    known.sort(key=lambda r: (getattr(r, key).average, r.account.name.lower()), reverse=descending)
    return known + unknown


def due_for_user(user, *, today: date | None = None) -> list[Checkpoint]:
    """Open checkpoints `user` should answer and has not (module doc), soonest first; one
    the user was reminded of counts whatever its due date (as on My work)."""
    if getattr(user, "role", None) not in ANSWER_ROLES or not user.is_active:
        return []
    today = today or timezone.localdate()
    settings = ExecutionSettings.load()
    on_team = Exists(AccountTeamMember.objects.filter(account=OuterRef("account_id"), user=user))
    answered = Exists(CheckpointAnswer.objects.filter(checkpoint=OuterRef("pk"), user=user))
    reminded = Exists(
        Notification.objects.filter(
            user=user,
            kind=NotificationKind.CHECKPOINT,
            key=Concat(
                Value("checkpoint:"), Cast(OuterRef("pk"), CharField()), Value(f":{user.pk}")
            ),
        )
    )
    return list(
        Checkpoint.objects.filter(
            Q(account__owner=user) | on_team,
            Q(due_on__lte=today + timedelta(days=settings.reminder_days)) | reminded,
            due_on__gte=today - timedelta(days=92),
        )
        .exclude(account__status="closed")
        .exclude(answered)
        .select_related("account")
        .order_by("due_on", "account__name", "pk")
    )
