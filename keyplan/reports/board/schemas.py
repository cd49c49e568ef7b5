"""The board pack API's documents (dates ISO)."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from keyplan.core.api.schemas import InputSchema


class BoardPackIn(InputSchema):
    format: Literal["pptx", "pdf"] = "pptx"


class BoardPackOut(Schema):
    id: int
    format: Literal["pptx", "pdf"]
    status: Literal["queued", "running", "done", "failed"]
    progress: int = Field(description="0-100")
    requested_by: str | None
    requested_at: datetime
    finished_at: datetime | None
    period_start: date | None
    period_end: date | None
    error: str
    file_url: str | None = Field(description="The file's API path once the pack is done")


class BoardPackPageOut(Schema):
    items: list[BoardPackOut]
    count: int
    page: int
    page_size: int
    pages: int


def pack_out(pack, file_url: str | None) -> dict:
    return {
        "id": pack.pk,
        "format": pack.format,
        "status": pack.status,
        "progress": pack.progress,
        "requested_by": pack.requested_by.get_username() if pack.requested_by else None,
        "requested_at": pack.requested_at,
        "finished_at": pack.finished_at,
        "period_start": pack.period_start,
        "period_end": pack.period_end,
        "error": pack.error,
        "file_url": file_url,
    }
