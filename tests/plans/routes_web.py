"""Rows for tests/test_routes_authz.py ROUTES (merged there): every plan page URL name.

Reading is for whoever sees the account; writing for its team (viewers 403); approving
for directors and administrators; deleting a draft for them and the account's owner.
Outsiders and portal users get 404 everywhere; anonymous users go to the login page.
"""

from __future__ import annotations

from typing import Any

from keyplan.plans.models import AccountPlan, SwotItem
from tests.test_routes_authz import Call, internal, scoped

from .support import add, approved, make_plan


def account(w) -> dict[str, Any]:
    return {"account_pk": w.account.pk}


def _plan(w) -> dict[str, Any]:
    w.plan = make_plan(w)
    return {"pk": w.plan.pk}


def _section(w) -> dict[str, Any]:
    return {**_plan(w), "section": "swot"}


def _in_review(w) -> dict[str, Any]:
    from keyplan.plans.versions import services

    w.plan = make_plan(w)
    services.plan_submit(user=w.owner, plan=w.plan)
    return {"pk": w.plan.pk}


def _approved(w) -> dict[str, Any]:
    w.plan = approved(w, make_plan(w))
    return {"pk": w.plan.pk}


def _revised(w) -> dict[str, Any]:
    from keyplan.plans.versions import services

    first = approved(w, make_plan(w))
    w.plan = services.plan_revise(user=w.owner, plan=first)
    return {"pk": w.plan.pk}


def _item(w) -> dict[str, Any]:
    w.plan = make_plan(w)
    w.item = add(w.plan, "swot", w.owner)
    return {"pk": w.plan.pk, "kind": "swot", "item_pk": w.item.pk}


def _deleted(w) -> dict[str, Any]:
    from keyplan.plans.items import services

    kwargs = _item(w)
    services.item_delete(user=w.owner, item=w.item)
    return kwargs


def _state(w) -> str:
    return AccountPlan.objects.get(pk=w.plan.pk).state


def _swot_text(w) -> str | None:
    return SwotItem.objects.filter(pk=w.item.pk).values_list("text", flat=True).first()


SWOT = {
    "slot": "swot-S",
    "quadrant": "S",
    "factor": "cash_flow",
    "text": "Route cash",
    "importance": 3,
}
PLAN_FORM = {"period": "FY2032", "starts_on": "2032-01-01", "ends_on": "2032-12-31"}

ROUTES: dict[str, tuple[Call, ...]] = {
    "plans:my-actions": (Call("get", lambda w: {}, internal(200)),),
    "plans:account": (Call("get", account, scoped(200)),),
    "plans:create": (
        Call("get", account, scoped(200, viewer=403)),
        Call(
            "post",
            account,
            scoped("/plans/", viewer=403),
            data=lambda w: PLAN_FORM,
            effect=lambda w: AccountPlan.objects.filter(period="FY2032").exists(),
        ),
    ),
    "plans:detail": (Call("get", _plan, scoped(200)),),
    "plans:section": (Call("get", _section, scoped(200)),),
    "plans:edit": (
        Call("get", _plan, scoped(200, viewer=403)),
        Call(
            "post",
            _plan,
            scoped("/plans/", viewer=403),
            data=lambda w: {**PLAN_FORM, "period": "FY2025", "summary": "Routed"},
            effect=lambda w: AccountPlan.objects.get(pk=w.plan.pk).summary == "Routed",
        ),
    ),
    "plans:submit": (
        Call(
            "post", _plan, scoped("/plans/", viewer=403), effect=lambda w: _state(w) == "in_review"
        ),
    ),
    "plans:return": (
        Call(
            "post", _in_review, scoped("/plans/", viewer=403), effect=lambda w: _state(w) == "draft"
        ),
    ),
    "plans:approve": (
        Call(
            "post",
            _in_review,
            scoped("/plans/", viewer=403, member=403) | {"owner": 403},
            effect=lambda w: _state(w) == "approved",
        ),
    ),
    "plans:revise": (
        Call(
            "post",
            _approved,
            scoped("/plans/", viewer=403),
            effect=lambda w: _state(w) == "superseded",
        ),
    ),
    "plans:reviewed": (
        Call(
            "post",
            _plan,
            scoped("/plans/", viewer=403),
            effect=lambda w: AccountPlan.objects.get(pk=w.plan.pk).reviewed_at is not None,
        ),
    ),
    "plans:delete": (
        Call("get", _plan, scoped(200, viewer=403, member=403)),
        Call(
            "post",
            _plan,
            scoped("/plans/account/", viewer=403, member=403),
            effect=lambda w: AccountPlan.objects.get(pk=w.plan.pk).state == "archived",
        ),
    ),
    "plans:compare": (Call("get", _revised, scoped(200)),),
    "plans:history": (Call("get", _plan, scoped(200)),),
    "plans:print": (Call("get", _plan, scoped(200)),),
    "plans:deleted": (Call("get", _plan, scoped(200)),),
    "plans:item-create": (
        Call(
            "post",
            lambda w: {**_plan(w), "kind": "swot"},
            scoped("/plans/", viewer=403),
            data=lambda w: SWOT,
            effect=lambda w: SwotItem.objects.filter(plan=w.plan).exists(),
        ),
    ),
    "plans:item": (Call("get", _item, scoped("/plans/")),),
    "plans:item-edit": (
        Call("get", _item, scoped(200, viewer=403)),
        Call(
            "post",
            _item,
            scoped("/plans/", viewer=403),
            data=lambda w: {**SWOT, "text": "Edited by route"},
            effect=lambda w: _swot_text(w) == "Edited by route",
        ),
    ),
    "plans:item-delete": (
        Call("get", _item, scoped(200, viewer=403)),
        Call(
            "post",
            _item,
            scoped("/plans/", viewer=403),
            effect=lambda w: _swot_text(w) is None,
        ),
    ),
    "plans:item-restore": (
        Call(
            "post",
            _deleted,
            scoped("/plans/", viewer=403),
            effect=lambda w: _swot_text(w) is not None,
        ),
    ),
}
