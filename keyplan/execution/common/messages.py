"""What a notification says, rendered in the reader's language.

A notification made by `notify(message=..., params=...)` keeps the message's key and its
parameters (names, titles, dates as ISO text, choice values); `texts(notification)` renders
its title and body when it is read, in the active language, dates in the language's
format. Notifications stored before keys existed (no `message`) show their stored title
and body, as before.

Parameters: `kind` is a CheckpointKind value, `status` a RequestStatus value, `due` and
`date` are ISO dates; everything else is shown as given. Some messages have no body of
their own: the stored body (a business case, a decision's reason: what people wrote) is
shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from ..models import CheckpointKind, RequestStatus

CHECKPOINT_REMIND = "checkpoint.remind"
ACTION_ASSIGNED = "action.assigned"
ACTION_OVERDUE = "action.overdue"
ACTION_DUE_SOON = "action.due_soon"
REQUEST_NEW = "request.new"
REQUEST_DECIDED = "request.decided"

# key -> (title, body or None: the stored body). %-style unless in BRACED.
MESSAGES: dict[str, tuple[str, str | None]] = {
    CHECKPOINT_REMIND: (
        gettext_noop("Please rate “%(kind)s” for %(account)s by %(due)s"),
        gettext_noop(
            "Your rating of the account team's alignment takes under a minute: one score "
            "from 1 to 5 per element, with a comment if you like."
        ),
    ),
    ACTION_ASSIGNED: (
        gettext_noop("New action for you: %(title)s"),
        gettext_noop("%(person)s gave you the action “%(title)s” on %(account)s."),
    ),
    ACTION_OVERDUE: (
        gettext_noop("Overdue: %(title)s"),
        gettext_noop("The action “%(title)s” on %(account)s was due %(date)s."),
    ),
    ACTION_DUE_SOON: (
        gettext_noop("Due soon: %(title)s"),
        gettext_noop("The action “%(title)s” on %(account)s is due %(date)s."),
    ),
    REQUEST_NEW: (gettext_noop("{account} asks {unit} for resources: {title}"), None),
    REQUEST_DECIDED: (gettext_noop("{status}: {title}"), None),
}
BRACED: set[str] = {REQUEST_NEW, REQUEST_DECIDED}
DATES = ("due", "date")


def register(key: str, title: str, body: str | None = None, *, braced: bool = False) -> None:
    """Add a message of an app above this one (called from its AppConfig.ready, so that
    every process knows it before a notice is read): `title` and `body` marked with
    gettext_noop; a body of None shows the stored body (what someone wrote)."""
    MESSAGES[key] = (title, body)
    if braced:
        BRACED.add(key)


def _day(value: Any) -> str:
    try:
        return date_format(date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


def _choice(choices: Callable[[Any], Any], value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _shown(params: Mapping[str, Any]) -> dict[str, str]:
    shown = {name: str(value) for name, value in params.items()}
    for name in DATES:
        if params.get(name):
            shown[name] = _day(params[name])
    if "kind" in params:
        shown["kind"] = _choice(CheckpointKind, params["kind"])
    if "status" in params:
        shown["status"] = _choice(RequestStatus, params["status"])
    return shown


def _fill(message: str, template: str, shown: dict[str, str]) -> str:
    text = gettext(template)
    try:
        return text.format(**shown) if message in BRACED else text % shown
    except (KeyError, ValueError, IndexError):
        return template.format(**shown) if message in BRACED else template % shown


def render(message: str, params: Mapping[str, Any], body: str = "") -> tuple[str, str] | None:
    """(title, body) of `message` with `params` in the active language; None for a key
    this version does not know. `body` is the stored body, for messages without one."""
    found = MESSAGES.get(message)
    if found is None:
        return None
    title_template, body_template = found
    shown = _shown(params)
    title = _fill(message, title_template, shown)
    if body_template is None:
        return title, body
    text = _fill(message, body_template, shown)
    if message == ACTION_ASSIGNED:
        due = (
            gettext("Due %(date)s.") % {"date": shown["due"]}
            if params.get("due")
            else gettext("No due date yet.")
        )
        text = f"{text} {due}"
    return title, text


def texts(notification) -> tuple[str, str]:
    """The notification's title and body for its reader (module doc)."""
    if notification.message:
        rendered = render(notification.message, notification.params or {}, notification.body)
        if rendered is not None:
            return rendered
    return notification.title, notification.body
