"""Request and response bodies of the weakness-question catalogue's API.

No `from __future__ import annotations`: ninja and pydantic read these annotations as
real types.
"""

from typing import Annotated

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.common import SEEN
from keyplan.core.api.schemas import InputSchema, PatchSchema, QuerySchema, Timestamp, Unset

from ..common.schemas import PillarName


class QuestionOut(Schema):
    id: int
    key: str
    pillar: str
    text: str
    text_en: str
    text_ru: str
    text_pl: str
    position: int
    is_active: bool
    updated_at: Timestamp


class QuestionIn(InputSchema):
    key: str = Field(..., min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    pillar: PillarName
    text_en: str = Field(..., min_length=1, max_length=300)
    text_ru: str = Field("", max_length=300)
    text_pl: str = Field("", max_length=300)
    position: int | None = Field(None, ge=0, le=1_000_000)
    is_active: bool = True


class QuestionPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    # The limits on the str, not the union: a pattern on `str | Unset` is not published.
    key: Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")] | Unset = (
        None
    )
    pillar: PillarName | Unset = None
    text_en: str | Unset = Field(None, min_length=1, max_length=300)
    text_ru: str | Unset = Field(None, max_length=300)
    text_pl: str | Unset = Field(None, max_length=300)
    position: int | Unset = Field(None, ge=0, le=1_000_000)
    is_active: bool | Unset = None
    updated_at: AwareDatetime | None = SEEN


class QuestionQuery(QuerySchema):
    active: bool | None = None
    pillar: PillarName | None = None
