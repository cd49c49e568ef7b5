"""Reads of selling time and sales profiles (SPEC §2.1, §2.2): the time allocation, the
figures profiles are derived from, who sees which profile, and the reassignment
suggestions. The maths is in `domain.py` (pure).

- Allocation sums `TimeEntry` minutes by the CURRENT class of the account (not the
  class it had on the day): the question is whether our time goes where the
  portfolio is now. Managers (administrators and directors) see everyone; every other
  internal user sees only their own time, whatever filter they ask for another.

Every read here makes a fixed number of queries whatever the data size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.models import Account, AccountClass
from keyplan.portfolio.access import can_manage_portfolio, require_portfolio_manager
from keyplan.portfolio.models import PortfolioSettings
from keyplan.sales.figures.series import first_sale_months
from keyplan.users.models import BusinessUnit, Role, User

from ..models import Profile, SalesProfile, SellingSettings, TimeEntry
from . import domain

PROFILE_WINDOW_DAYS = 365
DEFAULT_PERIOD_DAYS = 365
NO_TEAM = ""


def norms_from(settings: SellingSettings) -> domain.Norms:
    return domain.Norms(
        strategic=settings.norm_strategic,
        regular=settings.norm_regular,
        prospect=settings.norm_prospect,
        tolerance=settings.tolerance,
    )


def rule_from(settings: SellingSettings) -> domain.ProfileRule:
    return domain.ProfileRule(
        hunter_share=settings.hunter_share,
        farmer_share=settings.farmer_share,
        min_hours=settings.profile_min_hours,
    )


def default_period(today: date | None = None) -> tuple[date, date]:
    """The year up to and including today."""
    end = today or timezone.localdate()
    return end - timedelta(days=DEFAULT_PERIOD_DAYS - 1), end


# --- allocation ----------------------------------------------------------------------


@dataclass
class AllocationReport:
    date_from: date
    date_to: date
    norms: domain.Norms
    people: list[domain.Allocation]  # key: the user's id
    teams: list[domain.Allocation]  # key: the business unit's code ("" = none)
    overall: domain.Allocation
    everyone: bool  # False: the caller sees only their own time


def _check_period(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise ValidationError({"date_from": [_("The start date is after the end date.")]})


def time_allocation(
    *,
    user,
    date_from: date | None = None,
    date_to: date | None = None,
    user_id: int | None = None,
    team: str | None = None,
) -> AllocationReport:
    """Minutes by current account class per person, per team and over all, in the period
    (default: the last 365 days). Managers see everyone and may filter by person and team
    (business unit code); anyone else sees only themselves (asking for another person:
    PermissionDenied). An unknown team code is a ValidationError. Three queries."""
    date_to = date_to or timezone.localdate()
    date_from = date_from or default_period(date_to)[0]
    _check_period(date_from, date_to)
    everyone = can_manage_portfolio(user)
    if not everyone:
        if user_id is not None and user_id != user.pk:
            raise PermissionDenied
        user_id = user.pk
    norms = norms_from(SellingSettings.load())
    entries = TimeEntry.objects.filter(spent_on__gte=date_from, spent_on__lte=date_to)
    if user_id is not None:
        entries = entries.filter(user_id=user_id)
    if team:
        if not BusinessUnit.objects.filter(code=team).exists():
            raise ValidationError({"team": [_("There is no business unit with this code.")]})
        entries = entries.filter(user__business_unit__code=team)
    minutes: dict[int, dict[str, int]] = defaultdict(dict)
    rows = entries.values_list("user_id", "account__account_class").annotate(total=Sum("minutes"))
    for uid, cls, total in rows:
        minutes[uid][cls] = minutes[uid].get(cls, 0) + int(total or 0)
    users = User.objects.filter(pk__in=list(minutes)).select_related("business_unit")
    people: list[domain.Allocation] = []
    by_team: dict[str, list[domain.Allocation]] = defaultdict(list)
    team_names: dict[str, str] = {NO_TEAM: _("No business unit")}
    for person in sorted(users, key=lambda u: (str(u).casefold(), u.pk)):
        row = domain.allocate(str(person.pk), str(person), minutes[person.pk], norms)
        people.append(row)
        unit = person.business_unit
        code = unit.code if unit else NO_TEAM
        if unit:
            team_names[code] = unit.name
        by_team[code].append(row)
    teams = [
        domain.combine(code, team_names[code], parts, norms)
        for code, parts in sorted(
            by_team.items(), key=lambda kv: (kv[0] == NO_TEAM, team_names[kv[0]])
        )
    ]
    overall = domain.combine("all", _("Everyone"), people, norms)
    return AllocationReport(date_from, date_to, norms, people, teams, overall, everyone)


# --- profiles ------------------------------------------------------------------------


def new_logo_accounts(today: date, days: int) -> QuerySet:
    """Ids (a subquery) of the accounts whose first sale month is within `days` of today."""
    cutoff = (today - timedelta(days=days)).replace(day=1)
    return first_sale_months(cutoff)


def year_minutes(today: date, settings: SellingSettings) -> dict[int, tuple[int, int]]:
    """user id -> (hunting minutes, farming minutes) over the 365 days up to today."""
    hunting = Q(account__account_class__in=[AccountClass.PROSPECT, AccountClass.SUSPECT]) | Q(
        account_id__in=new_logo_accounts(today, settings.new_logo_days)
    )
    rows = (
        TimeEntry.objects.filter(
            spent_on__gt=today - timedelta(days=PROFILE_WINDOW_DAYS), spent_on__lte=today
        )
        .values("user_id")
        .annotate(total=Sum("minutes"), hunting=Sum("minutes", filter=hunting))
        .values_list("user_id", "total", "hunting")
    )
    return {uid: (int(h or 0), int(t or 0) - int(h or 0)) for uid, t, h in rows}


def profiles_for(user: User) -> QuerySet[SalesProfile]:
    """The sales profiles `user` may see: managers all, anyone else their own."""
    profiles = SalesProfile.objects.select_related("user", "user__business_unit", "override_by")
    if can_manage_portfolio(user):
        return profiles.order_by("user__username")
    return profiles.filter(user=user)


def profile_for(user: User, target_id: int) -> SalesProfile | None:
    """The profile of user `target_id` if `user` may see it (managers: anyone's; others
    their own); PermissionDenied for somebody else's."""
    if not can_manage_portfolio(user) and target_id != user.pk:
        raise PermissionDenied
    return (
        SalesProfile.objects.select_related("user", "override_by").filter(user_id=target_id).first()
    )


# --- reassignment --------------------------------------------------------------------


def _profile_of(person: User) -> str:
    sales = getattr(person, "sales_profile", None)
    return sales.profile if sales is not None else Profile.UNKNOWN


def reassignment_suggestions(*, user, limit: int | None = 3) -> list[domain.Reassignment]:
    """Strategic accounts owned by hunters, each with the farmers suggested to take it over
    (rules in `domain`). Managers only (PermissionDenied). The candidates are the
    active key account managers. Four queries whatever the data size."""
    require_portfolio_manager(user)
    max_strategic = PortfolioSettings.load().max_strategic_per_kam
    strategic = Q(owned_accounts__account_class=AccountClass.STRATEGIC)
    hunter_q = Q(sales_profile__override=Profile.HUNTER) | Q(
        sales_profile__override="", sales_profile__derived=Profile.HUNTER
    )
    people = list(
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.KAM) | hunter_q)
        .exclude(role=Role.PORTAL)
        .select_related("sales_profile")
        .annotate(strategic_owned=Count("owned_accounts", filter=strategic))
    )
    persons = [
        domain.Person(
            id=p.pk, name=str(p), profile=_profile_of(p), strategic_owned=p.strategic_owned
        )
        for p in people
    ]
    kams = {p.pk for p in people if p.role == Role.KAM}
    hunters = [p.id for p in persons if p.profile == domain.HUNTER]
    accounts = [
        domain.OwnedAccount(id=pk, name=name, owner_id=owner_id)
        for pk, name, owner_id in Account.objects.filter(
            account_class=AccountClass.STRATEGIC, owner_id__in=hunters
        )
        .order_by("name", "pk")
        .values_list("pk", "name", "owner_id")
    ]
    return domain.reassignments(
        accounts,
        persons,
        candidates=[p for p in persons if p.id in kams],
        max_strategic=max_strategic,
        limit=limit,
    )
