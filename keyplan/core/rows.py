"""Helpers of the pages that list an account's rows and edit them in place (the account
team, the zipper's links, the interaction log, competitors, offers, resources...): which
row is being edited, where a save goes back to, the version a delete form saw, and the
conflict-aware save and delete.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from .errors import ConflictError
from .web import apply_service_errors


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


@dataclass
class RowSave:
    """What became of a row's save: `status` 200 saved (`saved` is the row), 409 someone
    else changed it meanwhile (`current` is their version, None when they deleted it; the
    form is dropped so the page shows theirs), 422 invalid (`form` carries the messages,
    a service's among them)."""

    status: int
    form: Any = None
    saved: Any = None
    current: Any = None

    @property
    def gone(self) -> bool:
        return self.status == 409 and self.current is None


def row_save(
    form, save: Callable[[Any], Any], field_map: Mapping[str, str] | None = None
) -> RowSave:
    """Validate `form` and call `save(form)` (a service that may raise ConflictError or
    ValidationError): the conflict-aware save behind every inline row edit."""
    if not form.is_valid():
        return RowSave(422, form=form)
    try:
        saved = save(form)
    except ConflictError as conflict:
        return RowSave(409, current=conflict.current)
    except ValidationError as exc:
        apply_service_errors(form, exc, field_map)
        return RowSave(422, form=form)
    return RowSave(200, saved=saved)


def row_delete(request, form_class, delete: Callable[[datetime | None], Any]) -> bool:
    """Call `delete(seen_updated_at)` with the version the delete form saw; False when
    someone else changed the row since (ConflictError), so nothing was deleted."""
    try:
        delete(posted_seen_at(request, form_class))
    except ConflictError:
        return False
    return True
