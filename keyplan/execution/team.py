"""The account team (SPEC §6.2; seed 000 people alignment, seed 002 several business units).

Pure coverage rules (no ORM; tested without a database):

- `team_coverage(members=..., required=..., owner_name=...)` -> Coverage: which of the
  required functions (ExecutionSettings.required_functions) are covered and by whom, which
  are missing, which business units are represented, the committed hours in total and per
  function. The account's owner is its key account manager and so covers "sales" whether
  or not they are also listed on the team (otherwise every account without an extra sales
  person would show "sales" missing).
- `clean_required(codes)`: the known function codes of a setting, once each, in the order
  of TeamFunction.

Writes (one transaction each, history kept, a stale `seen_updated_at` raises
ConflictError(current) and writes nothing):

- team_member_update(*, user, member, data, seen_updated_at=None) -> AccountTeamMember
  (data: role, contribution, function, committed_hours, business_unit; the account's
  writers only)
- team_member_delete(*, user, member, seen_updated_at=None) -> None
- execution_settings_update(*, user, data, seen_updated_at=None) -> ExecutionSettings
  (administrators and directors only)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keyplan.accounts.models import TeamFunction
from keyplan.core.errors import check_seen
from keyplan.core.history import save_with_history
from keyplan.portfolio.access import require_portfolio_manager
from keyplan.users.models import User

from .models import ExecutionSettings

WEIGHT_FIELDS = ("weight_class", "weight_score", "weight_return", "weight_completeness")
SETTINGS_FIELDS = (
    "saa_cadence",
    "seven_s_cadence",
    "reminder_days",
    "required_functions",
    *WEIGHT_FIELDS,
)
SALES = TeamFunction.SALES.value
FUNCTION_ORDER = {code: index for index, code in enumerate(TeamFunction.values)}


# --- pure rules ------------------------------------------------------------------------------


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


# --- writes ----------------------------------------------------------------------------------


def _validate_settings(current: ExecutionSettings) -> None:
    errors: dict[str, list[str]] = {}
    codes = current.required_functions
    if not isinstance(codes, list | tuple) or not all(isinstance(c, str) for c in codes):
        errors["required_functions"] = [_("Give the functions as a list of function codes.")]
    else:
        unknown = [c for c in codes if c not in TeamFunction.values]
        if unknown:
            errors["required_functions"] = [
                _("Unknown function: %(codes)s. Choose from: %(known)s.")
                % {"codes": ", ".join(unknown), "known": ", ".join(TeamFunction.values)}
            ]
        else:
            current.required_functions = list(clean_required(codes))
    try:
        current.full_clean(exclude=["required_functions"])
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    weights = [getattr(current, name) for name in WEIGHT_FIELDS]
    if not any(key in errors for key in WEIGHT_FIELDS) and sum(
        (Decimal(str(w)) for w in weights), Decimal(0)
    ) <= Decimal(0):
        errors["weight_class"] = [
            _("At least one priority weight must be above zero: the weights are normalised.")
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def execution_settings_update(
    *, user: User, data: dict[str, Any], seen_updated_at: datetime | None = None
) -> ExecutionSettings:
    """Change the checkpoint cadences, reminder days, required team functions and the
    resource priority weights (administrators and directors only)."""
    require_portfolio_manager(user)
    ExecutionSettings.load()
    current = ExecutionSettings.objects.select_for_update(of=("self",)).get(pk=1)
    check_seen(current, seen_updated_at)
    unknown = [key for key in data if key not in SETTINGS_FIELDS]
    if unknown:
        raise ValidationError({key: [_("Unknown setting.")] for key in unknown})
    changed = []
    for key, value in data.items():
        if key == "required_functions" and isinstance(value, list | tuple):
            known = all(isinstance(c, str) and c in TeamFunction.values for c in value)
            value = list(clean_required(value)) if known else value
        if getattr(current, key) != value:
            setattr(current, key, value)
            changed.append(key)
    _validate_settings(current)
    if changed:
        save_with_history(current, user, "changed: " + ", ".join(changed))
    return current
