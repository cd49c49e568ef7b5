"""What the portfolio's routers share: a user as a reference, a service's figures as
JSON, a page of a list computed in Python, the period and account shapes, and the answer
to a stale `updated_at` of something removed since.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from ninja import Field, Schema

from keyplan.core.api.schemas import QuerySchema

CURRENCY = r"^[A-Za-z]{3}$"

# A 409 when the client sent the updated_at of something that was removed since.
GONE = {
    "detail": "It was changed by someone else since you read it; nothing was saved.",
    "errors": {"updated_at": ["It was removed since you read it."]},
}


def user_ref(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "name": str(user)}


def jsonable(value: Any) -> Any:
    """Figures of a service as JSON: Decimals as strings, dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


class PageQuery(QuerySchema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=settings.KEYPLAN_API_MAX_PAGE_SIZE)


def page_of(items, query: PageQuery) -> dict:
    """One page of `items` (a list or a queryset) with the counts the page schemas show."""
    count = len(items) if isinstance(items, list) else items.count()
    offset = (query.page - 1) * query.page_size
    return {
        "items": list(items[offset : offset + query.page_size]),
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "pages": max(1, -(-count // query.page_size)),
    }


class PeriodOut(Schema):
    date_from: str = Field(..., alias="from")
    date_to: str = Field(..., alias="to")


class AccountRef(Schema):
    id: int
    external_id: str
    name: str
