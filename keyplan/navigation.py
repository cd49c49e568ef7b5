from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from keyplan.portfolio.access import can_manage_portfolio
from keyplan.users.access import can_import, is_administrator


def navigation(request):
    """The main navigation for the signed-in user; later sections add their entries here."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    if user.is_internal:
        items.append({"label": _("Portfolio"), "url": reverse("portfolio"), "key": "portfolio"})
        items.append({"label": _("Accounts"), "url": reverse("accounts:list"), "key": "accounts"})
        items.append({"label": _("Pipeline"), "url": reverse("pipeline:list"), "key": "pipeline"})
        items.append({"label": _("Economics"), "url": reverse("economics:pnl"), "key": "economics"})
        # My actions is reached from My work (and its own link there).
        items.append({"label": _("My work"), "url": reverse("work:home"), "key": "my-work"})
        items.append(
            {"label": _("Competitors"), "url": reverse("competition:list"), "key": "competitors"}
        )
        items.append(
            {"label": _("Resources"), "url": reverse("resources:board"), "key": "resources"}
        )
        # The board packs' archive opens for those who may make one (administrators and
        # directors); the others would only meet a 403 there.
        if can_manage_portfolio(user):
            items.append(
                {"label": _("Board packs"), "url": reverse("reports:board"), "key": "board-packs"}
            )
        if can_import(user):
            items.append({"label": _("Imports"), "url": reverse("imports:list"), "key": "imports"})
    else:
        items.append({"label": _("Portal"), "url": reverse("portal-home"), "key": "portal"})
    if is_administrator(user):
        # Django's own admin stays for emergencies; it is linked from these pages.
        items.append(
            {"label": _("Administration"), "url": reverse("administration:users"), "key": "admin"}
        )
    return {"nav_items": items}
