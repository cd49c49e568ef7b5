"""What the plan features' services share (versions, items): the access and state
checks, saving with history, locking the plan. For keyplan.plans only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from keyplan.accounts.access import can_write_account
from keyplan.plans.models import AccountPlan, PlanState
from keyplan.users.models import User


def require_write(user: User, plan: AccountPlan) -> None:
    if not can_write_account(user, plan.account):
        raise PermissionDenied


def read_only_error(plan: AccountPlan) -> ValidationError:
    if plan.state == PlanState.APPROVED:
        return ValidationError(
            _(
                "This plan is approved and can no longer be changed; revise it to make a "
                "new version."
            )
        )
    return ValidationError(
        _("This version has been superseded; change the current version of the plan.")
    )


def require_editable(plan: AccountPlan) -> None:
    if not plan.is_editable:
        raise read_only_error(plan)


def save(obj: Any, *, user: User, reason: str = "", **kwargs: Any) -> None:
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    try:
        with transaction.atomic():
            obj.save(**kwargs)
    except IntegrityError as exc:  # a race past full_clean's uniqueness checks
        raise ValidationError(
            _("The change conflicts with existing data: %(e)s") % {"e": exc}
        ) from exc


def lock_plan(plan: AccountPlan) -> AccountPlan:
    current = AccountPlan.objects.select_for_update().get(pk=plan.pk)
    current.account = plan.account
    return current


def changed_fields(obj: Any, data: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """The entries of `data` that are allowed and differ from `obj` (M2M handled apart)."""
    return {
        key: value
        for key, value in data.items()
        if key in allowed and key != "product_ids" and getattr(obj, key) != value
    }
