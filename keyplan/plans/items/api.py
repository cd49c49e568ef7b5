"""Every item type of a plan over REST, five endpoints per kind (list, add, change,
delete, restore), and the deleted items that can be restored. Whoever sees the account
reads; team members edit; viewers get 403 on writes; outsiders 404. A stale `updated_at`
on a PATCH or DELETE answers 409.

No `from __future__ import annotations` here: ninja reads the annotations of the views
(and of the views made in a loop below) as real types.
"""

from typing import Any

from ninja import Field, Query, Router, Status
from pydantic import AwareDatetime

from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.schemas import ErrorOut, QuerySchema
from keyplan.core.web import parse_pk
from keyplan.plans.access import item_for_user, plan_for_user

from . import selectors, services
from .schemas import KINDS, DeletedItemOut, KindApi, list_of

router = Router(tags=["plans"])
TAGS = ["plan items"]


@router.get(
    "/plans/{plan_id}/deleted",
    response={200: list[DeletedItemOut], **ERRORS},
    summary="Deleted items that can be restored",
)
def list_deleted_items(request, plan_id: int):
    user = request.auth
    return selectors.deleted_items(plan_for_user(user, plan_id).plan)


# --- five endpoints per kind -------------------------------------------------------------


class _SeenQuery(QuerySchema):
    updated_at: AwareDatetime | None = Field(
        None,
        description="The `updated_at` you last read; if the item changed since, nothing is "
        "deleted and the answer is 409.",
    )


def _register(spec: KindApi) -> None:
    """The five endpoints of one kind. Their bodies are the kind's schemas, made at
    runtime: a type checker cannot read them as types, hence the `type: ignore`s."""
    collection = f"/plans/{{plan_id}}/{spec.path}"
    member = f"{collection}/{{item_id}}"
    one = spec.singular.replace("_", " ")
    one = ("an " if one[0] in "aeiou" else "a ") + one
    _register_list(spec, collection)
    _register_create(spec, collection, one)
    _register_update(spec, member, one)
    _register_delete(spec, member, one)
    _register_restore(spec, member, one)


def _names(spec: KindApi, action: str, summary: str) -> dict[str, Any]:
    """The URL name, operation id, summary and tags of one of the kind's endpoints."""
    noun = spec.plural if action == "list" else spec.singular
    name = f"{action}_{noun}"
    return {"url_name": name, "operation_id": name, "summary": summary, "tags": TAGS}


def _register_list(spec: KindApi, collection: str) -> None:
    kind = spec.kind

    @router.get(
        collection,
        response={200: list_of(spec.out), **ERRORS},
        **_names(spec, "list", f"List {spec.plural.replace('_', ' ')}"),
    )
    def list_items(request, plan_id: int):
        user = request.auth
        return list(selectors.items_of(plan_for_user(user, plan_id).plan, kind))


def _register_create(spec: KindApi, collection: str, one: str) -> None:
    kind = spec.kind

    @router.post(
        collection,
        response={201: spec.out, **BODY_ERRORS},
        **_names(spec, "create", f"Add {one}"),
    )
    def create_item(request, plan_id: int, payload: spec.model_in):  # type: ignore[name-defined]
        user = request.auth
        access = plan_for_user(user, plan_id, write=True)
        data = {k: v for k, v in payload.model_dump().items() if v is not None or k != "position"}
        item = services.item_create(user=user, plan=access.plan, kind=kind, data=data)
        return Status(201, selectors.items_of(access.plan, kind).get(pk=item.pk))


def _register_update(spec: KindApi, member: str, one: str) -> None:
    kind = spec.kind

    @router.patch(
        member,
        response={200: spec.out, 409: ErrorOut, **BODY_ERRORS},
        **_names(spec, "update", f"Change {one} (409 if changed since you read it)"),
    )
    def update_item(request, plan_id: int, item_id: int, payload: spec.patch):  # type: ignore[name-defined]
        user = request.auth
        item, access = item_for_user(user, kind, item_id, plan_id=plan_id, write=True)
        data = payload.model_dump(exclude_unset=True)
        seen = data.pop("updated_at", None)
        services.item_update(user=user, item=item, data=data, seen_updated_at=seen)
        return selectors.items_of(access.plan, kind).get(pk=item.pk)


def _register_delete(spec: KindApi, member: str, one: str) -> None:
    kind = spec.kind

    @router.delete(
        member,
        response={204: None, 409: ErrorOut, **ERRORS},
        **_names(spec, "delete", f"Delete {one} (restorable)"),
    )
    def delete_item(request, plan_id: int, item_id: int, filters: Query[_SeenQuery]):
        user = request.auth
        item, _access = item_for_user(user, kind, item_id, plan_id=plan_id, write=True)
        services.item_delete(user=user, item=item, seen_updated_at=filters.updated_at)
        return Status(204, None)


def _register_restore(spec: KindApi, member: str, one: str) -> None:
    kind = spec.kind

    @router.post(
        f"{member}/restore",
        response={201: spec.out, **BODY_ERRORS},
        **_names(spec, "restore", f"Undo the deletion of {one}"),
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
