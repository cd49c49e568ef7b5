"""Plans and their items under the one access rule (keyplan.accounts.access).

A plan is seen by whoever sees its account and changed by whoever may write the account
(team members edit, viewers read); missing and forbidden plans and items give the same
404. Approving a plan is for directors and administrators; deleting a draft for them and
the account's owner. `permissions` turns these into the flags the pages show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from keyplan.accounts.access import ALL_ACCOUNT_ROLES, AccountAccess, account_for_user
from keyplan.core.web import parse_pk

from .models import ITEM_MODELS, AccountPlan, PlanItem, PlanState

if TYPE_CHECKING:
    from keyplan.users.models import User

# Kinds whose execution fields may change on an approved plan.
EXECUTION_KINDS = frozenset(kind for kind, m in ITEM_MODELS.items() if m.execution_fields)


class PlanAccess:
    """A plan fetched for a user, with what the user may do to it."""

    __slots__ = ("access", "plan")

    def __init__(self, plan: AccountPlan, access: AccountAccess) -> None:
        self.plan = plan
        self.access = access

    @property
    def can_write(self) -> bool:
        return self.access.can_write


def can_approve_plans(user: User | None) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role in ALL_ACCOUNT_ROLES
    )


def can_delete_plan(user: User | None, plan: AccountPlan) -> bool:
    if can_approve_plans(user):
        return True
    return bool(user is not None and user.is_active and plan.account.owner_id == user.pk)


def permissions(user: User, pa: PlanAccess) -> dict[str, bool]:
    """What the plan's pages offer `user`, by the plan's state: the `can_*` flags."""
    plan = pa.plan
    can_write = pa.can_write
    return {
        "can_write": can_write,
        "can_edit": can_write and plan.is_editable,
        "can_execute": can_write and plan.state == PlanState.APPROVED,
        "can_submit": can_write and plan.state == PlanState.DRAFT,
        "can_return": plan.state == PlanState.IN_REVIEW and (can_write or can_approve_plans(user)),
        "can_approve": plan.state == PlanState.IN_REVIEW and can_approve_plans(user),
        "can_revise": can_write and plan.state == PlanState.APPROVED,
        "can_review": can_write and plan.is_current,
        "can_delete": can_write and plan.state == PlanState.DRAFT and can_delete_plan(user, plan),
    }


def can_edit_item(perms: dict[str, bool], kind: str) -> bool:
    """Items are edited on a draft or a plan in review; on an approved plan only the
    execution fields of the kinds that have them."""
    return perms["can_edit"] or (perms["can_execute"] and kind in EXECUTION_KINDS)


def plan_for_user(user: User, pk: object, *, write: bool = False) -> PlanAccess:
    """The plan `pk` if `user` may see its account (and change it, with `write=True`).
    Http404 alike for missing, forbidden and malformed; PermissionDenied for a read-only
    user asking to write a plan they can see."""
    plan_pk = parse_pk(pk)
    account_id = AccountPlan.objects.filter(pk=plan_pk).values_list("account_id", flat=True).first()
    if account_id is None:
        raise Http404
    access = account_for_user(user, account_id, write=write)
    plan = (
        AccountPlan.objects.select_related("previous", "approved_by", "created_by")
        .filter(pk=plan_pk)
        .first()
    )
    if plan is None:  # deleted in between
        raise Http404
    plan.account = access.account  # already loaded, with its owner
    return PlanAccess(plan, access)


def item_model(kind: str) -> type[PlanItem]:
    try:
        return ITEM_MODELS[kind]
    except KeyError:
        raise Http404 from None


def item_for_user(
    user: User, kind: str, pk: object, *, plan_id: object = None, write: bool = False
) -> tuple[PlanItem, PlanAccess]:
    """The item `pk` of `kind` (of plan `plan_id`, when given) through its plan's access."""
    model = item_model(kind)
    item_pk = parse_pk(pk)
    plan_pk = model.objects.filter(pk=item_pk).values_list("plan_id", flat=True).first()
    if plan_pk is None or (plan_id is not None and plan_pk != parse_pk(plan_id)):
        raise Http404
    plan_access = plan_for_user(user, plan_pk, write=write)
    item = model.objects.filter(pk=item_pk).first()
    if item is None:  # deleted in between
        raise Http404
    item.plan = plan_access.plan
    return item, plan_access
