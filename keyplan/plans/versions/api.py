"""Account plans and their versions over REST, under the one access rule: whoever sees
the account reads its plans; team members edit; viewers get 403 on writes; outsiders 404.
A stale `updated_at` on a PATCH answers 409.

No `from __future__ import annotations` here: ninja reads the annotations of the views
as real types.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Status

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.schemas import ErrorOut
from keyplan.plans.access import can_delete_plan, plan_for_user
from keyplan.plans.items.selectors import plan_items
from keyplan.plans.models import AccountPlan

from . import selectors, services
from .schemas import (
    CompareOut,
    CompareQuery,
    HistoryEntryOut,
    PlanDetailOut,
    PlanIn,
    PlanOut,
    PlanPatch,
    TransitionIn,
)

router = Router(tags=["plans"])


def _plan_out(plan: AccountPlan) -> AccountPlan:
    return AccountPlan.objects.select_related("approved_by").get(pk=plan.pk)


# --- plans -------------------------------------------------------------------------------


@router.get(
    "/accounts/{account_id}/plans",
    response={200: list[PlanOut], **ERRORS},
    summary="The account's plans, every version",
    description="Archived plans are left out; `archived=true` lists only them.",
)
def list_plans(request, account_id: int, archived: bool = False):
    user = request.auth
    account = account_for_user(user, account_id).account
    return list(selectors.plans_for_account(account, archived=archived))


@router.post(
    "/accounts/{account_id}/plans",
    response={201: PlanOut, **BODY_ERRORS},
    summary="Start a plan for a period",
)
def create_plan(request, account_id: int, payload: PlanIn):
    user = request.auth
    access = account_for_user(user, account_id, write=True)
    plan = services.plan_create(user=user, account=access.account, **payload.model_dump())
    return Status(201, _plan_out(plan))


@router.get(
    "/plans/{plan_id}",
    response={200: PlanDetailOut, **ERRORS},
    summary="A plan with all its sections",
)
def get_plan(request, plan_id: int):
    user = request.auth
    access = plan_for_user(user, plan_id)
    plan = access.plan
    plan.sections = plan_items(plan)  # type: ignore[attr-defined]
    plan.can_edit = access.can_write and plan.is_editable  # type: ignore[attr-defined]
    return plan


@router.patch("/plans/{plan_id}", response={200: PlanOut, 409: ErrorOut, **BODY_ERRORS})
def update_plan(request, plan_id: int, payload: PlanPatch):
    user = request.auth
    access = plan_for_user(user, plan_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    plan = services.plan_update(user=user, plan=access.plan, data=data, seen_updated_at=seen)
    return _plan_out(plan)


@router.delete(
    "/plans/{plan_id}",
    response={204: None, **ERRORS},
    summary="Archive a draft plan",
    description=(
        "Archives the draft; nothing is deleted. It leaves the account's plans list and "
        "comes back as a draft with POST /plans/{plan_id}/restore. Directors, "
        "administrators and the account's owner."
    ),
)
def delete_plan(request, plan_id: int):
    user = request.auth
    access = plan_for_user(user, plan_id, write=True)
    if not can_delete_plan(user, access.plan):
        raise PermissionDenied
    services.plan_delete(user=user, plan=access.plan)
    return Status(204, None)


@router.post(
    "/plans/{plan_id}/restore",
    response={200: PlanOut, **BODY_ERRORS},
    summary="Restore an archived plan as a draft",
)
def restore_plan(request, plan_id: int):
    user = request.auth
    access = plan_for_user(user, plan_id, write=True)
    if not can_delete_plan(user, access.plan):
        raise PermissionDenied
    return _plan_out(services.plan_restore(user=user, plan=access.plan))


@router.post(
    "/plans/{plan_id}/transition",
    response={200: PlanOut, **BODY_ERRORS},
    summary="Submit for review, return to draft, or approve",
)
def transition_plan(request, plan_id: int, payload: TransitionIn):
    user = request.auth
    access = plan_for_user(user, plan_id, write=True)
    plan = services.plan_transition(
        user=user, plan=access.plan, to_state=payload.to_state, comment=payload.comment
    )
    return _plan_out(plan)


@router.post(
    "/plans/{plan_id}/reviewed",
    response={200: PlanOut, **BODY_ERRORS},
    summary="Record that the team reviewed the plan",
)
def mark_plan_reviewed(request, plan_id: int):
    user = request.auth
    access = plan_for_user(user, plan_id, write=True)
    return _plan_out(services.plan_mark_reviewed(user=user, plan=access.plan))


@router.post(
    "/plans/{plan_id}/revise",
    response={201: PlanOut, **BODY_ERRORS},
    summary="Revise an approved plan into a new draft version",
)
def revise_plan(request, plan_id: int):
    user = request.auth
    access = plan_for_user(user, plan_id, write=True)
    return Status(201, _plan_out(services.plan_revise(user=user, plan=access.plan)))


@router.get(
    "/plans/{plan_id}/compare",
    response={200: CompareOut, **ERRORS},
    summary="What changed from another version to this one",
)
def compare_plans(request, plan_id: int, filters: Query[CompareQuery]):
    user = request.auth
    plan = plan_for_user(user, plan_id).plan
    base_id = filters.base or plan.previous_id
    if base_id is None:
        raise Http404
    base = plan_for_user(user, base_id).plan
    if base.account_id != plan.account_id:
        raise Http404  # versions of one account's plan only
    diff = selectors.plan_compare(base, plan)
    return {
        "base_id": base.pk,
        "plan_id": plan.pk,
        "header": diff.header,
        "items": diff.items,
        "added": diff.count("added"),
        "removed": diff.count("removed"),
        "changed": diff.count("changed"),
        "unchanged": diff.unchanged,
    }


@router.get(
    "/plans/{plan_id}/history",
    response={200: list[HistoryEntryOut], **ERRORS},
    summary="Who changed what and when",
)
def plan_history(request, plan_id: int):
    user = request.auth
    return selectors.plan_history(plan_for_user(user, plan_id).plan)
