"""The search API's documents."""

from typing import Literal

from ninja import Field, Schema

from . import domain

Kind = Literal[tuple(domain.KINDS)]  # type: ignore[valid-type]


class SearchQuery(Schema):
    q: str = Field("", max_length=200, description="At least 2 characters; shorter finds nothing")
    kind: Literal[("", *domain.KINDS)] = ""  # type: ignore[valid-type]
    limit: int = Field(domain.PER_KIND, ge=1, le=50, description="Hits of each kind")


class HitOut(Schema):
    id: int
    title: str
    detail: str
    path: str = Field(description="The page that shows it")


class GroupOut(Schema):
    kind: Kind  # type: ignore[valid-type]
    label: str
    has_more: bool = Field(description="More hits of this kind than `limit`")
    items: list[HitOut]


class SearchOut(Schema):
    q: str = Field(description="The query as searched (cleaned)")
    min_length: int
    groups: list[GroupOut] = Field(description="Kinds with at least one hit, in a fixed order")
