"""What the competition services share: applying data, validating, saving with history,
the conflict check, and the plan a weak point or an advantage is sent to.

Every service takes the acting `user` first (keyword-only), applies the access rule
(keyplan.competition.access: 404 for what the user may not see, 403 for a read-only
user writing), validates (ValidationError keyed by field, nothing written), refuses a
stale write (ConflictError) when given the `updated_at` the caller saw, and records
history with the user.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from keyplan.accounts.models import Account
from keyplan.core.errors import ConflictError, check_seen
from keyplan.plans.models import AccountPlan
from keyplan.plans.versions.selectors import current_plan

M = TypeVar("M", bound=models.Model)


def apply(obj: models.Model, data: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Set the allowed entries of `data` on `obj`; return the ones that changed."""
    changes = {k: v for k, v in data.items() if k in allowed and getattr(obj, k) != v}
    for key, value in changes.items():
        setattr(obj, key, value)
    return changes


def clean(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """full_clean, string fields stripped; a ValidationError keyed by field."""
    for f in obj._meta.concrete_fields:
        if isinstance(f, models.CharField | models.TextField):
            value = getattr(obj, f.attname)
            if isinstance(value, str):
                setattr(obj, f.attname, value.strip())
    obj.full_clean(exclude=exclude)


def save(obj: models.Model, *, user: Any, reason: str = "") -> None:
    obj._history_user = user  # type: ignore[attr-defined]  # simple-history reads it
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]  # simple-history reads it
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:  # a race past full_clean's uniqueness checks
        raise ValidationError(
            _("The change conflicts with existing data: %(e)s") % {"e": exc}
        ) from exc


def delete(obj: models.Model, *, user: Any, reason: str = "") -> None:
    obj._history_user = user  # type: ignore[attr-defined]  # simple-history reads it
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]  # simple-history reads it
    obj.delete()


def lock(model: type[M], pk: int, seen_updated_at: datetime | None) -> M:
    """The row `pk` locked for update; Http404 when gone; ConflictError when the
    caller saw another `updated_at` (or the row is gone since)."""
    current = model._default_manager.select_for_update(of=("self",)).filter(pk=pk).first()
    if current is None:
        if seen_updated_at is None:
            raise Http404
        raise ConflictError(None)
    check_seen(current, seen_updated_at)
    return current


def plan_for_writing(account: Account, *, what: str) -> AccountPlan:
    """The account's current plan if items may still be added to it, else a
    ValidationError telling what to do. `what` names the item ("an action")."""
    plan = current_plan(account)
    if plan is None:
        raise ValidationError(
            _("The account has no current plan: create a plan first, then add %(what)s.")
            % {"what": what}
        )
    if not plan.is_editable:
        raise ValidationError(
            _(
                "The current plan (%(period)s) is approved and cannot take %(what)s; revise "
                "it to make a new version, then try again."
            )
            % {"period": plan.period, "what": what}
        )
    return plan
