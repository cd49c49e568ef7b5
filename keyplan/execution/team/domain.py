"""The account team's coverage rules (SPEC §6.2; seed 000 people alignment, seed 002
several business units). Pure: no ORM; tested without a database.

- `team_coverage(members=..., required=..., owner_name=...)` -> Coverage: which of the
  required functions (ExecutionSettings.required_functions) are covered and by whom, which
  are missing, which business units are represented, the committed hours in total and per
  function. The account's owner is its key account manager and so covers "sales" whether
  or not they are also listed on the team (otherwise every account without an extra sales
  person would show "sales" missing).
- `clean_required(codes)`: the known function codes of a setting, once each, in the order
  of TeamFunction.

The team members themselves are written by keyplan.accounts.services (team_member_add,
team_member_update, team_member_delete).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from keyplan.accounts.models import TeamFunction

SALES = TeamFunction.SALES.value
FUNCTION_ORDER = {code: index for index, code in enumerate(TeamFunction.values)}


@dataclass(frozen=True)
class MemberFacts:
    """What the coverage rules need of one team member."""

    name: str
    function: str = ""
    unit: str = ""
    committed_hours: int | None = None


@dataclass(frozen=True)
class Coverage:
    required: tuple[str, ...]
    # function -> the names covering it, for every function someone covers (required or not)
    covered: dict[str, tuple[str, ...]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    # business unit -> number of members; "" for members without a unit
    units: dict[str, int] = field(default_factory=dict)
    total_hours: int = 0
    hours_by_function: dict[str, int] = field(default_factory=dict)
    without_function: int = 0
    without_hours: int = 0
    size: int = 0

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def covered_required(self) -> tuple[str, ...]:
        return tuple(code for code in self.required if code in self.covered)


def clean_required(codes: Iterable[Any] | None) -> tuple[str, ...]:
    """The known function codes among `codes`, once each, in TeamFunction's order."""
    wanted = {code for code in (codes or ()) if isinstance(code, str)}
    return tuple(code for code in TeamFunction.values if code in wanted)


def team_coverage(
    *, members: Sequence[MemberFacts], required: Iterable[str], owner_name: str = ""
) -> Coverage:
    """Who covers which function, what is missing, which units take part, the hours."""
    needed = clean_required(required)
    covered: dict[str, list[str]] = {}
    if owner_name:
        covered.setdefault(SALES, []).append(owner_name)
    units: dict[str, int] = {}
    hours_by_function: dict[str, int] = {}
    total = without_function = without_hours = 0
    for member in members:
        if member.function:
            names = covered.setdefault(member.function, [])
            if member.name not in names:
                names.append(member.name)
        else:
            without_function += 1
        units[member.unit] = units.get(member.unit, 0) + 1
        if member.committed_hours is None:
            without_hours += 1
        else:
            total += member.committed_hours
            if member.function:
                hours_by_function[member.function] = (
                    hours_by_function.get(member.function, 0) + member.committed_hours
                )
    ordered = sorted(covered, key=lambda code: FUNCTION_ORDER.get(code, len(FUNCTION_ORDER)))
    return Coverage(
        required=needed,
        covered={code: tuple(covered[code]) for code in ordered},
        missing=tuple(code for code in needed if code not in covered),
        units=dict(sorted(units.items(), key=lambda item: (item[0] == "", item[0].lower()))),
        total_hours=total,
        hours_by_function=hours_by_function,
        without_function=without_function,
        without_hours=without_hours,
        size=len(members),
    )


def function_label(code: str) -> str:
    return str(TeamFunction(code).label) if code in TeamFunction.values else code


def missing_labels(coverage: Coverage) -> list[str]:
    return [function_label(code) for code in coverage.missing]
