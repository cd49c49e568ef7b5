"""Request and response bodies of the competitor registry's API.

No `from __future__ import annotations`: ninja and pydantic read these annotations as
real types.
"""

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.common import SEEN
from keyplan.core.api.schemas import InputSchema, PatchSchema, QuerySchema, Timestamp, Unset

from ..common.schemas import TEXT


class CompetitorOut(Schema):
    id: int
    name: str
    website: str
    products: str
    strengths: str
    notes: str
    is_active: bool
    created_at: Timestamp
    updated_at: Timestamp


class CompetitorIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    website: str = Field("", max_length=200)
    products: str = Field("", max_length=TEXT)
    strengths: str = Field("", max_length=TEXT)
    notes: str = Field("", max_length=TEXT)
    is_active: bool = True


class CompetitorPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    name: str | Unset = Field(None, min_length=1, max_length=200)
    website: str | Unset = Field(None, max_length=200)
    products: str | Unset = Field(None, max_length=TEXT)
    strengths: str | Unset = Field(None, max_length=TEXT)
    notes: str | Unset = Field(None, max_length=TEXT)
    is_active: bool | Unset = None
    updated_at: AwareDatetime | None = SEEN


class CompetitorQuery(QuerySchema):
    search: str = Field("", max_length=200, description="Part of the name.")
    active: bool | None = Field(None, description="Only active (true) or inactive (false).")
