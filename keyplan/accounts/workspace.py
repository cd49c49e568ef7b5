"""The account workspace: one page per tab (overview, plan, people, competition,
economics, activity, history), each with its own address.

Opened directly, a tab renders the whole page with that tab active; asked for by htmx
(the tab links carry hx-get and hx-push-url), only the tab's panel. Without JavaScript
the tabs are plain links. The accounts app does not import the apps above it: the tabs'
templates draw the other apps' cards with their template tags, as the page always did.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from keyplan.core.decorators import internal_required
from keyplan.core.pagecache import page_cache

from . import archive, selectors
from .access import account_for_user
from .forms import TeamMemberForm
from .history import account_history_page


@dataclass(frozen=True)
class Tab:
    key: str
    label: Promise
    url_name: str


TABS = (
    Tab("overview", _("Overview"), "accounts:detail"),
    Tab("plan", _("Plan"), "accounts:detail-plan"),
    Tab("people", _("People"), "accounts:detail-people"),
    Tab("competition", _("Competition"), "accounts:detail-competition"),
    Tab("economics", _("Economics"), "accounts:detail-economics"),
    Tab("activity", _("Activity"), "accounts:detail-activity"),
    Tab("history", _("History"), "accounts:detail-history"),
)
TAB_KEYS = tuple(tab.key for tab in TABS)


def _people(request, access) -> dict:
    account = access.account
    return {
        "team_form": TeamMemberForm(account=account) if access.can_write else None,
        "archived_contacts": archive.archived_contacts(account=account),
        **selectors.account_detail(account=account),
    }


def _overview(request, access) -> dict:
    return {"subsidiaries": selectors.account_subsidiaries(account=access.account)}


def _history(request, access) -> dict:
    return {"history": account_history_page(access.account, request.GET.get("page"))}


# What each tab reads beyond the account itself (the other apps' cards read their own).
TAB_CONTEXT = {"overview": _overview, "people": _people, "history": _history}


@internal_required
@require_http_methods(["GET"])
@page_cache
def account_tab(request, pk, tab: str = "overview"):
    access = account_for_user(request.user, pk)
    reader = TAB_CONTEXT.get(tab)
    context = {
        "access": access,
        "account": access.account,
        "tabs": TABS,
        "tab": tab,
        "tab_template": f"accounts/workspace/_{tab}.html",
        **(reader(request, access) if reader else {}),
    }
    htmx = request.htmx
    partial = bool(htmx) and not htmx.history_restore_request and not htmx.boosted
    template = "accounts/workspace/_panel.html" if partial else "accounts/detail.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
