"""Reads of the interaction log and the time entries: the account timeline (filtered by
a person on either side and by type, sorted, paginated by the caller), the people to
filter by, the recent interactions of the account card and the time logged (also per
account, person and day: `daily_time`, which the economics price at the hourly costs).

Every query set here has its related rows joined or prefetched, so a page of any size
costs the same number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet, Sum

from keyplan.accounts.models import Account, AccountTeamMember, Contact
from keyplan.users.models import INTERNAL_ROLES, User

from ..models import Interaction, InteractionKind, TimeEntry

PAGE_SIZE = 50
# Sort keys of the lists -> order_by; the default first.
TIMELINE_SORTS = {
    "-date": ("-occurred_on", "-pk"),
    "date": ("occurred_on", "pk"),
    "-duration": ("-duration_minutes", "-occurred_on", "-pk"),
    "duration": ("duration_minutes", "-occurred_on", "-pk"),
    "type": ("kind", "-occurred_on", "-pk"),
    "-type": ("-kind", "-occurred_on", "-pk"),
    "subject": ("subject", "-occurred_on", "-pk"),
    "-subject": ("-subject", "-occurred_on", "-pk"),
}
TIME_SORTS = {
    "-date": ("-spent_on", "-pk"),
    "date": ("spent_on", "pk"),
    "-minutes": ("-minutes", "-spent_on", "-pk"),
    "minutes": ("minutes", "-spent_on", "-pk"),
    "person": ("user__last_name", "user__first_name", "user__username", "-spent_on", "-pk"),
    "-person": ("-user__last_name", "-user__first_name", "-user__username", "-spent_on", "-pk"),
}


def internal_users() -> QuerySet[User]:
    """The people who can take part on our side: active internal users."""
    return User.objects.filter(is_active=True, role__in=INTERNAL_ROLES)


def _with_people(queryset: QuerySet[Interaction]) -> QuerySet[Interaction]:
    return queryset.select_related("goal", "action", "created_by").prefetch_related(
        Prefetch("our_people", queryset=User.objects.order_by("last_name", "first_name", "pk")),
        # all_objects: a past interaction still names the people since archived.
        Prefetch("their_people", queryset=Contact.all_objects.order_by("last_name", "first_name")),
    )


def parse_person(person: str) -> tuple[str, int] | None:
    """ "u12" (one of ours) or "c34" (one of theirs) -> ("u", 12); anything else None."""
    if len(person) < 2 or person[0] not in "uc" or not person[1:].isdigit():
        return None
    value = int(person[1:])
    if not 0 < value < 2**63:
        return None
    return person[0], value


def timeline(
    account: Account, *, person: str = "", kind: str = "", sort: str = "-date"
) -> QuerySet[Interaction]:
    """The account's interactions, newest first unless `sort` says otherwise; `person`
    ("u<id>" ours, "c<id>" theirs) and `kind` narrow it. Unknown values are ignored."""
    queryset = Interaction.objects.filter(account=account)
    parsed = parse_person(person)
    if parsed is not None:
        side, pk = parsed
        if side == "u":
            queryset = queryset.filter(our_people=pk)
        else:
            queryset = queryset.filter(their_people=pk)
    if kind in InteractionKind.values:
        queryset = queryset.filter(kind=kind)
    return _with_people(queryset.order_by(*TIMELINE_SORTS.get(sort, TIMELINE_SORTS["-date"])))


def interaction_for_account(account: Account, pk: int) -> Interaction | None:
    return _with_people(Interaction.objects.filter(account=account, pk=pk)).first()


def recent(account: Account, *, limit: int) -> list[Interaction]:
    """The latest `limit` interactions of the account (the account card)."""
    return list(timeline(account)[:limit])


def our_people_choices(account: Account) -> QuerySet[User]:
    """Whom to offer on our side: the account's owner and team first is the page's job;
    any active internal user may take part."""
    return internal_users().order_by("last_name", "first_name", "username")


def team_user_ids(account: Account) -> set[int]:
    ids = set(AccountTeamMember.objects.filter(account=account).values_list("user_id", flat=True))
    if account.owner_id:
        ids.add(account.owner_id)
    return ids


def contacts_of(account: Account) -> QuerySet[Contact]:
    return Contact.objects.filter(account=account).order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class PersonChoice:
    value: str
    label: str


def person_choices(account: Account) -> list[PersonChoice]:
    """The people the timeline can be filtered by: ours who took part, then theirs."""
    ours = (
        User.objects.filter(interactions__account=account)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    result = [PersonChoice(f"u{u.pk}", str(u)) for u in ours]
    result += [PersonChoice(f"c{c.pk}", str(c)) for c in contacts_of(account)]
    return result


def time_entries(
    account: Account, *, user_id: int | None = None, sort: str = "-date"
) -> QuerySet[TimeEntry]:
    queryset = TimeEntry.objects.filter(account=account).select_related("user", "interaction")
    if user_id is not None:
        queryset = queryset.filter(user_id=user_id)
    return queryset.order_by(*TIME_SORTS.get(sort, TIME_SORTS["-date"]))


@dataclass(frozen=True)
class TimeTotal:
    user: User
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def time_totals(account: Account, *, today: date, days: int = 90) -> list[TimeTotal]:
    """Minutes each of our people spent on the account in the last `days` days, most
    first (two queries)."""
    rows = (
        TimeEntry.objects.filter(account=account, spent_on__gt=today - timedelta(days=days))
        .values("user_id")
        .annotate(total=Sum("minutes"))
        .order_by("-total", "user_id")
    )
    totals = {row["user_id"]: row["total"] for row in rows}
    users = User.objects.in_bulk(list(totals))
    return [TimeTotal(users[pk], minutes) for pk, minutes in totals.items() if pk in users]


@dataclass(frozen=True)
class DayTime:
    """The minutes one of our people spent on an account on one day."""

    account_id: int
    user_id: int
    role: str  # the person's role now (keyplan.users.models.Role)
    spent_on: date
    minutes: int


def daily_time(account_ids, date_from: date, date_to: date) -> list[DayTime]:
    """The time entries from `date_from` to `date_to` (both included) summed per account,
    person and day, with the person's current role. `account_ids`: an Account queryset, a
    queryset of ids, an iterable of ids, or None for every account. One query."""
    entries = TimeEntry.objects.filter(spent_on__gte=date_from, spent_on__lte=date_to)
    if isinstance(account_ids, QuerySet):
        if account_ids.model is Account and not account_ids.query.values_select:
            account_ids = account_ids.order_by().values("pk")
        entries = entries.filter(account_id__in=account_ids)
    elif account_ids is not None:
        entries = entries.filter(account_id__in=list(account_ids))
    rows = (
        entries.order_by()
        .values_list("account_id", "user_id", "user__role", "spent_on")
        .annotate(total=Sum("minutes"))
    )
    return [
        DayTime(account_id, user_id, role, spent_on, int(total))
        for account_id, user_id, role, spent_on, total in rows
    ]
