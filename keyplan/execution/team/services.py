"""Writes of the execution settings (one transaction, history kept, a stale
`seen_updated_at` raises ConflictError(current) and writes nothing):

- execution_settings_update(*, user, data, seen_updated_at=None) -> ExecutionSettings:
  the checkpoint cadences, reminder days, the functions a strategic account's team should
  cover and the resource priority weights (administrators and directors only).
"""

from __future__ import annotations

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

from ..models import ExecutionSettings
from .domain import clean_required

WEIGHT_FIELDS = ("weight_class", "weight_score", "weight_return", "weight_completeness")
SETTINGS_FIELDS = (
    "saa_cadence",
    "seven_s_cadence",
    "reminder_days",
    "required_functions",
    *WEIGHT_FIELDS,
)


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
