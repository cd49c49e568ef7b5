"""What every API body is built on: the one error body, request bodies that must be JSON
objects without control characters, partial updates, full-precision timestamps and the
reference to a user. Each app's own bodies are in its schemas.py."""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import (
    BaseModel,
    ConfigDict,
    GetJsonSchemaHandler,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue, SkipJsonSchema
from pydantic_core import CoreSchema

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
    """Base of request bodies (query parameter sets: QuerySchema below).

    A plain pydantic model, not ninja's Schema: Schema reads any value through its
    attributes (for from_orm), so a body of `1`, `"x"` or `null` would pass as an
    object without fields, i.e. an empty PATCH that "succeeds". A body must be a JSON
    object. And no text may hold a NUL character, which PostgreSQL refuses with an
    error (a 500), nor another control character (keyplan.core.text), which no
    spreadsheet export could write.

    The body is held to its published schema: a field it does not document is refused
    (422 naming the field, not silently dropped), and a value must have a JSON type the
    schema allows: `true` is not an integer, `1` or `"yes"` not a boolean, `"5"` not a
    number, `0` not a date (pydantic's lax mode would convert all of these).
    """

    model_config = ConfigDict(extra="forbid")

    # Query parameters arrive as text and are converted; only a JSON body is checked.
    CHECK_JSON_TYPES: ClassVar[bool] = True

    @model_validator(mode="before")
    @classmethod
    def _json_object_only(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError("Send a JSON object.")
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(core_schema)
        properties = handler.resolve_ref_schema(json_schema).get("properties", {})
        for name, field in cls.model_fields.items():
            prop = properties.get(field.alias or name)
            if prop is not None:
                _standard_limits(prop)
                _text_patterns(prop, _decimal_pattern(field, prop))
        return json_schema

    @field_validator("*", mode="before")
    @classmethod
    def _float_noise(cls, value: Any, info: ValidationInfo) -> Any:
        """0.1 + 0.2 sent as 0.30000000000000004 is 0.3 to a field of 2 decimal places:
        a JSON number is a binary float; only its noise is rounded away, never a digit
        that was meant (0.123456 to 4 places stays an error). Past 10^15 a float is not
        exact: such an amount is sent as text (the published maximum says so)."""
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not info.field_name:
            return value
        limits = decimal_limits(cls.model_fields[info.field_name]) or {}
        if "max_digits" in limits and abs(value) > 10**15 - 1:
            raise ValueError('Send an amount of 10^15 or more as text, e.g. "1000000000000000".')
        places = limits.get("decimal_places")
        if not isinstance(value, float):
            return value
        if places is not None and abs(value - round(value, places)) <= 1e-12 * abs(value):
            return Decimal(str(round(value, places)))
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _documented_json_type(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None:
            return value
        allowed = json_types(cls)[info.field_name]
        if cls.CHECK_JSON_TYPES and not _fits(value, allowed):
            raise ValueError(_type_message(allowed))
        # pydantic reads "0" as a date (seconds since 1970); the schema says ISO 8601.
        dated = "format:date" in allowed or "format:date-time" in allowed
        if dated and isinstance(value, str) and not ISO_DATE.match(value):
            raise ValueError("Input should be a date in ISO 8601 format (YYYY-MM-DD).")
        return value

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


# pydantic writes the limits of a field typed `X | Unset` under their Python names (`ge`,
# `maxLength` of a list), which no client reads: the JSON Schema names make them visible.
_LIMITS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
_LIST_LIMITS = {"maxLength": "maxItems", "minLength": "minItems"}


def _standard_limits(prop: dict[str, Any]) -> None:
    renames = {**_LIMITS, **(_LIST_LIMITS if prop.get("type") == "array" else {})}
    for name, standard in renames.items():
        if name in prop:
            prop[standard] = prop.pop(name)


# What a text field accepts, published as a pattern: no control characters (keyplan.core.text),
# and for a Decimal sent as text, a plain decimal number (pydantic documents any string).
NO_CONTROL_CHARACTERS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def decimal_limits(field: FieldInfo) -> dict[str, int] | None:
    """max_digits and decimal_places of a Decimal field (those it has); None if not one."""
    if not any(kind is Decimal for kind in _flat_types(field.annotation)):
        return None
    return {
        name: getattr(item, name)
        for item in field.metadata
        for name in ("max_digits", "decimal_places")
        if getattr(item, name, None) is not None
    }


def _decimal_pattern(field: FieldInfo, prop: dict[str, Any]) -> str | None:
    limits = decimal_limits(field)
    if limits is None:
        return None
    places = limits.get("decimal_places")
    digits = limits.get("max_digits")
    whole_digits = None if digits is None else max(1, digits - (places or 0))
    fraction = r"(\.\d+)?" if places is None else rf"(\.\d{{1,{places}}})?"
    bounds = {k: v for m in [prop, *prop.get("anyOf", [])] for k, v in m.items()}
    sign = "" if bounds.get("minimum", bounds.get("exclusiveMinimum", -1)) >= 0 else "-?"
    positive = "(?![0.]*$)" if bounds.get("exclusiveMinimum") == 0 else ""
    for member in prop.get("anyOf", [prop]):
        if member.get("type") == "number" and places is not None:
            # A JSON number has the decimal places of the field (float noise aside: see
            # InputSchema._float_noise) and the digits before the point that it allows,
            # as far as a float holds them exactly (beyond 10^15, send text).
            member["multipleOf"] = 10**-places if places else 1
            if whole_digits is not None:
                largest = 10 ** min(whole_digits, 15) - 1
                member.setdefault("maximum", largest)
                member.setdefault("minimum", -largest)
    whole = r"\d+" if whole_digits is None else rf"\d{{1,{whole_digits}}}"
    # An upper limit of 10^k - 1 or 10^k is a number of digits (le=9999, le=100).
    most = bounds.get("maximum")
    most = int(most) if isinstance(most, (int, float)) and most == int(most) else None
    if most is not None and sign == "" and 0 < most < 10**18:
        if str(most + 1).strip("0") == "1":
            whole = rf"\d{{1,{len(str(most))}}}"
        elif str(most).strip("0") == "1":
            zeros = r"(\.0+)?" if places is None else rf"(\.0{{1,{places}}})?"
            below = "0" if most == 1 else rf"\d{{1,{len(str(most)) - 1}}}"
            return f"^{positive}({most}{zeros}|{below}{fraction})$"
    return f"^{positive}{sign}{whole}{fraction}$"


def _flat_types(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _flat_types(arg)


def _text_patterns(prop: dict[str, Any], decimal: str | None) -> None:
    for member in [prop, *prop.get("anyOf", []), *([prop["items"]] if "items" in prop else [])]:
        if member.get("type") == "string" and not {"pattern", "format", "enum", "const"} & set(
            member
        ):
            member["pattern"] = decimal or NO_CONTROL_CHARACTERS


class QuerySchema(InputSchema):
    """Base of query parameter sets: every value arrives as text, converted to the
    field's type (`?page=2`)."""

    CHECK_JSON_TYPES: ClassVar[bool] = False


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# The JSON types a field's schema allows: "integer", "string", ... ("any" when it does
# not say); for an array, also those of its items as "items:<type>".
_TYPES_OF: dict[type, dict[str, frozenset[str]]] = {}


def json_types(model: type[BaseModel]) -> dict[str, frozenset[str]]:
    if model not in _TYPES_OF:
        from ninja.schema import NinjaGenerateJsonSchema

        schema = model.model_json_schema(schema_generator=NinjaGenerateJsonSchema)
        defs = schema.get("$defs", {})
        properties = schema.get("properties", {})
        _TYPES_OF[model] = {
            name: _types(properties.get(field.alias or name, {}), defs)
            for name, field in model.model_fields.items()
        }
    return _TYPES_OF[model]


def _types(schema: dict, defs: dict, prefix: str = "") -> frozenset[str]:
    if "$ref" in schema:
        schema = defs.get(schema["$ref"].rsplit("/", 1)[-1], {})
    found: set[str] = set()
    for key in ("anyOf", "oneOf", "allOf"):
        for member in schema.get(key, []):
            found |= _types(member, defs, prefix)
    if "format" in schema and not prefix:
        found.add("format:" + schema["format"])
    declared = schema.get("type")
    if isinstance(declared, str):
        found.add(prefix + declared)
    elif isinstance(declared, list):
        found |= {prefix + kind for kind in declared}
    for constant in [*schema.get("enum", []), *([schema["const"]] if "const" in schema else [])]:
        found.add(prefix + _json_type(constant))
    if not prefix and "items" in schema:
        found |= _types(schema["items"], defs, "items:")
    if not found and not prefix:
        found.add("any")
    return frozenset(found)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, (float, Decimal)):
        return "integer" if math.isfinite(value) and value == int(value) else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    return "object" if isinstance(value, dict) else "any"


def _allows(kind: str, allowed: frozenset[str], prefix: str = "") -> bool:
    if prefix and not any(a.startswith(prefix) for a in allowed):
        return True  # items of any type
    return prefix + kind in allowed or (kind == "integer" and prefix + "number" in allowed)


def _fits(value: Any, allowed: frozenset[str]) -> bool:
    if "any" in allowed:
        return True
    kind = _json_type(value)
    if not _allows(kind, allowed):
        return False
    if kind == "array":
        return all(_allows(_json_type(item), allowed, "items:") for item in value)
    return True


_TYPE_NAMES = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def _type_message(allowed: frozenset[str]) -> str:
    names = sorted(_TYPE_NAMES[kind] for kind in allowed if kind in _TYPE_NAMES)
    return "Input should be " + " or ".join(names) + "."


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
