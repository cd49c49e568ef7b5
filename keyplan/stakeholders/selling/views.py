"""Selling-time allocation and hunters/farmers pages (SPEC §2.1, §2.2; seed 001).

Thin adapters over `selectors.py` and `services.py` (reads and writes) and `domain.py`
(the rules, shown on the pages). Managers (administrators and directors) see everyone,
override profiles, re-derive them and get the reassignment suggestions; other internal
users see their own time and profile (403 on a manager's action); portal users get 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from keyplan.core.decorators import internal_required
from keyplan.core.rows import row_save
from keyplan.core.web import apply_service_errors
from keyplan.portfolio.access import can_manage_portfolio, require_portfolio_manager
from keyplan.users.models import Role, User

from ..models import Profile, SalesProfile
from . import domain, selectors, services
from .forms import AllocationFilterForm, OverrideForm

PAGE_SIZE = 50
CLASS_LABELS = {
    domain.STRATEGIC: gettext_lazy("Strategic"),
    domain.REGULAR: gettext_lazy("Regular"),
    domain.PROSPECT: gettext_lazy("Prospect"),
    domain.SUSPECT: gettext_lazy("Suspect"),
}
PEOPLE_SORTS = {
    "name": lambda r: (r.label.casefold(), r.key),
    "hours": lambda r: (r.total, r.label.casefold()),
    "strategic": lambda r: (r.shares[domain.STRATEGIC], r.label.casefold()),
    "prospect": lambda r: (r.prospect_share, r.label.casefold()),
    "flag": lambda r: (r.hunting_instead_of_farming, r.label.casefold()),
}
PROFILE_SORTS = {
    "name": ("user__last_name", "user__first_name", "user__username"),
    "profile": ("override", "derived", "user__username"),
    "derived": ("derived_at", "user__username"),
}


def _percent(fraction) -> float:
    return round(float(fraction) * 100, 1)


def _chart(rows: list[domain.Allocation], norms: domain.Norms) -> dict:
    """Stacked shares (percent) per row, the norm as the first bar, for selling.js."""
    names = [str(_("Norm"))] + [row.label for row in rows]
    norm = {
        domain.STRATEGIC: float(norms.strategic),
        domain.REGULAR: float(norms.regular),
        domain.PROSPECT: float(norms.prospect),
        domain.SUSPECT: 0.0,
    }
    return {
        "names": names,
        "series": [
            {
                "key": cls,
                "name": str(CLASS_LABELS[cls]),
                "values": [norm[cls]] + [_percent(row.shares[cls]) for row in rows],
            }
            for cls in domain.CLASSES
        ],
        "flags": [False] + [row.hunting_instead_of_farming for row in rows],
        "hours": [None] + [float(row.hours) for row in rows],
        "strategic_norm": float(norms.strategic),
        "labels": {
            "norm_line": str(_("Strategic norm")),
            "hours": str(_("hours")),
            "flag": str(_("hunting instead of farming")),
        },
    }


def _rows(rows: list[domain.Allocation]) -> list[dict]:
    return [
        {
            "row": row,
            "shares": {cls: _percent(row.shares[cls]) for cls in domain.CLASSES},
            "deviations": row.deviations,
        }
        for row in rows
    ]


def _sorted(rows: list[domain.Allocation], sort: str) -> tuple[list, str]:
    key = sort.lstrip("-")
    if key not in PEOPLE_SORTS:
        sort, key = "name", "name"
    return sorted(rows, key=PEOPLE_SORTS[key], reverse=sort.startswith("-")), sort


@internal_required
@require_GET
def allocation_page(request):
    manager = can_manage_portfolio(request.user)
    form = AllocationFilterForm(request.GET or None, manager=manager)
    context = {"form": form, "manager": manager, "report": None}
    if request.GET and not form.is_valid():
        return render(request, "stakeholders/selling/allocation.html", context, status=200)
    data = form.cleaned_data if form.is_bound else {}
    person = data.get("user")
    try:
        report = selectors.time_allocation(
            user=request.user,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            user_id=person.pk if person else None,
            team=data.get("team") or None,
        )
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return render(request, "stakeholders/selling/allocation.html", context)
    people, sort = _sorted(report.people, request.GET.get("sort", "name"))
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        {
            "report": report,
            "page": page,
            "rows": _rows(list(page.object_list)),
            "teams": _rows(report.teams),
            "overall": _rows([report.overall])[0],
            "default_sort": "name",
            "sort": sort,
            "people_chart": _chart(list(page.object_list), report.norms),
            "team_chart": _chart(report.teams, report.norms),
            "flagged": sum(1 for row in report.people if row.hunting_instead_of_farming),
            "classes": [(cls, CLASS_LABELS[cls]) for cls in domain.CLASSES],
        }
    )
    return render(request, "stakeholders/selling/allocation.html", context)


def _profile_rows(profiles) -> list[dict]:
    rows = []
    for profile in profiles:
        figures = profile.derived_from or {}
        rows.append({"profile": profile, "figures": figures})
    return rows


@internal_required
@require_GET
def profiles_page(request):
    manager = can_manage_portfolio(request.user)
    profiles = selectors.profiles_for(request.user)
    chosen = request.GET.get("profile", "")
    if chosen in Profile.values:
        profiles = profiles.filter(Q(override=chosen) | Q(override="", derived=chosen))
    sort = request.GET.get("sort", "name")
    key = sort.lstrip("-")
    if key not in PROFILE_SORTS:
        sort, key = "name", "name"
    order = [f"-{f}" if sort.startswith("-") else f for f in PROFILE_SORTS[key]]
    page = Paginator(profiles.order_by(*order, "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "manager": manager,
        "page": page,
        "rows": _profile_rows(page.object_list),
        "chosen": chosen,
        "profile_choices": Profile.choices,
        "default_sort": "name",
        "suggestions": selectors.reassignment_suggestions(user=request.user) if manager else [],
        "own": None if manager else SalesProfile.objects.filter(user=request.user).first(),
    }
    return render(request, "stakeholders/selling/profiles.html", context)


@internal_required
@require_POST
def profiles_derive(request):
    require_portfolio_manager(request.user)
    written = services.profiles_derive()
    messages.success(
        request,
        _("Profiles derived again from the last year of time entries: %(n)s.") % {"n": written},
    )
    return redirect("selling:profiles")


def _target(pk: int) -> User:
    target = User.objects.filter(pk=pk).exclude(role=Role.PORTAL).first()
    if target is None:
        raise Http404
    return target


@internal_required
@require_http_methods(["GET", "POST"])
def profile_override(request, user_pk: int):
    require_portfolio_manager(request.user)
    target = _target(user_pk)
    current = SalesProfile.objects.filter(user=target).first()
    status = 200
    conflict = False
    if request.method == "POST":
        result = row_save(
            OverrideForm(request.POST),
            lambda valid: services.profile_override(
                user=request.user,
                target=target,
                profile=valid.cleaned_data["profile"],
                note=valid.cleaned_data["note"],
                seen_updated_at=valid.cleaned_data.get("seen_updated_at"),
            ),
        )
        if result.status == 200:
            messages.success(request, _("The profile of %(name)s was saved.") % {"name": target})
            return redirect(reverse("selling:profiles") + f"#profile-{target.pk}")
        status, form = result.status, result.form
        if result.status == 409:
            conflict = True
            current = SalesProfile.objects.filter(user=target).first()
            form = _override_form(current, data=request.POST)
    else:
        form = _override_form(current)
    context = {"form": form, "target": target, "current": current, "conflict": conflict}
    return render(request, "stakeholders/selling/override.html", context, status=status)


def _override_form(current: SalesProfile | None, data=None) -> OverrideForm:
    """A fresh form at the current version (after a conflict: the user's text kept)."""
    initial = {
        "profile": current.override if current else "",
        "note": current.override_note if current else "",
        "seen_updated_at": current.updated_at.isoformat() if current else "",
    }
    if data is None:
        return OverrideForm(initial=initial)
    merged = data.copy()
    merged["seen_updated_at"] = initial["seen_updated_at"]
    return OverrideForm(merged)
