"""Writes of the economics settings, by administrators and directors only (others:
PermissionDenied). One transaction each, history kept (who, when, what); a stale
`seen_updated_at` raises ConflictError(current) and writes nothing; invalid input raises
a ValidationError keyed by field.

- economics_settings_update(*, user, data, seen_updated_at=None) -> EconomicsSettings
- health_weights_update(*, user, data, seen_updated_at=None) -> EconomicsSettings: the
  weights of the health score's components, each 0-100, at least one above 0
- hourly_cost_create(*, user, data) -> HourlyCost
- hourly_cost_update(*, user, hourly_cost, data, seen_updated_at=None) -> HourlyCost
- hourly_cost_delete(*, user, hourly_cost, seen_updated_at=None) -> None

`data` of an hourly cost: person_id (a user id or None), role ("" with a person), amount
(above zero, at most four places), currency (three letters; the portfolio's base
currency when left out on create), valid_from (a date).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from keyplan.core.errors import ConflictError, check_seen
from keyplan.core.fields import to_minor
from keyplan.core.history import delete_with_history, save_with_history
from keyplan.portfolio.access import require_portfolio_manager
from keyplan.users.models import INTERNAL_ROLES, User

from ..models import EconomicsSettings, HourlyCost
from .domain import is_currency_code

SETTINGS_FIELDS = ("cost_of_capital",)
WEIGHT_FIELDS = (
    "weight_revenue_trend",
    "weight_margin_trend",
    "weight_payment",
    "weight_relationships",
    "weight_competition",
    "weight_plan",
    "weight_actions",
    "weight_satisfaction",
)
HOURLY_COST_FIELDS = ("person_id", "role", "amount", "currency", "valid_from")


def _unknown(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = [key for key in data if key not in allowed]
    if unknown:
        raise ValidationError({key: [_("Unknown field.")] for key in unknown})


def _normalized(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with the currency upper case and the texts stripped."""
    data = dict(data)
    if isinstance(data.get("currency"), str):
        data["currency"] = data["currency"].strip().upper()
    if isinstance(data.get("role"), str):
        data["role"] = data["role"].strip()
    return data


@transaction.atomic
def economics_settings_update(
    *, user: User, data: dict[str, Any], seen_updated_at: datetime | None = None
) -> EconomicsSettings:
    """Change the cost of capital (annual %, 0-100, two places)."""
    require_portfolio_manager(user)
    _unknown(data, SETTINGS_FIELDS)
    EconomicsSettings.load()
    current = EconomicsSettings.objects.select_for_update(of=("self",)).get(pk=1)
    check_seen(current, seen_updated_at)
    changed = [key for key, value in data.items() if getattr(current, key) != value]
    for key in changed:
        setattr(current, key, data[key])
    current.full_clean()
    if changed:
        save_with_history(current, user, "changed: " + ", ".join(changed))
    return current


def _check_weights(current: EconomicsSettings) -> None:
    errors: dict[str, list[str]] = {}
    for name in WEIGHT_FIELDS:
        value = getattr(current, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            errors[name] = [_("Enter a whole number from 0 to 100.")]
    if not errors and not any(getattr(current, name) for name in WEIGHT_FIELDS):
        errors["__all__"] = [_("Give at least one component a weight above 0.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def health_weights_update(
    *, user: User, data: dict[str, Any], seen_updated_at: datetime | None = None
) -> EconomicsSettings:
    """Change the weights of the health score's components (only those in `data`)."""
    require_portfolio_manager(user)
    _unknown(data, WEIGHT_FIELDS)
    EconomicsSettings.load()
    current = EconomicsSettings.objects.select_for_update(of=("self",)).get(pk=1)
    check_seen(current, seen_updated_at)
    changed = [key for key, value in data.items() if getattr(current, key) != value]
    for key in changed:
        setattr(current, key, data[key])
    _check_weights(current)
    if changed:
        save_with_history(current, user, "changed: " + ", ".join(changed))
    return current


def _check_person(person_id: int, errors: dict[str, list[str]]) -> None:
    # A person who has left may still get rates: their past time is priced with them.
    role = User.objects.filter(pk=person_id).values_list("role", flat=True).first()
    if role is None:
        errors["person"] = [_("There is no such person.")]
    elif role not in INTERNAL_ROLES:
        errors["person"] = [_("An hourly cost is for one of our people, not a portal user.")]


def _check_duplicate(cost: HourlyCost, errors: dict[str, list[str]]) -> None:
    others = HourlyCost.objects.filter(valid_from=cost.valid_from).exclude(pk=cost.pk)
    if cost.person_id is not None:
        if others.filter(person_id=cost.person_id).exists():
            errors["valid_from"] = [
                _("This person already has an hourly cost from this day; change that one.")
            ]
    elif others.filter(person__isnull=True, role=cost.role).exists():
        errors["valid_from"] = [
            _("This role already has an hourly cost from this day; change that one.")
        ]


def _exact(amount: Decimal | int) -> bool:
    try:
        to_minor(amount)
    except ValueError:
        return False
    return True


def _validate(cost: HourlyCost) -> None:
    """ValidationError keyed by field, or nothing."""
    errors: dict[str, list[str]] = {}
    if cost.person_id is not None and cost.role:
        errors["role"] = [_("Choose a person or a role, not both.")]
    elif cost.person_id is None and not cost.role:
        errors["person"] = [_("Choose a person or a role.")]
    elif cost.person_id is not None:
        _check_person(cost.person_id, errors)
    if not isinstance(cost.currency, str) or not is_currency_code(cost.currency):
        errors["currency"] = [_("Enter a three-letter ISO code such as PLN or EUR.")]
    if isinstance(cost.amount, Decimal | int):
        if cost.amount <= 0:
            errors["amount"] = [_("Enter an hourly cost above zero.")]
        elif not _exact(cost.amount):
            errors["amount"] = [_("Enter the hourly cost with at most four decimal places.")]
    try:
        cost.full_clean(
            exclude=["created_by", *errors], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if not errors and cost.valid_from is not None:
        _check_duplicate(cost, errors)
    if errors:
        raise ValidationError(errors)


def _save(cost: HourlyCost, user: User, reason: str) -> None:
    try:
        with transaction.atomic():
            save_with_history(cost, user, reason)
    except IntegrityError as exc:  # a race past the duplicate check
        raise ValidationError(
            {
                "valid_from": [
                    _("An hourly cost for the same person or role and day was just saved.")
                ]
            }
        ) from exc


@transaction.atomic
def hourly_cost_create(*, user: User, data: dict[str, Any]) -> HourlyCost:
    """Add an hourly cost for a person or a role from a day on."""
    require_portfolio_manager(user)
    _unknown(data, HOURLY_COST_FIELDS)
    cost = HourlyCost(created_by=user)
    for key, value in _normalized(data).items():
        if key == "currency" and not value:
            continue  # the model's default: the portfolio's base currency
        setattr(cost, key, value)
    _validate(cost)
    _save(cost, user, "created")
    return cost


def _locked(hourly_cost: HourlyCost | int, seen_updated_at: datetime | None) -> HourlyCost:
    pk = hourly_cost.pk if isinstance(hourly_cost, HourlyCost) else hourly_cost
    current = HourlyCost.objects.select_for_update(of=("self",)).filter(pk=pk).first()
    if current is None and seen_updated_at is None:
        raise Http404
    if current is None:
        raise ConflictError(None)
    check_seen(current, seen_updated_at)
    return current


@transaction.atomic
def hourly_cost_update(
    *,
    user: User,
    hourly_cost: HourlyCost | int,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> HourlyCost:
    """Change an hourly cost: only the fields in `data` (a person given clears the role
    and the other way round, so a switch needs one field)."""
    require_portfolio_manager(user)
    _unknown(data, HOURLY_COST_FIELDS)
    current = _locked(hourly_cost, seen_updated_at)
    data = _normalized(data)
    if data.get("person_id") is not None and "role" not in data:
        data["role"] = ""
    if data.get("role") and "person_id" not in data:
        data["person_id"] = None
    changed = [key for key, value in data.items() if getattr(current, key) != value]
    for key in changed:
        setattr(current, key, data[key])
    _validate(current)
    if changed:
        _save(current, user, "changed: " + ", ".join(changed))
    return current


@transaction.atomic
def hourly_cost_delete(
    *, user: User, hourly_cost: HourlyCost | int, seen_updated_at: datetime | None = None
) -> None:
    """Delete an hourly cost: from then on its days take the rate before it (or the
    role's, or none)."""
    require_portfolio_manager(user)
    current = _locked(hourly_cost, seen_updated_at)
    delete_with_history(current, user, "deleted")
