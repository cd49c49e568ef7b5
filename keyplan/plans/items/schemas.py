"""Request and response bodies of the plan items' API.

Each item kind has one hand-written input schema (what a client may send, with its
limits); its PATCH schema and its output schema are derived from it, so the three never
drift apart. No `from __future__ import annotations`: pydantic's create_model and ninja
need the real types.

The choice fields are annotated with `_choices(...)`, a Literal made at runtime from the
model's choices: a type checker cannot read it as a type, hence their
`type: ignore[valid-type]`.
"""

import types
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, get_args

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AwareDatetime, create_model
from pydantic.fields import FieldInfo

from keyplan.core.api.schemas import MAX_ID, InputSchema, PatchSchema, Timestamp, UserRef
from keyplan.plans.common.schemas import TEXT
from keyplan.plans.models import (
    ActionStatus,
    GoalMetric,
    GoalStatus,
    Horizon,
    IndustryCategory,
    ItemKind,
    ProfileTopic,
    Quadrant,
    SwotFactor,
    ValueKind,
)


def _choices(choices: Any) -> Any:
    return Literal[tuple(choices.values)]  # type: ignore[valid-type]


def list_of(schema: type) -> Any:
    """`list[schema]` for a schema made at runtime, which a type checker cannot read as a
    type: what ninja and pydantic take as a list of it."""
    return types.GenericAlias(list, (schema,))


Id = int | None


# --- inputs ------------------------------------------------------------------------------

_POSITION = Field(None, ge=0, le=1_000_000, description="Order in the section; default last.")


class ProfileItemIn(InputSchema):
    topic: _choices(ProfileTopic)  # type: ignore[valid-type]
    text: str = Field(..., min_length=1, max_length=TEXT)
    position: int | None = _POSITION


class IndustryFactorIn(InputSchema):
    category: _choices(IndustryCategory)  # type: ignore[valid-type]
    description: str = Field(..., min_length=1, max_length=TEXT)
    effect_on_customer: str = Field("", max_length=TEXT)
    impact: int = Field(3, ge=1, le=5)
    position: int | None = _POSITION


class SwotItemIn(InputSchema):
    quadrant: _choices(Quadrant)  # type: ignore[valid-type]
    factor: _choices(SwotFactor) = Field(  # type: ignore[valid-type]
        ...,
        description="S and W: cash_flow, leadership, management, product_quality, "
        "brand_image; O and T: market_changes, demand_swings, price_pressure, "
        "competitor_actions, government_actions, consumer_behaviour; other for either.",
    )
    text: str = Field(..., min_length=1, max_length=TEXT)
    evidence: str = Field("", max_length=TEXT)
    importance: int = Field(3, ge=1, le=5)
    position: int | None = _POSITION


class CustomerGoalIn(InputSchema):
    text: str = Field(..., min_length=1, max_length=TEXT)
    detail: str = Field("", max_length=TEXT)
    offering: str = Field("", max_length=255)
    product_ids: list[int] = Field(
        [], max_length=200, description="Our products that serve the goal."
    )
    position: int | None = _POSITION


class CustomerProblemIn(InputSchema):
    text: str = Field(..., min_length=1, max_length=TEXT)
    detail: str = Field("", max_length=TEXT)
    customer_goal_id: Id = Field(None, ge=1, le=MAX_ID)
    position: int | None = _POSITION


class CultureNoteIn(InputSchema):
    text: str = Field(..., min_length=1, max_length=TEXT)
    position: int | None = _POSITION


class PotentialEstimateIn(InputSchema):
    year: int = Field(..., ge=2000, le=2100)
    expected_volume: Decimal = Field(..., ge=0, max_digits=18, decimal_places=4)
    currency: str = Field("", max_length=3, description="Default: the account's currency.")
    trends: str = Field("", max_length=TEXT)
    position: int | None = _POSITION


class GoalIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=255)
    why: str = Field("", max_length=TEXT)
    what_for: str = Field("", max_length=TEXT)
    how: str = Field("", max_length=TEXT)
    metric: _choices(GoalMetric) = GoalMetric.REVENUE.value  # type: ignore[valid-type]
    unit: str = Field("", max_length=30)
    baseline: Decimal | None = Field(None, max_digits=18, decimal_places=2)
    target: Decimal | None = Field(None, max_digits=18, decimal_places=2)
    starts_on: date | None = None
    deadline: date | None = None
    horizon: _choices(Horizon) = Horizon.SHORT.value  # type: ignore[valid-type]
    status: _choices(GoalStatus) = GoalStatus.PLANNED.value  # type: ignore[valid-type]
    position: int | None = _POSITION


class ValueItemIn(InputSchema):
    value_kind: _choices(ValueKind)  # type: ignore[valid-type]
    text: str = Field(..., min_length=1, max_length=TEXT)
    detail: str = Field("", max_length=TEXT)
    position: int | None = _POSITION


class PerceptionItemIn(InputSchema):
    quadrant: _choices(Quadrant)  # type: ignore[valid-type]
    text: str = Field(..., min_length=1, max_length=TEXT)
    customer_rating: int | None = Field(None, ge=1, le=5)
    our_rating: int | None = Field(None, ge=1, le=5)
    source: str = Field("", max_length=255)
    position: int | None = _POSITION


class ActionIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=255)
    detail: str = Field("", max_length=TEXT)
    obstacle: str = Field("", max_length=TEXT)
    owner_id: Id = Field(None, ge=1, le=MAX_ID, description="The account's owner or a team member.")
    business_unit_id: Id = Field(
        None, ge=1, le=MAX_ID, description="Default: the owner's unit on the account team."
    )
    due_on: date | None = None
    status: _choices(ActionStatus) = ActionStatus.PLANNED.value  # type: ignore[valid-type]
    goal_id: Id = Field(None, ge=1, le=MAX_ID, description="A goal of the same plan.")
    progress_note: str = Field("", max_length=TEXT)
    position: int | None = _POSITION


# --- outputs -----------------------------------------------------------------------------


class ItemOut(Schema):
    id: int
    plan_id: int
    origin: uuid.UUID = Field(..., description="The same item across versions of the plan.")
    position: int
    created_at: Timestamp
    updated_at: Timestamp


class _CustomerGoalBase(ItemOut):
    @staticmethod
    def resolve_product_ids(obj) -> list[int]:
        return [product.pk for product in obj.products.all()]


class _PerceptionBase(ItemOut):
    gap: int | None = Field(None, description="The customer's rating minus ours.")


class _ActionBase(ItemOut):
    owner: UserRef | None
    completed_at: Timestamp | None
    overdue: bool

    @staticmethod
    def resolve_owner(obj) -> dict | None:
        user = obj.owner
        if user is None:
            return None
        return {"id": user.pk, "username": user.username, "name": str(user)}

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue(timezone.localdate())


def _drop_null(schema: dict) -> None:
    """A PATCH field may be left out but not sent as null: show it as its plain type."""
    options = [o for o in schema.pop("anyOf", []) if o.get("type") != "null"]
    if len(options) == 1:
        schema.update(options[0])
    elif options:
        schema["anyOf"] = options


def _patch_of(model_in: type[InputSchema], name: str) -> type[PatchSchema]:
    fields: dict[str, Any] = {}
    nullable = {"updated_at"}
    for field_name, info in model_in.model_fields.items():
        annotation: Any = info.annotation
        if type(None) in get_args(annotation):
            nullable.add(field_name)
            extra = {}
        else:
            annotation = annotation | None
            extra = {"json_schema_extra": _drop_null}
        merged = FieldInfo.merge_field_infos(info, default=None, **extra)
        if field_name == "position":
            nullable.discard("position")  # in a PATCH, null means nothing: refuse it
            merged = FieldInfo.merge_field_infos(merged, json_schema_extra=_drop_null)
        fields[field_name] = (annotation, merged)
    fields["updated_at"] = (
        AwareDatetime | None,
        Field(
            None,
            description="The `updated_at` you last read; if the item changed since, nothing "
            "is saved and the answer is 409.",
        ),
    )
    patch = create_model(name, __base__=PatchSchema, **fields)
    patch.__doc__ = "Only the fields sent change; `null` only where the item may lack a value."
    patch.NULLABLE = frozenset(nullable)
    return patch


def _out_of(model_in: type[InputSchema], name: str, base: type[ItemOut] = ItemOut) -> type:
    fields: dict[str, Any] = {
        field_name: (info.annotation, ...)
        for field_name, info in model_in.model_fields.items()
        if field_name != "position"
    }
    return create_model(name, __base__=base, **fields)


@dataclass(frozen=True)
class KindApi:
    """How one item kind appears in the API."""

    kind: str
    path: str  # /plans/{plan_id}/<path>
    singular: str  # operation names: create_<singular>, list_<plural>, ...
    plural: str
    model_in: type[InputSchema]
    patch: type[PatchSchema]
    out: type


def _kind(
    kind: str,
    path: str,
    singular: str,
    plural: str,
    model_in: type[InputSchema],
    base: type[ItemOut] = ItemOut,
) -> KindApi:
    camel = model_in.__name__.removesuffix("In")
    return KindApi(
        kind,
        path,
        singular,
        plural,
        model_in,
        _patch_of(model_in, camel + "Patch"),
        _out_of(model_in, camel + "Out", base),
    )


KINDS: dict[str, KindApi] = {
    k.kind: k
    for k in (
        _kind(ItemKind.PROFILE, "profile", "profile_item", "profile_items", ProfileItemIn),
        _kind(
            ItemKind.INDUSTRY,
            "industry-factors",
            "industry_factor",
            "industry_factors",
            IndustryFactorIn,
        ),
        _kind(ItemKind.SWOT, "swot", "swot_item", "swot_items", SwotItemIn),
        _kind(
            ItemKind.CUSTOMER_GOAL,
            "customer-goals",
            "customer_goal",
            "customer_goals",
            CustomerGoalIn,
            _CustomerGoalBase,
        ),
        _kind(
            ItemKind.CUSTOMER_PROBLEM,
            "customer-problems",
            "customer_problem",
            "customer_problems",
            CustomerProblemIn,
        ),
        _kind(ItemKind.CULTURE, "culture-notes", "culture_note", "culture_notes", CultureNoteIn),
        _kind(
            ItemKind.POTENTIAL,
            "potential",
            "potential_estimate",
            "potential_estimates",
            PotentialEstimateIn,
        ),
        _kind(ItemKind.GOAL, "goals", "goal", "goals", GoalIn),
        _kind(ItemKind.VALUE, "value", "value_item", "value_items", ValueItemIn),
        _kind(
            ItemKind.PERCEPTION,
            "perception",
            "perception_item",
            "perception_items",
            PerceptionItemIn,
            _PerceptionBase,
        ),
        _kind(ItemKind.ACTION, "actions", "action", "actions", ActionIn, _ActionBase),
    )
}

_SECTIONS: dict[str, Any] = {kind: (list_of(api.out), ...) for kind, api in KINDS.items()}
PlanSectionsOut = create_model("PlanSectionsOut", __base__=Schema, **_SECTIONS)


class DeletedItemOut(Schema):
    kind: str
    id: int
    label: str
    deleted_at: datetime
    deleted_by: str
