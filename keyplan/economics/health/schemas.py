"""The health API's documents: each component with its fact (`facts`, as recorded, and
`value`, as shown), its points (null: no data), its weight, its share of the score (a
fraction, null when it does not count) and its source."""

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from .domain import Component, Health
from .selectors import SORTS

SortKey = Literal[tuple(sorted(SORTS))]  # type: ignore[valid-type]


class ComponentOut(Schema):
    key: str
    label: str
    value: str
    facts: dict[str, Any]
    points: int | None = Field(description="0-100; null: no data, left out of the score")
    weight: int
    share: str | None = Field(description="Its share of the score, 0-1; null: left out")
    source: str = Field(description="Where the fact comes from")
    source_path: str = Field(description="The page that shows it")


class WeakestOut(Schema):
    key: str
    label: str
    points: int


class HealthRowOut(Schema):
    account_id: int
    name: str
    account_class: str
    owner: str
    score: int | None
    previous: int | None = Field(description="The score recorded for the previous month")
    change: int | None
    weakest: WeakestOut | None


class HealthTableOut(Schema):
    as_of: date
    previous_month: date
    count: int
    page: int
    page_size: int
    pages: int
    items: list[HealthRowOut]


class HistoryOut(Schema):
    month: str
    score: int | None


class AccountHealthOut(Schema):
    account_id: int
    as_of: date
    score: int | None
    previous: int | None
    components: list[ComponentOut]
    history: list[HistoryOut]


class HealthQuery(Schema):
    q: str = Field("", max_length=200)
    owner: int | None = Field(None, ge=1, le=2**63 - 1)
    account_class: Literal["", "strategic", "regular", "prospect", "suspect"] = ""
    sort: SortKey = "score"  # type: ignore[valid-type]
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=500)


def weakest_out(component: Component | None) -> dict | None:
    if component is None:
        return None
    return {"key": component.key, "label": component.label, "points": component.points}


def components_out(health: Health, paths: list[str]) -> list[dict]:
    return [
        {
            "key": c.key,
            "label": c.label,
            "value": c.value_text,
            "facts": c.facts,
            "points": c.points,
            "weight": c.weight,
            "share": None
            if (s := health.share(c)) is None
            else format(s.quantize(Decimal("0.0001")), "f"),
            "source": c.source_label,
            "source_path": path,
        }
        for c, path in zip(health.components, paths, strict=True)
    ]
