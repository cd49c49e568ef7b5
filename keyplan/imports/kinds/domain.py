"""What each import kind expects, and turning one source row into a clean record.

Pure: no database. A row is rejected with a RowError naming the column, the value
and the reason (in the active language, built only when the row fails); everything else
about it is left to the writers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, ngettext

from keyplan.core.fields import MINOR, MINOR_SCALE
from keyplan.core.text import CONTROL_CHARACTERS, code_point, control_character, visible

from ..dates.domain import parse_date
from ..numbers.domain import PercentScale, Separator, parse_decimal, parse_percent
from ..vocabularies.domain import PARSERS as VOCABULARIES


class RowError(Exception):
    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.value = value
        self.reason = reason


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str  # text, decimal, money, date, percent, bool, country, industry, class, status
    required: bool = False
    max_length: int = 255
    help: str = ""


T, D, M = "text", "decimal", "money"
ACCOUNT_REF_FIELDS = (
    FieldSpec("account_external_id", T, max_length=100, help="the account's id in the source"),
    FieldSpec("account_tax_id", T, max_length=32, help="NIP, INN or VAT number"),
    FieldSpec("account_name", T, max_length=200, help="exact account name"),
)

KINDS: dict[str, tuple[FieldSpec, ...]] = {
    "accounts": (
        FieldSpec("external_id", T, max_length=100),
        FieldSpec("name", T, required=True, max_length=200),
        FieldSpec("tax_id", T, max_length=32),
        FieldSpec("industry", "industry"),
        FieldSpec("country", "country"),
        FieldSpec("region", T, max_length=100),
        FieldSpec("currency", "currency"),
        FieldSpec("parent_external_id", T, max_length=100),
        FieldSpec("owner", T, max_length=150, help="user name, e-mail or full name"),
        FieldSpec("account_class", "class"),
        FieldSpec("status", "status"),
        FieldSpec("annual_revenue", M),
        FieldSpec("notes", T, max_length=5000),
    ),
    "contacts": (
        *ACCOUNT_REF_FIELDS,
        FieldSpec("first_name", T, max_length=100),
        FieldSpec("last_name", T, required=True, max_length=100),
        FieldSpec("title", T, max_length=150),
        FieldSpec("email", "email", max_length=254),
        FieldSpec("phone", T, max_length=40),
    ),
    "products": (
        FieldSpec("code", T, required=True, max_length=64),
        FieldSpec("name", T, max_length=255),
        FieldSpec("product_line", T, max_length=100),
        FieldSpec("business_unit", T, max_length=100),
    ),
    "invoices": (
        FieldSpec("document", T, required=True, max_length=150),
        FieldSpec("line", T, max_length=40),
        FieldSpec("date", "date", required=True),
        *ACCOUNT_REF_FIELDS,
        FieldSpec("account_country", "country"),
        FieldSpec("product_code", T, max_length=64),
        FieldSpec("product_name", T, max_length=255),
        FieldSpec("product_line", T, max_length=100),
        FieldSpec("business_unit", T, max_length=100),
        FieldSpec("quantity", D),
        FieldSpec("revenue", M, required=True),
        FieldSpec("cost", M, help="or gross_profit: cost = revenue - gross profit"),
        FieldSpec("gross_profit", M),
        FieldSpec("currency", "currency"),
    ),
    "payments": (
        FieldSpec("document", T, required=True, max_length=150),
        *ACCOUNT_REF_FIELDS,
        FieldSpec("invoice_date", "date"),
        FieldSpec("due_date", "date"),
        FieldSpec("paid_date", "date"),
        FieldSpec("amount", M, required=True),
        FieldSpec("currency", "currency"),
    ),
    "opportunities": (
        FieldSpec("external_id", T, max_length=100),
        *ACCOUNT_REF_FIELDS,
        FieldSpec("name", T, required=True, max_length=255),
        FieldSpec("stage", T, max_length=100),
        FieldSpec("amount", M),
        FieldSpec("probability", "percent"),
        FieldSpec("created_date", "date"),
        FieldSpec("close_date", "date"),
        FieldSpec("status", "opp_status"),
        FieldSpec("is_won", "bool"),
        FieldSpec("is_closed", "bool"),
        FieldSpec("competitor", T, max_length=200),
        FieldSpec("owner", T, max_length=150),
        FieldSpec("currency", "currency"),
    ),
    # Share of wallet: an account's estimated yearly spend in our category (one per account).
    "wallet": (
        *ACCOUNT_REF_FIELDS,
        FieldSpec("category_spend", M, required=True, help="estimated yearly category spend"),
        FieldSpec("currency", "currency", help="the account's currency when empty"),
        FieldSpec("source", T, max_length=255, help="where the estimate comes from"),
    ),
    # Interactions (meetings, calls, visits, e-mails), e.g. from a calendar export.
    "interactions": (
        *ACCOUNT_REF_FIELDS,
        FieldSpec("date", "date", required=True),
        FieldSpec("type", "interaction_kind", required=True, help="meeting, call, visit, email"),
        FieldSpec("duration", D, help="minutes"),
        FieldSpec("subject", T, required=True, max_length=255),
        FieldSpec("notes", T, max_length=20_000),
        FieldSpec("next_step", T, max_length=255),
        FieldSpec(
            "our_people", T, max_length=2000, help="user names, e-mails or full names; ; or ,"
        ),
        FieldSpec("their_people", T, max_length=2000, help="contact e-mails or full names; ; or ,"),
        FieldSpec("external_id", T, max_length=100, help="e.g. the calendar event id"),
    ),
    # The cost to serve an account (keyplan.sales.models.ServiceCost).
    "service_costs": (
        *ACCOUNT_REF_FIELDS,
        FieldSpec("date", "date", required=True),
        FieldSpec(
            "category",
            "cost_category",
            required=True,
            help="logistics, returns, packaging, support, travel, marketing, rebates, other",
        ),
        FieldSpec("amount", M, required=True, help="negative: a credit note"),
        FieldSpec("currency", "currency", help="the account's currency when empty"),
        FieldSpec("note", T, max_length=500),
        FieldSpec("external_id", T, max_length=100, help="the cost's id in the source"),
    ),
    # Answers to "how satisfied are you with us" (keyplan.stakeholders.models.
    # SatisfactionAnswer); the score's 0-10 rule is the writer's, with the page's words.
    "satisfaction": (
        *ACCOUNT_REF_FIELDS,
        FieldSpec("answered_on", "date", required=True, help="not in the future"),
        FieldSpec("score", D, required=True, help="a whole number from 0 to 10"),
        FieldSpec("respondent", T, max_length=254, help="a contact's e-mail or full name"),
        FieldSpec("comment", T, max_length=2000),
        FieldSpec("external_id", T, max_length=100, help="the answer's id in the source"),
    ),
}

# Fields of which at least one must be mapped (an account reference, cost or profit).
NEEDS_ONE_OF: dict[str, list[tuple[str, ...]]] = {
    "contacts": [("account_external_id", "account_tax_id", "account_name")],
    "invoices": [("account_external_id", "account_tax_id", "account_name")],
    "payments": [("account_external_id", "account_tax_id", "account_name")],
    "opportunities": [("account_external_id", "account_tax_id", "account_name")],
    "wallet": [("account_external_id", "account_tax_id", "account_name")],
    "interactions": [("account_external_id", "account_tax_id", "account_name")],
    "service_costs": [("account_external_id", "account_tax_id", "account_name")],
    "satisfaction": [("account_external_id", "account_tax_id", "account_name")],
}

DATE_TYPES = {"date"}
NUMBER_TYPES = {D, M, "percent"}


def field_specs(kind: str) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in KINDS[kind]}


# --- converting rows ------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    field: str
    index: int
    header: str
    parse: Callable[[str], Any]
    required: bool
    max_length: int


def build_converter(
    kind: str,
    header: list[str],
    mapping: dict[str, str],
    *,
    decimal: dict[str, str],
    date_format: dict[str, str],
    percent_scale: dict[str, PercentScale] | None = None,
) -> Callable[[list[str]], dict[str, Any]]:
    """A function turning one row (cells) into a record dict, raising RowError.

    `mapping` is canonical field -> header name; `decimal`/`date_format` give the
    separator or format detected (or chosen) per numeric/date field, `percent_scale`
    ("percent" or "fraction", see numbers.domain.detect_percent_scale) per percent field."""
    specs = field_specs(kind)
    index_of = {name: i for i, name in enumerate(header)}
    columns: list[Column] = []
    for field, source in mapping.items():
        spec = specs[field]
        parse = _parser(
            spec,
            decimal.get(field, "."),
            date_format.get(field, "iso"),
            (percent_scale or {}).get(field, "auto"),
        )
        columns.append(
            Column(field, index_of[source], source, parse, spec.required, spec.max_length)
        )
    width = len(header)
    # Text columns are handled inline (no call per cell); the others call their parser.
    plan = [
        (c.field, c.index, c.header, None if specs[c.field].type == T else c.parse, c.required)
        for c in columns
    ]
    max_length = {c.field: c.max_length for c in columns}

    def convert(cells: list[str]) -> dict[str, Any]:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        if _has_control("".join(cells)):  # rare: one scan per row, then find the cell
            _refuse_control_characters(cells, plan)
        record: dict[str, Any] = {}
        for field, index, source, parse, required in plan:
            raw = cells[index].strip()
            if not raw:
                if required:
                    raise RowError(source, "", gettext("a value is required"))
                continue
            if parse is None:
                value = " ".join(raw.split()) if "  " in raw or "\n" in raw else raw
            else:
                try:
                    value = parse(raw)
                except ValueError as exc:
                    raise RowError(source, raw, str(exc)) from None
                if not isinstance(value, str):
                    record[field] = value
                    continue
            if len(value) > max_length[field]:
                limit = max_length[field]
                raise RowError(
                    source,
                    raw[:100],
                    ngettext(
                        "longer than %(count)s character", "longer than %(count)s characters", limit
                    )
                    % {"count": limit},
                )
            record[field] = value
        return record

    return convert


_has_control = CONTROL_CHARACTERS.search


def _refuse_control_characters(cells: list[str], plan: list) -> None:
    """RowError at the first mapped cell holding a control character (keyplan.core.text):
    PostgreSQL refuses NUL and no spreadsheet export could write the others. A cell of a
    column not imported does not matter."""
    for _field, index, source, _parse, _required in plan:
        char = control_character(cells[index])
        if char is not None:
            raise RowError(
                source,
                visible(cells[index].strip())[:100],
                gettext("contains a control character (%(character)s)")
                % {"character": code_point(char)},
            )


# An unsigned plain number (at most 18 digits before the separator): Decimal reads it as
# parse_decimal would, so the general parser is skipped.
_PLAIN_NUMBER = {
    ".": re.compile(r"[0-9]{1,18}(?:\.[0-9]+)?").fullmatch,
    ",": re.compile(r"[0-9]{1,18}(?:,[0-9]+)?").fullmatch,
}
_DATE_CACHE_SIZE = 100_000


def _parser(
    spec: FieldSpec, decimal: str, date_format: str, scale: PercentScale = "auto"
) -> Callable[[str], Any]:
    if spec.type == T:
        return _text
    sep: Separator = "," if decimal == "," else "."
    if spec.type == D:
        return _number_parser(sep)
    if spec.type == M:
        return _money_parser(_number_parser(sep))
    if spec.type == "percent":
        return lambda text: parse_percent(text, decimal=sep, scale=scale)
    if spec.type == "date":
        return _date_parser(date_format)
    parse = VOCABULARIES.get(spec.type)
    if parse is None:
        raise ValueError(f"unknown field type {spec.type}")
    return parse


def _text(text: str) -> str:
    return " ".join(text.split()) if "  " in text or "\n" in text else text


def _number_parser(sep: Separator) -> Callable[[str], Decimal]:
    plain = _PLAIN_NUMBER[sep]
    if sep == ".":

        def number(text: str) -> Decimal:
            if plain(text):
                return Decimal(text)
            return parse_decimal(text, decimal=".")

    else:

        def number(text: str) -> Decimal:
            if plain(text):
                return Decimal(text.replace(",", "."))
            return parse_decimal(text, decimal=",")

    return number


# Amounts are stored exactly as integer ten-thousandths (keyplan.core.fields): at most
# MINOR_SCALE decimals and what a 64-bit integer holds at that scale. Nothing is rounded.
MONEY_DIGITS = 14
MONEY_LIMIT = Decimal(10) ** MONEY_DIGITS


def _money_parser(number: Callable[[str], Decimal]) -> Callable[[str], Decimal]:
    def money(text: str) -> Decimal:
        value = number(text)
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MINOR_SCALE:
            # Trailing zeros are exact ("1.23450"); anything finer would be rounded.
            normal = value.normalize()
            if normal.as_tuple().exponent < -MINOR_SCALE:  # type: ignore[operator]
                raise ValueError(
                    gettext(
                        "“%(value)s” has more than %(places)s decimal places; amounts are "
                        "stored exactly, to %(places)s places, and are never rounded"
                    )
                    % {"value": text, "places": MINOR_SCALE}
                )
            value = value.quantize(MINOR)
        if abs(value) >= MONEY_LIMIT:
            raise ValueError(
                gettext(
                    "“%(value)s” is too large (more than %(digits)s digits before the decimal "
                    "separator)"
                )
                % {"value": text, "digits": MONEY_DIGITS}
            )
        return value

    return money


def _date_parser(date_format: str) -> Callable[[str], date]:
    # A column holds few distinct dates: each is parsed once (the cache is bounded;
    # values that fail are not cached and fail again, with the same message).
    cache: dict[str, date] = {}
    iso = date_format == "iso"
    fromisoformat = date.fromisoformat

    def parse(text: str) -> date:
        value = cache.get(text)
        if value is None:
            if iso and len(text) == 10 and text[4] == "-" == text[7] and text.isascii():
                try:
                    value = fromisoformat(text)
                except ValueError:
                    value = parse_date(text, date_format)
            else:
                value = parse_date(text, date_format)
            if len(cache) < _DATE_CACHE_SIZE:
                cache[text] = value
        return value

    return parse


def row_fingerprint(cells: list[str]) -> str:
    """A stable key for a row whose source gives no natural key."""
    return "f:" + hashlib.blake2b("\x1f".join(cells).encode(), digest_size=12).hexdigest()
