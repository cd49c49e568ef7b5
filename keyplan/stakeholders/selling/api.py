"""Selling-time allocation, sales profiles and reassignment suggestions over REST.

Managers (administrators and directors) see everyone's time and profiles, override
profiles and get the reassignment suggestions; any other internal user sees only their
own time and profile (403 when asking for someone else's, or for a manager's action).
Portal users get 404. Rules: `domain.py`.

No `from __future__ import annotations` here (ninja resolves the annotations).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from ninja import Field, Query, Router, Schema
from pydantic import AwareDatetime

from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.schemas import MAX_ID, ErrorOut, PatchSchema, QuerySchema, Timestamp, UserRef
from keyplan.portfolio.access import require_portfolio_manager
from keyplan.users.models import User

from ..models import SalesProfile
from . import domain, selectors, services

router = Router(tags=["selling"])

PAGE_SIZE = 50


def _user_ref(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "name": str(user)}


# --- time allocation -----------------------------------------------------------------


class AllocationQuery(QuerySchema):
    user: int | None = Field(None, ge=1, le=MAX_ID, description="One person's id")
    date_from: date | None = Field(None, description="Default: 364 days before date_to")
    date_to: date | None = Field(None, description="Default: today")
    team: str = Field("", max_length=30, description="A business unit's code")


class DeviationOut(Schema):
    account_class: str = Field(..., description="strategic, regular or prospect (with suspects)")
    share: Decimal = Field(..., description="Percent of the time, 0-100")
    norm: Decimal = Field(..., description="Percent")
    deviation: Decimal = Field(..., description="share - norm, percentage points")
    flagged: bool


class AllocationRowOut(Schema):
    key: str = Field(..., description="The person's id, the team's code ('' = none) or 'all'")
    label: str
    minutes: dict[str, int] = Field(..., description="Minutes by current account class")
    total_minutes: int
    hours: Decimal
    shares: dict[str, Decimal] = Field(..., description="Fractions 0-1 by class")
    deviations: list[DeviationOut]
    hunting_instead_of_farming: bool


class SellingNormsOut(Schema):
    strategic: Decimal
    regular: Decimal
    prospect: Decimal
    tolerance: Decimal


class AllocationOut(Schema):
    date_from: date
    date_to: date
    everyone: bool = Field(..., description="False: only your own time is included")
    norms: SellingNormsOut
    overall: AllocationRowOut
    teams: list[AllocationRowOut]
    people: list[AllocationRowOut]


def _row(row: domain.Allocation) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "minutes": dict(row.minutes),
        "total_minutes": row.total,
        "hours": row.hours,
        "shares": {cls: round(value, 4) for cls, value in row.shares.items()},
        "deviations": [
            {
                "account_class": d.account_class,
                "share": round(d.share, 2),
                "norm": d.norm,
                "deviation": round(d.deviation, 2),
                "flagged": d.flagged,
            }
            for d in row.deviations
        ],
        "hunting_instead_of_farming": row.hunting_instead_of_farming,
    }


@router.get(
    "/time-allocation",
    response={200: AllocationOut, **ERRORS},
    summary="Selling time by account class per person, team and over all, against the norms",
)
def time_allocation(request, query: Query[AllocationQuery]):
    """Minutes from time entries, by the account's CURRENT class. Managers see everyone
    (filter by `user` and `team`); anyone else only themselves (403 for another person)."""
    user = request.auth
    report = selectors.time_allocation(
        user=user,
        date_from=query.date_from,
        date_to=query.date_to,
        user_id=query.user,
        team=query.team or None,
    )
    norms = report.norms
    return {
        "date_from": report.date_from,
        "date_to": report.date_to,
        "everyone": report.everyone,
        "norms": {
            "strategic": norms.strategic,
            "regular": norms.regular,
            "prospect": norms.prospect,
            "tolerance": norms.tolerance,
        },
        "overall": _row(report.overall),
        "teams": [_row(team) for team in report.teams],
        "people": [_row(person) for person in report.people],
    }


# --- profiles ------------------------------------------------------------------------


class ProfileOut(Schema):
    user: UserRef
    profile: str = Field(..., description="In force: the override, else the derived one")
    derived: str
    derived_at: Timestamp | None
    derived_from: dict
    override: str
    override_note: str
    override_by: UserRef | None
    override_at: Timestamp | None
    updated_at: Timestamp

    @staticmethod
    def resolve_user(obj: SalesProfile) -> dict[str, Any] | None:
        return _user_ref(obj.user)

    @staticmethod
    def resolve_override_by(obj: SalesProfile) -> dict[str, Any] | None:
        return _user_ref(obj.override_by)


class ProfilePage(Schema):
    items: list[ProfileOut]
    count: int
    page: int
    pages: int


class ProfileQuery(QuerySchema):
    page: int = Field(1, ge=1, le=1_000_000, description="50 per page")
    profile: Literal["", "hunter", "farmer", "unknown"] = ""


@router.get(
    "/sales-profiles",
    response={200: ProfilePage, **ERRORS},
    summary="Hunters and farmers: everyone's for managers, your own for anyone else",
)
def list_sales_profiles(request, query: Query[ProfileQuery]):
    user = request.auth
    profiles = selectors.profiles_for(user)
    if query.profile:
        profiles = profiles.filter(
            Q(override=query.profile) | Q(override="", derived=query.profile)
        )
    page = Paginator(profiles, PAGE_SIZE).get_page(query.page)
    return {
        "items": list(page.object_list),
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
    }


class OverrideIn(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    profile: Literal["", "hunter", "farmer", "unknown"] = Field(
        ..., description="'' clears the override"
    )
    note: str = Field("", max_length=2000, description="Why; required to set a profile")
    updated_at: AwareDatetime | None = Field(
        None, description="The profile's `updated_at` you last read (409 if it changed since)"
    )


@router.patch(
    "/sales-profiles/{user_id}",
    response={200: ProfileOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Set or clear a person's profile (administrators and directors), with a note",
)
def override_sales_profile(request, user_id: int, payload: OverrideIn):
    user = request.auth
    require_portfolio_manager(user)
    if not 0 < user_id <= MAX_ID:
        raise Http404
    target = User.objects.filter(pk=user_id).first()
    if target is None:
        raise Http404
    seen: datetime | None = payload.updated_at
    profile = services.profile_override(
        user=user, target=target, profile=payload.profile, note=payload.note, seen_updated_at=seen
    )
    return selectors.profile_for(user, target.pk) or profile


# --- reassignment --------------------------------------------------------------------


class CandidateOut(Schema):
    user_id: int
    name: str
    profile: str
    strategic_owned: int
    below_max: bool = Field(..., description="Owns fewer strategic accounts than the maximum")


class ReassignmentOut(Schema):
    account_id: int
    account_name: str
    owner_id: int
    owner_name: str
    candidates: list[CandidateOut]


@router.get(
    "/reassignment-suggestions",
    response={200: list[ReassignmentOut], **ERRORS},
    summary="Strategic accounts owned by hunters, with farmers suggested to take them over",
)
def reassignment_suggestions(request):
    """Administrators and directors. A hunter is never suggested; farmers first, then
    those below the maximum of strategic accounts per KAM, then the fewest owned."""
    user = request.auth
    return selectors.reassignment_suggestions(user=user)
