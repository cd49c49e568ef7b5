"""The growth-potential inputs of an account (SPEC §1.3): the share of wallet estimate
(its yearly spend in our category) and the SAM fitness assessment (seed 001's four
conditions). Both keep their history through simple-history.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keyplan.core.errors import check_seen
from keyplan.sales.figures.domain import quantize
from keyplan.sales.models import WalletEstimate

from ..access import write_access
from ..models import Fitness, SamFitness

__all__ = ["delete_wallet", "set_sam_fitness", "set_wallet"]


@transaction.atomic
def set_wallet(
    *,
    user,
    account,
    category_spend,
    currency: str,
    source: str = "",
    seen_updated_at: datetime | None = None,
) -> WalletEstimate:
    """Enter or change `account`'s yearly spend in our category (share of wallet input).

    Write access to the account (404 / PermissionDenied as account_for_user);
    ValidationError naming "category_spend" (not an amount >= 0), "currency" (not a
    three-letter code) or "source" (too long); ConflictError on a stale
    `seen_updated_at`. History via simple-history; an unchanged estimate writes nothing.
    """
    access = write_access(user, account)
    errors: dict[str, list[str]] = {}
    try:
        amount = Decimal(str(category_spend).strip().replace(" ", "").replace(",", "."))
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e16"):
            raise ValueError
        amount = quantize(amount)
    except (InvalidOperation, ValueError):
        errors["category_spend"] = [_("Enter an amount of zero or more.")]
    code = str(currency or "").strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        errors["currency"] = [_("Enter a three-letter currency code, such as EUR.")]
    source = str(source or "").replace("\x00", "").strip()
    if len(source) > 255:
        errors["source"] = [_("At most 255 characters.")]
    if errors:
        raise ValidationError(errors)
    current = WalletEstimate.objects.select_for_update().filter(account=access.account).first()
    check_seen(current, seen_updated_at)
    if current is None:
        current = WalletEstimate(account=access.account)
    elif (current.category_spend, current.currency, current.source) == (amount, code, source):
        return current
    current.category_spend = amount
    current.currency = code
    current.source = source
    current.updated_by = user
    current._history_user = user  # type: ignore[attr-defined]  # simple-history's author
    current.save()
    return current


@transaction.atomic
def delete_wallet(*, user, account) -> None:
    """Remove `account`'s share of wallet estimate (write access; history kept)."""
    access = write_access(user, account)
    current = WalletEstimate.objects.filter(account=access.account).first()
    if current is not None:
        current._history_user = user  # type: ignore[attr-defined]  # simple-history's author
        current.delete()


@transaction.atomic
def set_sam_fitness(
    *, user, account, seen_updated_at: datetime | None = None, **answers
) -> SamFitness:
    """Record seed 001's four conditions for `account`: answers among
    sells_directly, continuing_need, values_added_value, trust_possible (each "yes",
    "no" or "unknown") and note. Unspecified answers keep their value.

    Write access to the account; ValidationError naming the field for an unknown field
    or answer; ConflictError on a stale `seen_updated_at`. History via simple-history.
    """
    access = write_access(user, account)
    errors: dict[str, list[str]] = {}
    changes: dict[str, str] = {}
    for name, answer in answers.items():
        if name in SamFitness.CONDITIONS:
            if answer not in Fitness.values:
                errors[name] = [_("Answer yes, no or unknown.")]
            else:
                changes[name] = str(answer)
        elif name == "note":
            changes[name] = str(answer or "").replace("\x00", "").strip()
        else:
            errors[name] = [_("Unknown field.")]
    if errors:
        raise ValidationError(errors)
    current = SamFitness.objects.select_for_update().filter(account=access.account).first()
    check_seen(current, seen_updated_at)
    if current is None:
        current = SamFitness(account=access.account)
    elif all(getattr(current, name) == value for name, value in changes.items()):
        return current
    for name, value in changes.items():
        setattr(current, name, value)
    current.assessed_by = user
    current._history_user = user  # type: ignore[attr-defined]  # simple-history's author
    current.save()
    return current
