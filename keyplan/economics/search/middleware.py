"""Remembers the accounts and plans a user opened, for the search's "recent items".

Only ids go into the session (at most RECENT_LIMIT); the names are read when shown,
under the access rule, so a recent item the user may no longer see disappears."""

from __future__ import annotations

from . import domain

SESSION_KEY = "kp_recent"
# url name of a page that opens one item -> the item's kind (its id is the `pk` argument)
OPENED = {
    "accounts:detail": domain.ACCOUNT,
    # the account workspace's other tabs (keyplan.accounts.workspace)
    **{
        f"accounts:detail-{tab}": domain.ACCOUNT
        for tab in ("plan", "people", "competition", "economics", "activity", "history")
    },
    "plans:detail": domain.PLAN,
    "plans:section": domain.PLAN,
}


def remember_opened(request, response) -> None:
    """Put the item a successful GET of an item page showed first in the recent items."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if (
        match is None
        or request.method != "GET"
        or response.status_code != 200
        or user is None
        or not user.is_authenticated
        or not user.is_internal
    ):
        return
    kind = OPENED.get(match.view_name)
    pk = match.kwargs.get("pk")
    if kind is None or not isinstance(pk, int):
        return
    stored = request.session.get(SESSION_KEY, [])
    updated = domain.remember(stored if isinstance(stored, list) else [], kind, pk)
    if updated != stored:  # no session write when the item already leads the list
        request.session[SESSION_KEY] = updated


class RecentItemsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        remember_opened(request, response)
        return response
