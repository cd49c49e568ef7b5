"""The home page's pure rules: which home a role gets, the getting-started checklist,
today's actions against the rest of the week, the accounts slipping.

No ORM here: tested without a database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

DIRECTOR = "director"
KAM = "kam"
MEMBER = "member"

LIMIT = 8  # rows of each list on the home page

# The getting-started steps, in order: (key, label).
CUSTOMERS = "customers"
SALES = "sales"
CLASSIFY = "classify"
PLAN = "plan"
STEPS: tuple[tuple[str, Any], ...] = (
    (CUSTOMERS, _("Import your customers")),
    (SALES, _("Import your sales")),
    (CLASSIFY, _("Classify the accounts")),
    (PLAN, _("Create the first account plan")),
)


def home_kind(role: str) -> str:
    """Administrators and directors get the portfolio home, key account managers the
    account manager's, team members and viewers their own work."""
    if role in ("admin", "director"):
        return DIRECTOR
    if role == "kam":
        return KAM
    return MEMBER


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    done: bool
    url: str = ""  # "" when the user may not take this step


@dataclass(frozen=True)
class Checklist:
    steps: tuple[Step, ...]

    @property
    def done(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def complete(self) -> bool:
        return all(step.done for step in self.steps)


def checklist(done: Mapping[str, bool], urls: Mapping[str, str]) -> Checklist:
    """The steps in order, each ticked when `done` says so, with the link `urls` gives."""
    return Checklist(
        tuple(Step(key, str(label), bool(done.get(key)), urls.get(key, "")) for key, label in STEPS)
    )


def due_today(due_on: date | None, today: date) -> bool:
    """Whether an open action belongs to today's list: due today or overdue."""
    return due_on is not None and due_on <= today


def split_by_day(actions: Iterable[Any], today: date) -> tuple[list[Any], list[Any]]:
    """Open actions (with `due_on`) cut into today's (due today or overdue) and the rest."""
    today_rows: list[Any] = []
    later: list[Any] = []
    for action in actions:
        (today_rows if due_today(action.due_on, today) else later).append(action)
    return today_rows, later


@dataclass(frozen=True)
class Slip:
    account_id: int
    name: str
    score: int
    previous: int

    @property
    def change(self) -> int:
        return self.score - self.previous


def slipping(rows: Sequence[tuple[int, str, int | None, int | None]], limit: int) -> list[Slip]:
    """(account id, name, score now, score before) -> the accounts whose score fell, the
    largest fall first (then by name), at most `limit`."""
    fell = [
        Slip(pk, name, now, before)
        for pk, name, now, before in rows
        if now is not None and before is not None and now < before
    ]
    fell.sort(key=lambda slip: (slip.change, slip.name.casefold(), slip.account_id))
    return fell[:limit]
