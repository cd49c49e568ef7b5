"""Rows for tests/test_routes_authz.py ROUTES (merged there): every plan API URL name.

Reading a plan is for whoever sees the account; writing for its team (viewers 403);
approving for directors and administrators; deleting a draft for them and the owner.
Outsiders and portal users get 404 everywhere. Each kwargs function builds what the
call needs (a plan in the right state, an item, a deleted item) and leaves it on the
world object for the effect check.
"""

from __future__ import annotations

from typing import Any

from keyplan.plans.items.schemas import KINDS
from keyplan.plans.models import ITEM_MODELS, AccountPlan
from tests.test_routes_authz import Call, api_account, internal, scoped

from .support import CHANGES, SAMPLES, add, approved, make_plan

API = {"api": True}


def _plan(w) -> dict[str, Any]:
    w.plan = make_plan(w)
    return {"plan_id": w.plan.pk}


def _plan_in_review(w) -> dict[str, Any]:
    from keyplan.plans.versions import services

    w.plan = make_plan(w)
    services.plan_submit(user=w.owner, plan=w.plan)
    return {"plan_id": w.plan.pk}


def _approved_plan(w) -> dict[str, Any]:
    w.plan = approved(w, make_plan(w))
    return {"plan_id": w.plan.pk}


def _revised_plan(w) -> dict[str, Any]:
    from keyplan.plans.versions import services

    first = make_plan(w)
    add(first, "swot", w.owner)
    first = approved(w, first)
    w.plan = services.plan_revise(user=w.owner, plan=first)
    return {"plan_id": w.plan.pk}


def _state(w) -> str:
    return AccountPlan.objects.get(pk=w.plan.pk).state


def _item(kind: str):
    def kwargs(w) -> dict[str, Any]:
        w.plan = make_plan(w)
        w.item = add(w.plan, kind, w.owner)
        return {"plan_id": w.plan.pk, "item_id": w.item.pk}

    return kwargs


def _deleted_item(kind: str):
    def kwargs(w) -> dict[str, Any]:
        from keyplan.plans.items import services

        w.plan = make_plan(w)
        w.item = add(w.plan, kind, w.owner)
        services.item_delete(user=w.owner, item=w.item)
        return {"plan_id": w.plan.pk, "item_id": w.item.pk}

    return kwargs


def _exists(kind: str):
    return lambda w: ITEM_MODELS[kind].objects.filter(pk=w.item.pk).exists()


def _created(kind: str):
    model = ITEM_MODELS[kind]
    return lambda w: model.objects.filter(plan=w.plan).exists()


def _changed(kind: str):
    field, value = CHANGES[kind]
    return lambda w: getattr(ITEM_MODELS[kind].objects.get(pk=w.item.pk), field) == value


def _item_rows(kind: str) -> dict[str, tuple[Call, ...]]:
    spec = KINDS[kind]
    field, value = CHANGES[kind]
    return {
        f"api:list_{spec.plural}": (Call("get", _plan, scoped(200, anonymous=401), **API),),
        f"api:create_{spec.singular}": (
            Call(
                "post",
                _plan,
                scoped(201, viewer=403, anonymous=401),
                data=lambda w, kind=kind: SAMPLES[kind],
                effect=_created(kind),
                **API,
            ),
        ),
        f"api:update_{spec.singular}": (
            Call(
                "patch",
                _item(kind),
                scoped(200, viewer=403, anonymous=401),
                data=lambda w, field=field, value=value: {field: value},
                effect=_changed(kind),
                **API,
            ),
        ),
        f"api:delete_{spec.singular}": (
            Call(
                "delete",
                _item(kind),
                scoped(204, viewer=403, anonymous=401),
                effect=lambda w, kind=kind: not _exists(kind)(w),
                **API,
            ),
        ),
        f"api:restore_{spec.singular}": (
            Call(
                "post",
                _deleted_item(kind),
                scoped(201, viewer=403, anonymous=401),
                effect=_exists(kind),
                **API,
            ),
        ),
    }


ROUTES: dict[str, tuple[Any, ...]] = {
    "api:list_plans": (Call("get", api_account, scoped(200, anonymous=401), **API),),
    "api:create_plan": (
        Call(
            "post",
            api_account,
            scoped(201, viewer=403, anonymous=401),
            data=lambda w: {"period": "FY2031", "starts_on": "2031-01-01", "ends_on": "2031-12-31"},
            effect=lambda w: AccountPlan.objects.filter(
                account=w.account, period="FY2031"
            ).exists(),
            **API,
        ),
    ),
    "api:get_plan": (Call("get", _plan, scoped(200, anonymous=401), **API),),
    "api:update_plan": (
        Call(
            "patch",
            _plan,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"summary": "Grow with the customer"},
            effect=lambda w: (
                AccountPlan.objects.get(pk=w.plan.pk).summary == "Grow with the customer"
            ),
            **API,
        ),
    ),
    "api:delete_plan": (
        Call(
            "delete",
            _plan,
            scoped(204, viewer=403, member=403, anonymous=401),
            effect=lambda w: AccountPlan.objects.get(pk=w.plan.pk).state == "archived",
            **API,
        ),
    ),
    "api:transition_plan": (
        # submitting: the account team
        Call(
            "post",
            _plan,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"to_state": "in_review"},
            effect=lambda w: _state(w) == "in_review",
            **API,
        ),
        # approving: directors and administrators only
        Call(
            "post",
            _plan_in_review,
            scoped(200, viewer=403, member=403, anonymous=401) | {"owner": 403},
            data=lambda w: {"to_state": "approved"},
            effect=lambda w: _state(w) == "approved",
            **API,
        ),
    ),
    "api:mark_plan_reviewed": (
        Call(
            "post",
            _plan,
            scoped(200, viewer=403, anonymous=401),
            effect=lambda w: AccountPlan.objects.get(pk=w.plan.pk).reviewed_at is not None,
            **API,
        ),
    ),
    "api:revise_plan": (
        Call(
            "post",
            _approved_plan,
            scoped(201, viewer=403, anonymous=401),
            effect=lambda w: _state(w) == "superseded",
            **API,
        ),
    ),
    "api:compare_plans": (Call("get", _revised_plan, scoped(200, anonymous=401), **API),),
    "api:plan_completeness": (Call("get", _plan, scoped(200, anonymous=401), **API),),
    "api:plan_forecast": (Call("get", _plan, scoped(200, anonymous=401), **API),),
    "api:plan_goal_progress": (Call("get", _plan, scoped(200, anonymous=401), **API),),
    "api:plan_history": (Call("get", _plan, scoped(200, anonymous=401), **API),),
    "api:list_deleted_items": (
        Call(
            "get",
            lambda w: {"plan_id": _deleted_item("swot")(w)["plan_id"]},
            scoped(200, anonymous=401),
            **API,
        ),
    ),
    "api:my_actions": (Call("get", lambda w: {}, internal(200, anonymous=401), **API),),
}
for _kind in ITEM_MODELS:
    ROUTES.update(_item_rows(_kind))
