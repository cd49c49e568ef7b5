"""Remembers the accounts and plans a user opened, for the search's "recent items".

Only ids are kept (at most RECENT_LIMIT), in a signed cookie bound to the session
(keyplan.core.sessioncookie), so that opening pages writes nothing to the database; the
names are read when shown, under the access rule, so a recent item the user may no longer
see disappears."""

from __future__ import annotations

from keyplan.core import sessioncookie

from . import domain

RECENT_COOKIE = "kp_recent"
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
    stored = recent_entries(request)
    updated = domain.remember(stored, kind, pk)
    if updated != stored:  # no Set-Cookie when the item already leads the list
        sessioncookie.write(response, request, RECENT_COOKIE, updated)


def recent_entries(request) -> list:
    """The (kind, id) pairs of the items this session opened, latest first, as stored."""
    stored = sessioncookie.read(request, RECENT_COOKIE)
    return stored if isinstance(stored, list) else []


class RecentItemsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        remember_opened(request, response)
        return response
