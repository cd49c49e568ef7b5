"""Writes of the KPI targets, by administrators and directors only (others:
PermissionDenied). One transaction each, history kept (who, when, what); invalid input
raises a ValidationError keyed by field.

- kpi_target_set(*, user, kpi, year, value, account_class="", note="") -> KpiTarget
- kpi_target_clear(*, user, kpi, year, account_class="") -> None (Http404 without one)

A target is for one KPI (keyplan.economics.models.Kpi), one year (from 2000 to five years
ahead) and the whole portfolio (class "") or one account class; its value is in the KPI's
unit and range (percentages −100..1000, retention 0..100 gross, satisfaction 0–10, days,
money in the base currency at most four places).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.models import AccountClass
from keyplan.core.history import delete_with_history, save_with_history
from keyplan.portfolio.access import require_portfolio_manager
from keyplan.users.models import User

from ..models import Kpi, KpiTarget
from . import domain

PLACES = Decimal("0.0001")


def _decimal(value, errors: dict[str, list[str]]) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors["value"] = [_("Enter a number.")]
        return None
    if not number.is_finite():
        errors["value"] = [_("Enter a number.")]
        return None
    if number != number.quantize(PLACES, rounding="ROUND_DOWN"):
        errors["value"] = [_("Enter the target with at most four decimal places.")]
        return None
    return number


def _range_text(kpi: str) -> str:
    low, high = domain.RANGES[kpi]
    return _("Enter a target from %(low)s to %(high)s.") % {
        "low": format(low.normalize(), "f"),
        "high": format(high.normalize(), "f"),
    }


def _validate(kpi: str, year, value, account_class: str, today: date) -> tuple[int, Decimal]:
    errors: dict[str, list[str]] = {}
    if kpi not in Kpi.values:
        errors["kpi"] = [_("Choose one of the KPIs.")]
    if account_class and account_class not in AccountClass.values:
        errors["account_class"] = [_("Choose an account class or the whole portfolio.")]
    elif account_class and kpi in domain.WHOLE_ONLY:
        errors["account_class"] = [_("This KPI is set for the whole portfolio only.")]
    try:
        year = int(year)
    except (TypeError, ValueError):
        errors["year"] = [_("Enter a year.")]
        year = 0
    number = _decimal(value, errors)
    if errors.get("kpi") or number is None or not year:
        raise ValidationError(errors)
    problems = domain.target_problems(kpi, year, number, today)
    if "year" in problems:
        errors["year"] = [
            _("Enter a year from %(first)s to %(last)s.")
            % {"first": domain.FIRST_YEAR, "last": today.year + domain.YEARS_AHEAD}
        ]
    if "value" in problems:
        errors["value"] = [_range_text(kpi)]
    if errors:
        raise ValidationError(errors)
    return year, number


@transaction.atomic
def kpi_target_set(
    *,
    user: User,
    kpi: str,
    year: int,
    value: Decimal | str,
    account_class: str = "",
    note: str = "",
) -> KpiTarget:
    """Set (create or change) the target of `kpi` for `year` and `account_class`."""
    require_portfolio_manager(user)
    account_class = (account_class or "").strip()
    year, number = _validate(kpi, year, value, account_class, timezone.localdate())
    note = (note or "").strip()
    if len(note) > 255:
        raise ValidationError({"note": [_("Keep the note under 255 characters.")]})
    target = (
        KpiTarget.objects.select_for_update()
        .filter(kpi=kpi, account_class=account_class, year=year)
        .first()
    )
    if target is None:
        target = KpiTarget(kpi=kpi, account_class=account_class, year=year)
        reason = "set"
    elif target.value == number and target.note == note:
        return target
    else:
        reason = "changed"
    target.value, target.note, target.set_by = number, note, user
    save_with_history(target, user, reason)
    return target


@transaction.atomic
def kpi_target_clear(*, user: User, kpi: str, year: int, account_class: str = "") -> None:
    """Remove the target of `kpi` for `year` and `account_class` (Http404 without one)."""
    require_portfolio_manager(user)
    target = (
        KpiTarget.objects.select_for_update()
        .filter(kpi=kpi, account_class=(account_class or "").strip(), year=year)
        .first()
    )
    if target is None:
        raise Http404
    delete_with_history(target, user, "cleared")
