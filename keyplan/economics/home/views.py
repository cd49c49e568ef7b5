"""The home page at "/": a home for each internal role (issue #18); portal users go to
the portal. The account list stays at /accounts/."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import domain
from .selectors import director_home, getting_started, kam_home, my_day


@require_GET
@login_required
def home(request):
    user = request.user
    if not user.is_internal:
        return redirect("portal-home")
    today = timezone.localdate()
    kind = domain.home_kind(user.role)
    context = {"kind": kind, "today": today, "checklist": getting_started(user)}
    if kind == domain.DIRECTOR:
        context["portfolio"] = director_home(user)
    elif kind == domain.KAM:
        context["kam"] = kam_home(user, today=today)
    else:
        context["day"] = my_day(user, today=today)
    return render(request, "home/home.html", context)
