"""Account plans, their versions and every item type over REST, under the one access
rule: whoever sees the account reads its plans; team members edit; viewers get 403 on
writes; outsiders 404. A stale `updated_at` on a PATCH or DELETE answers 409.

No `from __future__ import annotations` here: ninja reads the annotations of the views
(and of the views made in a loop below) as real types.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate
from pydantic import AwareDatetime

from keyplan.accounts.access import account_for_user
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import ErrorOut, InputSchema
from keyplan.core.web import parse_pk

from . import history, selectors, services
from .access import can_delete_plan, item_for_user, plan_for_user
from .forecast import account_forecast
from .models import AccountPlan, PotentialEstimate
from .schemas import (
    KINDS,
    ActionsQuery,
    CompareOut,
    CompareQuery,
    CompletenessOut,
    DeletedItemOut,
    ForecastOut,
    GoalProgressOut,
    HistoryEntryOut,
    KindApi,
    MyActionOut,
    PlanDetailOut,
    PlanIn,
    PlanOut,
    PlanPatch,
    TransitionIn,
)

router = Router(tags=["plans"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BODY_ERRORS = {**ERRORS, 400: ErrorOut, 413: ErrorOut}


def _plan_out(plan: AccountPlan) -> AccountPlan:
    return AccountPlan.objects.select_related("approved_by").get(pk=plan.pk)


# --- plans -------------------------------------------------------------------------------


@router.get(
    "/accounts/{account_id}/plans",
    response={200: list[PlanOut], **ERRORS},
    summary="The account's plans, every version",
)
def list_plans(request, account_id: int):
    user = request.auth
    return list(selectors.plans_for_account(account_for_user(user, account_id).account))


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
    plan.sections = selectors.plan_items(plan)  # type: ignore[attr-defined]
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


@router.delete("/plans/{plan_id}", response={204: None, **ERRORS}, summary="Delete a draft plan")
def delete_plan(request, plan_id: int):
    user = request.auth
    access = plan_for_user(user, plan_id, write=True)
    if not can_delete_plan(user, access.plan):
        raise PermissionDenied
    services.plan_delete(user=user, plan=access.plan)
    return Status(204, None)


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
    "/plans/{plan_id}/completeness",
    response={200: CompletenessOut, **ERRORS},
    summary="Score and the steps missing or stale",
)
def plan_completeness(request, plan_id: int):
    user = request.auth
    result = selectors.plan_completeness(plan_for_user(user, plan_id).plan)
    return {"score": result.score, "steps": result.steps, "missing": result.missing}


@router.get(
    "/plans/{plan_id}/forecast",
    response={200: ForecastOut, **ERRORS},
    summary="Statistical forecast of revenue beside the plan's potential",
)
def plan_forecast(request, plan_id: int):
    user = request.auth
    plan = plan_for_user(user, plan_id).plan
    forecast = account_forecast(plan.account)
    estimates = PotentialEstimate.objects.filter(plan=plan).order_by("year")
    return {
        "currency": forecast.currency,
        "available": forecast.available,
        "reason": forecast.reason,
        "method": forecast.method,
        "method_label": forecast.method_label,
        "level": forecast.level,
        "history": forecast.history,
        "year_to_date": forecast.year_to_date,
        "points": forecast.points,
        "estimates": [{"year": e.year, "value": e.expected_volume} for e in estimates],
    }


@router.get(
    "/plans/{plan_id}/goal-progress",
    response={200: list[GoalProgressOut], **ERRORS},
    summary="Progress of each goal from data",
)
def plan_goal_progress(request, plan_id: int):
    user = request.auth
    plan = plan_for_user(user, plan_id).plan
    return [
        {
            "goal_id": goal.pk,
            "title": goal.title,
            "metric": goal.metric,
            "baseline": goal.baseline,
            "target": goal.target,
            "actual": progress.actual,
            "percent": progress.percent,
            "expected_percent": progress.expected_percent,
            "reason": progress.reason,
            "period_start": progress.period_start,
            "period_end": progress.period_end,
        }
        for goal, progress in selectors.plan_goal_progress(plan, today=timezone.localdate())
    ]


@router.get(
    "/plans/{plan_id}/history",
    response={200: list[HistoryEntryOut], **ERRORS},
    summary="Who changed what and when",
)
def plan_history(request, plan_id: int):
    user = request.auth
    return history.plan_history(plan_for_user(user, plan_id).plan)


@router.get(
    "/plans/{plan_id}/deleted",
    response={200: list[DeletedItemOut], **ERRORS},
    summary="Deleted items that can be restored",
)
def list_deleted_items(request, plan_id: int):
    user = request.auth
    return selectors.deleted_items(plan_for_user(user, plan_id).plan)


@router.get(
    "/me/actions",
    response={200: list[MyActionOut], **ERRORS},
    tags=["actions"],
    summary="Your actions across plans: overdue, then blocked, then by due date",
)
@paginate(Pagination)
def my_actions(request, filters: Query[ActionsQuery]):
    user = request.auth
    return selectors.my_actions(user, include_closed=filters.include_closed)


# --- items: five endpoints per kind ------------------------------------------------------


class _SeenQuery(InputSchema):
    updated_at: AwareDatetime | None = Field(
        None,
        description="The `updated_at` you last read; if the item changed since, nothing is "
        "deleted and the answer is 409.",
    )


def _register(spec: KindApi) -> None:
    kind = spec.kind
    collection = f"/plans/{{plan_id}}/{spec.path}"
    member = f"{collection}/{{item_id}}"
    tags = ["plan items"]
    label = spec.plural.replace("_", " ")
    one = spec.singular.replace("_", " ")
    one = ("an " if one[0] in "aeiou" else "a ") + one

    @router.get(
        collection,
        response={200: list[spec.out], **ERRORS},  # type: ignore[name-defined]
        url_name=f"list_{spec.plural}",
        operation_id=f"list_{spec.plural}",
        summary=f"List {label}",
        tags=tags,
    )
    def list_items(request, plan_id: int):
        user = request.auth
        return list(selectors.items_of(plan_for_user(user, plan_id).plan, kind))

    @router.post(
        collection,
        response={201: spec.out, **BODY_ERRORS},  # type: ignore[name-defined]
        url_name=f"create_{spec.singular}",
        operation_id=f"create_{spec.singular}",
        summary=f"Add {one}",
        tags=tags,
    )
    def create_item(request, plan_id: int, payload: spec.model_in):  # type: ignore[name-defined]
        user = request.auth
        access = plan_for_user(user, plan_id, write=True)
        data = {k: v for k, v in payload.model_dump().items() if v is not None or k != "position"}
        item = services.item_create(user=user, plan=access.plan, kind=kind, data=data)
        return Status(201, selectors.items_of(access.plan, kind).get(pk=item.pk))

    @router.patch(
        member,
        response={200: spec.out, 409: ErrorOut, **BODY_ERRORS},  # type: ignore[name-defined]
        url_name=f"update_{spec.singular}",
        operation_id=f"update_{spec.singular}",
        summary=f"Change {one} (409 if changed since you read it)",
        tags=tags,
    )
    def update_item(request, plan_id: int, item_id: int, payload: spec.patch):  # type: ignore[name-defined]
        user = request.auth
        item, access = item_for_user(user, kind, item_id, plan_id=plan_id, write=True)
        data = payload.model_dump(exclude_unset=True)
        seen = data.pop("updated_at", None)
        services.item_update(user=user, item=item, data=data, seen_updated_at=seen)
        return selectors.items_of(access.plan, kind).get(pk=item.pk)

    @router.delete(
        member,
        response={204: None, 409: ErrorOut, **ERRORS},
        url_name=f"delete_{spec.singular}",
        operation_id=f"delete_{spec.singular}",
        summary=f"Delete {one} (restorable)",
        tags=tags,
    )
    def delete_item(request, plan_id: int, item_id: int, filters: Query[_SeenQuery]):
        user = request.auth
        item, _access = item_for_user(user, kind, item_id, plan_id=plan_id, write=True)
        services.item_delete(user=user, item=item, seen_updated_at=filters.updated_at)
        return Status(204, None)

    @router.post(
        f"{member}/restore",
        response={201: spec.out, **BODY_ERRORS},  # type: ignore[name-defined]
        url_name=f"restore_{spec.singular}",
        operation_id=f"restore_{spec.singular}",
        summary=f"Undo the deletion of {one}",
        tags=tags,
    )
    def restore_item(request, plan_id: int, item_id: int):
        user = request.auth
        access = plan_for_user(user, plan_id, write=True)
        item = services.item_restore(
            user=user, plan=access.plan, kind=kind, item_id=parse_pk(item_id)
        )
        return Status(201, selectors.items_of(access.plan, kind).get(pk=item.pk))


for _spec in KINDS.values():
    _register(_spec)
