"""Helpers of the pages that list an account's rows and edit them in place (the account
team, the zipper's links, the interaction log): which row is being edited, where a save
goes back to, and the version a delete form saw.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse


def edit_id(request) -> int | None:
    """The row opened for editing (`?edit=<id>`), if any."""
    try:
        return int(request.GET.get("edit", "") or 0) or None
    except ValueError:
        return None


def back_url(url_name: str, account_id: int, anchor: str = "", request=None) -> str:
    """The account's list `url_name`; with `request`, on the page and in the order the user
    was looking at (its query without `edit`)."""
    url = reverse(url_name, args=[account_id])
    if request is not None:
        params = request.GET.copy()
        params.pop("edit", None)
        if params:
            url += "?" + params.urlencode()
    return url + anchor


def posted_seen_at(request, form_class) -> datetime | None:
    """The `seen_updated_at` a delete form posted, cleaned by `form_class`'s field (None if
    missing or invalid)."""
    raw = request.POST.get("seen_updated_at", "")
    if not raw:
        return None
    try:
        return form_class.base_fields["seen_updated_at"].clean(raw)
    except ValidationError:
        return None
