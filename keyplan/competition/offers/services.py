"""Writes of the customer's buying criteria and the offers scored on them (seed 000),
and the unique advantage sent to the plan.

The conventions of every competition service: keyplan.competition.common.services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from keyplan.accounts.models import Account
from keyplan.core.errors import check_seen
from keyplan.plans.items.services import item_create
from keyplan.plans.models import ItemKind, ValueItem, ValueKind

from .. import access
from ..common.services import apply, clean, delete, lock, plan_for_writing, save
from ..models import BuyingCriterion, Competitor, OfferScore
from .selectors import offer_comparison

CRITERION_FIELDS = ("name", "description", "weight", "position")


@transaction.atomic
def criterion_create(*, user, account: Account | int, data: dict[str, Any]) -> BuyingCriterion:
    """Add a buying criterion to the account; last unless `position` is given."""
    account_access = access.write_account(user, account)
    criterion = BuyingCriterion(account=account_access.account)
    apply(criterion, data, CRITERION_FIELDS)
    if "position" not in data:
        last = BuyingCriterion.objects.filter(account=criterion.account).aggregate(
            p=Max("position")
        )["p"]
        criterion.position = 0 if last is None else last + 1
    clean(criterion, exclude=["account"])
    _check_unique_name(criterion)
    save(criterion, user=user)
    return criterion


def _check_unique_name(criterion: BuyingCriterion) -> None:
    # clean() leaves the account out, which skips the (account, name) constraint's check.
    others = BuyingCriterion.objects.filter(account_id=criterion.account_id, name=criterion.name)
    if others.exclude(pk=criterion.pk).exists():
        raise ValidationError({"name": [_("The account already has a criterion of this name.")]})


@transaction.atomic
def criterion_update(
    *,
    user,
    criterion: BuyingCriterion,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> BuyingCriterion:
    access.write_account(user, criterion.account_id)
    current = lock(BuyingCriterion, criterion.pk, seen_updated_at)
    if not apply(current, data, CRITERION_FIELDS):
        return current
    clean(current, exclude=["account"])
    _check_unique_name(current)
    save(current, user=user)
    return current


@transaction.atomic
def criterion_delete(
    *, user, criterion: BuyingCriterion, seen_updated_at: datetime | None = None
) -> None:
    """Delete a criterion with its scores."""
    access.write_account(user, criterion.account_id)
    current = lock(BuyingCriterion, criterion.pk, seen_updated_at)
    delete(current, user=user)


@transaction.atomic
def offer_score_set(
    *,
    user,
    criterion: BuyingCriterion,
    competitor_id: int | None,
    score: int | None,
    note: str = "",
    seen_updated_at: datetime | None = None,
) -> OfferScore | None:
    """Set our offer's score (`competitor_id` None) or a competitor's on a criterion;
    a None score deletes it. With `seen_updated_at`, the existing score must be the
    one the caller saw (ConflictError otherwise, also when it appeared meanwhile)."""
    access.write_account(user, criterion.account_id)
    BuyingCriterion.objects.select_for_update(of=("self",)).filter(pk=criterion.pk).first()
    if competitor_id is not None and not Competitor.objects.filter(pk=competitor_id).exists():
        raise ValidationError({"competitor_id": [_("No competitor with this id.")]})
    if score is not None and (isinstance(score, bool) or not isinstance(score, int)):
        raise ValidationError({"score": [_("Enter a whole number from 1 to 5.")]})
    current = (
        OfferScore.objects.select_for_update(of=("self",))
        .filter(criterion_id=criterion.pk)
        .filter(Q(competitor_id=competitor_id) if competitor_id is not None else Q(competitor=None))
        .first()
    )
    check_seen(current, seen_updated_at)
    if score is None:
        if current is not None:
            delete(current, user=user)
        return None
    if current is None:
        current = OfferScore(criterion_id=criterion.pk, competitor_id=competitor_id)
    if current.pk is not None and current.score == score and current.note == (note or "").strip():
        return current
    current.score = score
    current.note = note or ""
    clean(current, exclude=["criterion", "competitor"])
    save(current, user=user)
    return current


@transaction.atomic
def advantage_to_plan(*, user, criterion: BuyingCriterion) -> ValueItem:
    """Add a unique advantage to the current plan's unique value ("what we offer that
    others don't"). ValidationError when the criterion is not a unique advantage or
    the plan cannot take it."""
    account_access = access.write_account(user, criterion.account_id)
    comparison = offer_comparison(account_access.account)
    if not any(c.pk == criterion.pk for c in comparison.unique_advantages):
        raise ValidationError(
            _(
                "“%(name)s” is not a unique advantage: our score must be above every "
                "competitor's scored on it."
            )
            % {"name": criterion.name}
        )
    plan = plan_for_writing(account_access.account, what=_("a unique value"))
    row = next(r for r in comparison.rows if r.criterion.pk == criterion.pk)
    ours = row.cells[0].value
    best_other = max(cell.value for cell in row.cells[1:] if cell.value is not None)
    detail = _(
        "A buying criterion of the customer (weight %(share)s): our offer scores %(ours)s, "
        "the best competitor %(theirs)s."
    ) % {"share": f"{round(row.share * 100)}%", "ours": ours, "theirs": best_other}
    if criterion.description:
        detail = f"{criterion.description}\n{detail}"
    item = item_create(
        user=user,
        plan=plan,
        kind=ItemKind.VALUE,
        data={"value_kind": ValueKind.UNIQUE, "text": criterion.name, "detail": detail},
    )
    return cast(ValueItem, item)  # item_create makes the item of `kind`
