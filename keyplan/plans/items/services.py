"""Writes to the items of a plan: add, change (with the conflict check), delete and
restore from history. Each runs in one transaction, checks the access rule and keeps
history (who, when, what; deletions included).

- item_create(*, user, plan, kind, data) -> PlanItem
- item_update(*, user, item, data, seen_updated_at=None) -> PlanItem
- item_delete(*, user, item, seen_updated_at=None) -> None
- item_restore(*, user, plan, kind, item_id) -> PlanItem: undo a deletion from history

`kind` is a key of models.ITEM_MODELS (profile, industry, swot, customer_goal,
customer_problem, culture, potential, goal, value, perception, action). `data` holds the
model's `editable_fields`: foreign keys by id (owner_id, business_unit_id, goal_id,
customer_goal_id), products as product_ids; errors are keyed by the same names. A stale
`seen_updated_at` raises ConflictError(current) and writes nothing: the page shows both
versions, the API answers 409. On an approved plan only the execution fields (action
status and progress note, goal status) may change; any other change raises
ValidationError saying to revise the plan.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.models import Account, AccountTeamMember
from keyplan.core.errors import ConflictError
from keyplan.plans.common.services import (
    changed_fields,
    lock_plan,
    read_only_error,
    require_editable,
    require_write,
    save,
)
from keyplan.plans.models import (
    ITEM_MODELS,
    AccountPlan,
    Action,
    ActionStatus,
    CustomerGoal,
    Goal,
    PlanItem,
    PlanState,
    PotentialEstimate,
)
from keyplan.plans.signals import action_assigned
from keyplan.users.models import BusinessUnit, User

# Foreign keys a caller sets by id: attname -> model field name.
_REFERENCES = {
    "owner_id": "owner",
    "business_unit_id": "business_unit",
    "goal_id": "goal",
    "customer_goal_id": "customer_goal",
}


def _team_user_ids(account: Account) -> set[int]:
    """The people an action may be given to: the account's owner and its team."""
    ids = set(AccountTeamMember.objects.filter(account=account).values_list("user_id", flat=True))
    if account.owner_id is not None:
        ids.add(account.owner_id)
    return set(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))


def _check_references(item: PlanItem, data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    plan = item.plan
    if data.get("owner_id") is not None and data["owner_id"] not in _team_user_ids(plan.account):
        errors["owner_id"] = [_("The owner must be the account's owner or a member of its team.")]
    if (
        data.get("business_unit_id") is not None
        and not BusinessUnit.objects.filter(pk=data["business_unit_id"]).exists()
    ):
        errors["business_unit_id"] = [_("No business unit with this id.")]
    if (
        data.get("goal_id") is not None
        and not Goal.objects.filter(pk=data["goal_id"], plan_id=plan.pk).exists()
    ):
        errors["goal_id"] = [_("Choose a goal of this plan.")]
    if (
        data.get("customer_goal_id") is not None
        and not CustomerGoal.objects.filter(pk=data["customer_goal_id"], plan_id=plan.pk).exists()
    ):
        errors["customer_goal_id"] = [_("Choose a customer goal of this plan.")]
    if data.get("product_ids"):
        from keyplan.sales.models import Product

        wanted = set(data["product_ids"])
        found = set(Product.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted - found:
            errors["product_ids"] = [
                _("No product with id %(ids)s.")
                % {"ids": ", ".join(str(pk) for pk in sorted(wanted - found))}
            ]


def _validate_item(item: PlanItem, data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    _check_references(item, data, errors)
    if isinstance(item, PotentialEstimate):
        item.currency = (item.currency or item.plan.account.currency).upper()
        if item.currency not in settings.KEYPLAN_CURRENCIES:
            errors["currency"] = [
                _("“%(value)s” is not one of the currencies in use: %(list)s.")
                % {"value": item.currency, "list": ", ".join(settings.KEYPLAN_CURRENCIES)}
            ]
    references = [field for field in _REFERENCES.values() if hasattr(item, field + "_id")]
    exclude = [*references, *(k.removesuffix("_id") for k in errors)]
    try:
        item.full_clean(exclude=exclude)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _apply_status(item: PlanItem) -> None:
    """An action that becomes done is stamped; one that is reopened loses the stamp."""
    if isinstance(item, Action):
        if item.status == ActionStatus.DONE and item.completed_at is None:
            item.completed_at = timezone.now()
        elif item.status != ActionStatus.DONE:
            item.completed_at = None


@transaction.atomic
def item_create(*, user: User, plan: AccountPlan, kind: str, data: dict[str, Any]) -> PlanItem:
    """Add an item of `kind` to a draft plan or one in review; last in its section
    unless `position` is given."""
    require_write(user, plan)
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404
    current = lock_plan(plan)  # serialises concurrent creates and state changes
    require_editable(current)
    values = {k: v for k, v in data.items() if k in model.editable_fields and k != "product_ids"}
    item = model(plan=current, **values)
    if "position" not in values:
        last = model.objects.filter(plan=current).aggregate(p=Max("position"))["p"]
        item.position = 0 if last is None else last + 1
    if isinstance(item, Action) and item.owner_id and "business_unit_id" not in values:
        item.business_unit_id = _owner_unit(current.account, item.owner_id)
    _validate_item(item, data)
    _apply_status(item)
    save(item, user=user)
    if isinstance(item, CustomerGoal) and data.get("product_ids"):
        item.products.set(data["product_ids"])
    if isinstance(item, Action) and item.owner_id:
        action_assigned.send(sender=Action, action=item, by=user)
    return item


def _owner_unit(account: Account, owner_id: int) -> int | None:
    """The business unit the owner works for on this account, else their own."""
    unit = (
        AccountTeamMember.objects.filter(account=account, user_id=owner_id)
        .values_list("business_unit_id", flat=True)
        .first()
    )
    if unit is None:
        unit = User.objects.filter(pk=owner_id).values_list("business_unit_id", flat=True).first()
    return unit


@transaction.atomic
def item_update(
    *,
    user: User,
    item: PlanItem,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> PlanItem:
    """Change an item. With `seen_updated_at`, refuse (ConflictError, nothing written)
    if someone saved it after the caller read it."""
    plan = item.plan
    require_write(user, plan)
    model = type(item)
    current_plan = lock_plan(plan)
    current = model.objects.select_for_update().filter(pk=item.pk).first()
    if current is None:
        raise Http404  # deleted meanwhile
    if seen_updated_at is not None and current.updated_at != seen_updated_at:
        raise ConflictError(current)
    current.plan = current_plan
    changes = changed_fields(current, data, model.editable_fields)
    products_change = _products_change(current, data)
    if not changes and products_change is None:
        return current
    _require_changeable(current_plan, model, changes, products_change)
    for key, value in changes.items():
        setattr(current, key, value)
    _validate_item(current, {k: v for k, v in data.items() if k in changes or k == "product_ids"})
    _apply_status(current)
    if changes:
        save(current, user=user)
    if isinstance(current, Action) and "owner_id" in changes and current.owner_id:
        action_assigned.send(sender=Action, action=current, by=user)
    if products_change is not None:
        current._history_user = user  # type: ignore[attr-defined]
        current.products.set(products_change)  # type: ignore[attr-defined]
        if not changes:  # the item changed: a new updated_at for the next conflict check
            save(current, user=user)
    return current


def _products_change(item: PlanItem, data: dict[str, Any]) -> list[int] | None:
    """The customer goal's new product ids, if `data` changes them; else None."""
    if isinstance(item, CustomerGoal) and "product_ids" in data:
        before = set(item.products.values_list("pk", flat=True))
        if set(data["product_ids"]) != before:
            return data["product_ids"]
    return None


def _require_changeable(
    plan: AccountPlan,
    model: type[PlanItem],
    changes: dict[str, Any],
    products_change: list[int] | None,
) -> None:
    """A plan in draft or review takes any change; an approved one only changes to the
    execution fields; a superseded one none."""
    if not plan.is_editable:
        planning_changes = set(changes) - set(model.execution_fields)
        if plan.state != PlanState.APPROVED or planning_changes or products_change:
            raise read_only_error(plan)


@transaction.atomic
def item_delete(*, user: User, item: PlanItem, seen_updated_at: datetime | None = None) -> None:
    """Delete an item (recorded in history, so `item_restore` can undo it). With
    `seen_updated_at`, refuse (ConflictError) if someone changed it since."""
    plan = item.plan
    require_write(user, plan)
    current_plan = lock_plan(plan)
    require_editable(current_plan)
    current = type(item).objects.select_for_update().filter(pk=item.pk).first()
    if current is None:
        return  # already gone: deleting is idempotent
    if seen_updated_at is not None and current.updated_at != seen_updated_at:
        raise ConflictError(current)
    current._history_user = user  # type: ignore[attr-defined]
    current.delete()


@transaction.atomic
def item_restore(*, user: User, plan: AccountPlan, kind: str, item_id: int) -> PlanItem:
    """Undo the deletion of item `item_id` of `kind` in `plan` from its latest history
    record: the same id, origin and values. Links to items deleted since are left empty;
    a customer goal gets back the products it had."""
    require_write(user, plan)
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404
    current_plan = lock_plan(plan)
    require_editable(current_plan)
    records = model.history.filter(id=item_id).order_by("-history_date", "-history_id")  # type: ignore[attr-defined]
    record = records.first()
    if record is None or record.plan_id != current_plan.pk:
        raise Http404
    if record.history_type != "-" or model.objects.filter(pk=item_id).exists():
        raise ValidationError(_("This item was not deleted."))
    item = record.instance
    item.plan = current_plan
    product_ids: list[int] = []
    if isinstance(item, CustomerGoal):
        # The deletion record has no products (the links go first): take the last
        # record before it.
        before = records.exclude(history_type="-").first()
        if before is not None:
            product_ids = list(before.products.values_list("product_id", flat=True))
    for attname in _REFERENCES:
        if not hasattr(item, attname) or getattr(item, attname) is None:
            continue
        related = cast(Any, model._meta.get_field(_REFERENCES[attname]).related_model)
        target = related._default_manager.filter(pk=getattr(item, attname))
        if hasattr(related, "plan"):
            target = target.filter(plan_id=current_plan.pk)
        if not target.exists():
            setattr(item, attname, None)
    if isinstance(item, Action) and item.owner_id not in _team_user_ids(current_plan.account):
        item.owner_id = None
    _validate_item(item, {})
    save(item, user=user, reason=_("Restored"), force_insert=True)
    if product_ids:
        from keyplan.sales.models import Product

        item._history_user = user  # type: ignore[attr-defined]
        item.products.set(Product.objects.filter(pk__in=product_ids))  # type: ignore[attr-defined]
    return item
