"""Writes of the resource board (SPEC §6.4, seed 002): requests, decisions, capacity.
Each runs in one transaction, keeps history and takes the `updated_at` the caller saw
(stale -> ConflictError(current), nothing written).

- request_create(*, user, account, data) -> ResourceRequest: the account's writers
  (its KAM and team, administrators, directors); the unit's head is notified.
- request_update(*, user, request, data, seen_updated_at=None) and
  request_withdraw(*, user, request, seen_updated_at=None): the same people, while the
  request waits for a decision.
- request_decide(*, user, request, decision, granted_amount=None, reason="",
  seen_updated_at=None, over_capacity=False): the unit's head, administrators and
  directors; the requester is notified.
- capacity_set(*, user, unit, resource_type, month, amount, seen_updated_at=None):
  administrators, directors and the unit's head.

How a request uses capacity (`monthly_load`): an expert request holds its number of
people in every month of its period; hours and budget are spread evenly over the months.
Budget is compared in the base currency (portfolio planning rates). A month without a
capacity row has no capacity. Approving beyond what remains is refused; an administrator
or director may still approve with `over_capacity=True` (recorded in the history and the
reason), a unit's head may not: escalating is the point of the rule.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import Account
from keyplan.core.errors import ConflictError, check_seen
from keyplan.plans.models import Action, Goal
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.users.models import BusinessUnit, User

from ..common import messages
from ..common.services import notify
from ..models import (
    NotificationKind,
    RequestStatus,
    ResourceRequest,
    ResourceType,
    UnitCapacity,
)
from .access import can_set_capacity, request_for_user
from .domain import CENT, ZERO, month_start, months_between
from .selectors import capacity_shortfalls

MAX_AMOUNT = Decimal("999999999999.99")
MAX_MONTHS = 36

REQUEST_FIELDS = (
    "business_unit_id",
    "resource_type",
    "amount",
    "period_start",
    "period_end",
    "title",
    "business_case",
    "expected_revenue",
    "expected_gross_profit",
    "probability",
    "goal_id",
    "action_id",
)
DECISIONS = (RequestStatus.APPROVED, RequestStatus.PARTLY_APPROVED, RequestStatus.DECLINED)

__all__ = [
    "REQUEST_FIELDS",
    "capacity_set",
    "request_create",
    "request_decide",
    "request_update",
    "request_withdraw",
]


# --- requests ----------------------------------------------------------------------------


def _clean_text(value: Any) -> str:
    return str(value or "").strip()


def _apply(found: ResourceRequest, data: dict[str, Any]) -> list[str]:
    changed = []
    for key in REQUEST_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key in ("title", "business_case"):
            value = _clean_text(value)
        if getattr(found, key) != value:
            setattr(found, key, value)
            changed.append(key)
    return changed


def _unit_errors(found: ResourceRequest) -> dict[str, list[str]]:
    if found.business_unit_id is None:
        return {"business_unit_id": [_("Choose the business unit you ask.")]}
    if not BusinessUnit.objects.filter(pk=found.business_unit_id, is_active=True).exists():
        return {"business_unit_id": [_("Choose an active business unit.")]}
    return {}


def _period_errors(found: ResourceRequest) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if found.period_start is None:
        errors["period_start"] = [_("Give the first day.")]
    if found.period_end is None:
        errors["period_end"] = [_("Give the last day.")]
    if found.period_start and found.period_end:
        if found.period_end < found.period_start:
            errors["period_end"] = [_("The period must end on or after its start.")]
        elif len(months_between(found.period_start, found.period_end)) > MAX_MONTHS:
            errors["period_end"] = [_("Ask for three years at most; file a new request later.")]
    return errors


def _figure_errors(found: ResourceRequest) -> dict[str, list[str]]:
    """The probability and the expected effects."""
    errors: dict[str, list[str]] = {}
    probability = found.probability
    if probability is None or not ZERO <= Decimal(probability) <= Decimal(100):
        errors["probability"] = [_("The probability goes from 0 to 100.")]
    for key in ("expected_revenue", "expected_gross_profit"):
        value = getattr(found, key)
        if value is not None and abs(Decimal(value)) > MAX_AMOUNT:
            errors[key] = [_("This amount is too large.")]
    return errors


def _plan_errors(found: ResourceRequest) -> dict[str, list[str]]:
    """The goal and the action it serves belong to the account's plans."""
    errors: dict[str, list[str]] = {}
    plans = {"plan__account_id": found.account_id}
    if found.goal_id is not None and not Goal.objects.filter(pk=found.goal_id, **plans).exists():
        errors["goal_id"] = [_("Choose a goal of this account's plan.")]
    if (
        found.action_id is not None
        and not Action.objects.filter(pk=found.action_id, **plans).exists()
    ):
        errors["action_id"] = [_("Choose an action of this account's plan.")]
    return errors


def _validate(found: ResourceRequest) -> None:
    """Every error of the request at once, keyed by field (in the form's order)."""
    errors = _unit_errors(found)
    if found.resource_type not in ResourceType.values:
        errors["resource_type"] = [_("Choose experts, hours or budget.")]
    amount = found.amount
    if amount is None or not ZERO < Decimal(amount) <= MAX_AMOUNT:
        errors["amount"] = [_("Ask for more than zero.")]
    if not found.title:
        errors["title"] = [_("Say what the resources are for.")]
    errors |= _period_errors(found) | _figure_errors(found) | _plan_errors(found)
    if errors:
        raise ValidationError(errors)


def _history(found: ResourceRequest, user: User, reason: str) -> None:
    found._history_user = user  # type: ignore[attr-defined]
    found._change_reason = reason[:100]  # type: ignore[attr-defined]


def _url(found: ResourceRequest) -> str:
    return reverse("resources:detail", args=[found.pk])


@transaction.atomic
def request_create(*, user: User, account: Account, data: dict[str, Any]) -> ResourceRequest:
    """File a request for `account` (its writers only); the unit's head is notified."""
    access = account_for_user(user, account.pk, write=True)
    found = ResourceRequest(
        account=access.account, currency=access.account.currency, requested_by=user
    )
    _apply(found, data)
    _validate(found)
    _history(found, user, "created")
    found.save()
    unit = BusinessUnit.objects.select_related("head").get(pk=found.business_unit_id)
    if unit.head is not None and unit.head_id != user.pk:
        notify(
            user=unit.head,
            kind=NotificationKind.REQUEST,
            message=messages.REQUEST_NEW,
            params={"account": access.account.name, "unit": unit.name, "title": found.title},
            body=found.business_case,
            url=_url(found),
            account=access.account,
            key=f"request:{found.pk}:new",
        )
    return found


def _locked(found: ResourceRequest) -> ResourceRequest | None:
    return ResourceRequest.objects.select_for_update(of=("self",)).filter(pk=found.pk).first()


def _pending(current: ResourceRequest) -> None:
    if current.status != RequestStatus.PENDING:
        raise ValidationError(
            {"status": [_("The request was already decided or withdrawn; it cannot change.")]}
        )


@transaction.atomic
def request_update(
    *,
    user: User,
    request: ResourceRequest,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> ResourceRequest:
    """Change a request that still waits for a decision."""
    request_for_user(user, request.pk, write=True)
    current = _locked(request)
    check_seen(current, seen_updated_at)
    if current is None:
        raise ConflictError(None)
    _pending(current)
    changed = _apply(current, data)
    _validate(current)
    if changed:
        _history(current, user, "changed: " + ", ".join(changed))
        current.save()
    return current


@transaction.atomic
def request_withdraw(
    *, user: User, request: ResourceRequest, seen_updated_at: datetime | None = None
) -> ResourceRequest:
    request_for_user(user, request.pk, write=True)
    current = _locked(request)
    check_seen(current, seen_updated_at)
    if current is None:
        raise ConflictError(None)
    _pending(current)
    current.status = RequestStatus.WITHDRAWN
    _history(current, user, "withdrawn")
    current.save()
    return current


def _decision_amount(
    current: ResourceRequest, decision: str, granted_amount: Decimal | None, reason: str
) -> Decimal | None:
    errors: dict[str, list[str]] = {}
    if decision not in DECISIONS:
        raise ValidationError({"decision": [_("Approve, partly approve or decline.")]})
    granted: Decimal | None
    if decision == RequestStatus.APPROVED:
        granted = current.amount
    elif decision == RequestStatus.DECLINED:
        granted = None
    else:
        granted = granted_amount
        if granted is None or not ZERO < Decimal(granted) < current.amount:
            errors["granted_amount"] = [
                _("A partial approval grants more than zero and less than the amount asked.")
            ]
    if decision != RequestStatus.APPROVED and not reason:
        errors["reason"] = [_("Give the reason: the requester and the board will see it.")]
    if errors:
        raise ValidationError(errors)
    return granted


@transaction.atomic
def request_decide(
    *,
    user: User,
    request: ResourceRequest,
    decision: str,
    granted_amount: Decimal | None = None,
    reason: str = "",
    seen_updated_at: datetime | None = None,
    over_capacity: bool = False,
) -> ResourceRequest:
    """Approve, partly approve or decline a pending request against the unit's capacity."""
    request_for_user(user, request.pk, decide=True)
    current = _locked(request)
    check_seen(current, seen_updated_at)
    if current is None:
        raise ConflictError(None)
    _pending(current)
    reason = _clean_text(reason)
    granted = _decision_amount(current, decision, granted_amount, reason)
    if over_capacity and not can_manage_portfolio(user):
        raise PermissionDenied
    if granted is not None:
        short = capacity_shortfalls(current, granted)
        if short and not over_capacity:
            months = ", ".join(
                _("{month}: {remaining} left").format(
                    month=f"{month:%Y-%m}", remaining=max(ZERO, remaining)
                )
                for month, remaining in short
            )
            raise ValidationError(
                {
                    "granted_amount": [
                        _(
                            "This exceeds what the unit has left ({months}). Grant less, "
                            "raise the unit's capacity, or ask a director."
                        ).format(months=months)
                    ]
                }
            )
    current.status = decision
    current.granted_amount = granted
    current.decision_reason = reason
    current.decided_by = user
    current.decided_at = timezone.now()
    note = " (over capacity)" if over_capacity and granted is not None else ""
    _history(current, user, f"decided: {decision}{note}")
    current.save()
    if current.requested_by_id is not None:
        requester = User.objects.get(pk=current.requested_by_id)
        notify(
            user=requester,
            kind=NotificationKind.DECISION,
            message=messages.REQUEST_DECIDED,
            params={"status": current.status, "title": current.title},
            body=reason,
            url=_url(current),
            account=current.account,
            key=f"request:{current.pk}:decision",
        )
    return current


# --- capacity ----------------------------------------------------------------------------


@transaction.atomic
def capacity_set(
    *,
    user: User,
    unit: BusinessUnit,
    resource_type: str,
    month: date,
    amount: Decimal,
    seen_updated_at: datetime | None = None,
) -> UnitCapacity:
    """Set what `unit` can give of `resource_type` in `month` (administrators, directors,
    the unit's head). The month is taken from the date's first day."""
    if not can_set_capacity(user, unit):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if resource_type not in ResourceType.values:
        errors["resource_type"] = [_("Choose experts, hours or budget.")]
    if amount is None or not ZERO <= Decimal(amount) <= MAX_AMOUNT:
        errors["amount"] = [_("The capacity is zero or more.")]
    if month is None:
        errors["month"] = [_("Give the month.")]
    if errors:
        raise ValidationError(errors)
    first = month_start(month)
    current = (
        UnitCapacity.objects.select_for_update(of=("self",))
        .filter(business_unit=unit, resource_type=resource_type, month=first)
        .first()
    )
    if current is not None:
        check_seen(current, seen_updated_at)
    elif seen_updated_at is not None:
        raise ConflictError(None)
    if current is None:
        current = UnitCapacity(business_unit=unit, resource_type=resource_type, month=first)
        reason = "created"
    else:
        reason = "changed"
    amount = Decimal(amount).quantize(CENT, ROUND_HALF_UP)
    if current.pk is None or current.amount != amount:
        current.amount = amount
        current._history_user = user  # type: ignore[attr-defined]
        current._change_reason = reason  # type: ignore[attr-defined]
        current.save()
    return current
