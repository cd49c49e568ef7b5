"""Writes of the service costs entered by hand (the page and the API; the import writes
in bulk, keyplan.imports.service_costs): add one to an account, change it, delete it.

Every write takes the account's write access (`account_for_user(write=True)`: 404 for an
account the user cannot see, 403 for a read-only viewer), validates (a ValidationError
keyed by field, nothing written: keyplan.sales.costs.domain says what is valid), refuses a
stale update or delete (ConflictError) when given the `updated_at` the caller saw, and
records history with the user.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import Account
from keyplan.core.errors import ConflictError, check_seen
from keyplan.core.history import delete_with_history, save_with_history
from keyplan.users.models import User

from ..models import ServiceCost, ServiceCostCategory
from .domain import amount_problem, currency_problem, date_problem

NOTE_LENGTH = 500
EXTERNAL_ID_LENGTH = 100


Cleaned = tuple[Any, str | None]  # the value as stored, or why it is refused


def _date(value: Any, account: Account) -> Cleaned:
    if not isinstance(value, date):
        return None, _("Enter a date as YYYY-MM-DD.")
    return value, date_problem(value, timezone.localdate())


def _category(value: Any, account: Account) -> Cleaned:
    if value in ServiceCostCategory.values:
        return value, None
    return None, _("Choose one of: %(list)s.") % {"list": ", ".join(ServiceCostCategory.values)}


def _amount(value: Any, account: Account) -> Cleaned:
    problem = amount_problem(value)
    return (None if problem else Decimal(str(value).strip())), problem


def _currency(value: Any, account: Account) -> Cleaned:
    code = str(value or "").strip().upper() or account.currency
    return code, currency_problem(code)


def _text(limit: int):
    def clean(value: Any, account: Account) -> Cleaned:
        text = str(value or "").strip()
        if len(text) > limit:
            return None, _("At most %(count)s characters.") % {"count": limit}
        return text, None

    return clean


CLEANERS = {
    "date": _date,
    "category": _category,
    "amount": _amount,
    "currency": _currency,  # empty: the account's currency
    "note": _text(NOTE_LENGTH),
    "external_id": _text(EXTERNAL_ID_LENGTH),
}


def _clean(
    data: dict[str, Any], *, account: Account
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The values of `data` (the FIELDS given) as the model stores them, and the problems
    per field."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for key, value in data.items():
        cleaned, problem = CLEANERS[key](value, account)
        if problem:
            errors[key] = [problem]
        else:
            values[key] = cleaned
    return values, errors


# What a caller may set; the account is given apart, the rest is the service's.
FIELDS = tuple(CLEANERS)


def _check_external_id(cost: ServiceCost, errors: dict[str, list[str]]) -> None:
    if (
        cost.external_id
        and ServiceCost.objects.filter(external_id=cost.external_id).exclude(pk=cost.pk).exists()
    ):
        errors.setdefault("external_id", []).append(_("Another service cost has this external id."))


def _save(cost: ServiceCost, user: User) -> None:
    try:
        with transaction.atomic():
            save_with_history(cost, user, "")
    except IntegrityError as exc:  # a race past the external id's check
        raise ValidationError(
            {"external_id": [_("Another service cost has this external id.")]}
        ) from exc


@transaction.atomic
def service_cost_create(*, user: User, account: Account | int, data: dict[str, Any]) -> ServiceCost:
    """Add a service cost to `account`: `data` has date, category and amount, and may have
    currency (the account's when empty), note and external_id."""
    account = account_for_user(user, getattr(account, "pk", account), write=True).account
    wanted = {key: data.get(key) for key in FIELDS}
    values, errors = _clean(wanted, account=account)
    cost = ServiceCost(account=account, created_by=user, **values)
    _check_external_id(cost, errors)
    if errors:
        raise ValidationError(errors)
    _save(cost, user)
    return cost


def _locked(cost: ServiceCost, seen_updated_at: datetime | None) -> ServiceCost | None:
    current = ServiceCost.objects.select_for_update(of=("self",)).filter(pk=cost.pk).first()
    check_seen(current, seen_updated_at)
    return current


@transaction.atomic
def service_cost_update(
    *,
    user: User,
    cost: ServiceCost,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> ServiceCost:
    """Change the fields of `data` (of FIELDS) of a service cost. ConflictError when it
    changed since `seen_updated_at` or was deleted; nothing is saved without a change."""
    account = account_for_user(user, cost.account_id, write=True).account
    current = _locked(cost, seen_updated_at)
    if current is None:
        raise ConflictError(None)
    values, errors = _clean({k: v for k, v in data.items() if k in FIELDS}, account=account)
    changes = {key: value for key, value in values.items() if getattr(current, key) != value}
    for key, value in changes.items():
        setattr(current, key, value)
    _check_external_id(current, errors)
    if errors:
        raise ValidationError(errors)
    if changes:
        _save(current, user)
    current.account = account
    return current


@transaction.atomic
def service_cost_delete(
    *, user: User, cost: ServiceCost, seen_updated_at: datetime | None = None
) -> None:
    """Delete a service cost (its history stays). ConflictError when it changed since
    `seen_updated_at`; deleting one already gone without a version seen does nothing."""
    account_for_user(user, cost.account_id, write=True)
    current = _locked(cost, seen_updated_at)
    if current is not None:
        delete_with_history(current, user, "")
