"""What every API body is built on: the one error body, request bodies that must be JSON
objects without control characters, partial updates, full-precision timestamps and the
reference to a user. Each app's own bodies are in its schemas.py."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar

from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import (
    BaseModel,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from ..text import code_point, control_character

# The largest id any database integer column can hold; bigger ids are a 422, not a 500.
MAX_ID = 2**63 - 1

# A timestamp with every microsecond, so that the updated_at a client read can be sent
# back for the optimistic concurrency check and match exactly (ninja's JSON encoder,
# Django's, cuts datetimes to milliseconds, and every such PATCH would answer 409).
Timestamp = Annotated[
    datetime,
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class ErrorOut(Schema):
    """The body of every error answer (400, 401, 403, 404, 409, 413, 422)."""

    detail: str = Field(..., description="What went wrong, for a person to read.")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "Messages per input field (query parameter or body field); `__all__` for "
            "messages about the input as a whole. Empty when no field is to blame."
        ),
    )


class InputSchema(BaseModel):
    """Base of request bodies and query parameter sets.

    A plain pydantic model, not ninja's Schema: Schema reads any value through its
    attributes (for from_orm), so a body of `1`, `"x"` or `null` would pass as an
    object without fields, i.e. an empty PATCH that "succeeds". A body must be a JSON
    object. And no text may hold a NUL character, which PostgreSQL refuses with an
    error (a 500), nor another control character (keyplan.core.text), which no
    spreadsheet export could write.
    """

    @model_validator(mode="before")
    @classmethod
    def _json_object_only(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError("Send a JSON object.")
        return data

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        for text in _texts(value):
            char = control_character(text)
            if char == "\x00":
                raise ValueError("Text cannot contain NUL (0x00) characters.")
            if char is not None:
                raise ValueError(
                    gettext("The text contains a control character (%(character)s); remove it.")
                    % {"character": code_point(char)}
                )
        return value


def _texts(value: Any, depth: int = 0):
    """The strings in a field's value: itself, or those in its list, set or dict (keys too),
    nested a few levels deep."""
    if isinstance(value, str):
        yield value
    elif depth < 4 and isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _texts(item, depth + 1)
    elif depth < 4 and isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key, depth + 1)
            yield from _texts(item, depth + 1)


# A PATCH field that may be left out but not sent as null: `None` here only ever
# means "not sent" (the views read the body with exclude_unset), and the schema
# shows it as a plain string.
Unset = SkipJsonSchema[None]


class PatchSchema(InputSchema):
    """A partial update: only the fields sent change. `null` is refused except for
    the fields in NULLABLE, which an object may lack."""

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _null_only_where_allowed(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise ValueError("This field cannot be null; leave it out to keep its value.")
        return value


class UserRef(Schema):
    id: int
    username: str
    name: str
