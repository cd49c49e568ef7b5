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
from functools import lru_cache
from typing import Any

from babel import Locale
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, ngettext

from keyplan.accounts.models import AccountClass, AccountStatus, Industry

from . import values


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
}

# Fields of which at least one must be mapped (an account reference, cost or profit).
NEEDS_ONE_OF: dict[str, list[tuple[str, ...]]] = {
    "contacts": [("account_external_id", "account_tax_id", "account_name")],
    "invoices": [("account_external_id", "account_tax_id", "account_name")],
    "payments": [("account_external_id", "account_tax_id", "account_name")],
    "opportunities": [("account_external_id", "account_tax_id", "account_name")],
    "wallet": [("account_external_id", "account_tax_id", "account_name")],
    "interactions": [("account_external_id", "account_tax_id", "account_name")],
}

DATE_TYPES = {"date"}
NUMBER_TYPES = {D, M, "percent"}


def field_specs(kind: str) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in KINDS[kind]}


# --- value vocabularies ---------------------------------------------------------------


@lru_cache(maxsize=1)
def _country_lookup() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in ("en", "ru", "pl", "de"):
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(name.casefold(), code)
                names.setdefault(code.casefold(), code)
    names.update({"usa": "US", "uk": "GB", "россия": "RU", "рф": "RU", "czech republic": "CZ"})
    return names


def parse_country(text: str) -> str:
    code = _country_lookup().get(" ".join(text.split()).casefold())
    if code is None:
        raise ValueError(gettext("“%(value)s” is not a country name or ISO code") % {"value": text})
    return code


INDUSTRY_ALIASES = {
    "agriculture": Industry.AGRICULTURE,
    "automotive": Industry.AUTOMOTIVE,
    "chemicals": Industry.CHEMICALS,
    "construction": Industry.CONSTRUCTION,
    "education": Industry.EDUCATION,
    "energy": Industry.ENERGY,
    "utilities": Industry.ENERGY,
    "finance": Industry.FINANCE,
    "banking": Industry.FINANCE,
    "insurance": Industry.FINANCE,
    "financial services": Industry.FINANCE,
    "food & beverage": Industry.FOOD,
    "food and beverage": Industry.FOOD,
    "healthcare": Industry.HEALTHCARE,
    "technology": Industry.IT,
    "information technology": Industry.IT,
    "software": Industry.IT,
    "transportation": Industry.LOGISTICS,
    "logistics": Industry.LOGISTICS,
    "manufacturing": Industry.MANUFACTURING,
    "machinery": Industry.MANUFACTURING,
    "mining": Industry.MINING,
    "government": Industry.PUBLIC,
    "public sector": Industry.PUBLIC,
    "retail": Industry.RETAIL,
    "telecommunications": Industry.TELECOM,
    "wholesale": Industry.WHOLESALE,
    "distribution": Industry.WHOLESALE,
    # HubSpot's and LinkedIn's industry labels
    "computer software": Industry.IT,
    "information technology and services": Industry.IT,
    "internet": Industry.IT,
    "mechanical or industrial engineering": Industry.MANUFACTURING,
    "industrial automation": Industry.MANUFACTURING,
    "electrical/electronic manufacturing": Industry.MANUFACTURING,
    "logistics and supply chain": Industry.LOGISTICS,
    "transportation/trucking/railroad": Industry.LOGISTICS,
    "food & beverages": Industry.FOOD,
    "food production": Industry.FOOD,
    "oil & energy": Industry.ENERGY,
    "renewables & environment": Industry.ENERGY,
    "hospital & health care": Industry.HEALTHCARE,
    "medical devices": Industry.HEALTHCARE,
    "pharmaceuticals": Industry.HEALTHCARE,
    "building materials": Industry.CONSTRUCTION,
    "civil engineering": Industry.CONSTRUCTION,
    "mining & metals": Industry.MINING,
    "government administration": Industry.PUBLIC,
    "higher education": Industry.EDUCATION,
    "education management": Industry.EDUCATION,
    "производство": Industry.MANUFACTURING,
    "строительство": Industry.CONSTRUCTION,
    "розничная торговля": Industry.RETAIL,
    "оптовая торговля": Industry.WHOLESALE,
    "produkcja": Industry.MANUFACTURING,
    "budownictwo": Industry.CONSTRUCTION,
    "handel detaliczny": Industry.RETAIL,
    "handel hurtowy": Industry.WHOLESALE,
}


def parse_industry(text: str) -> str:
    key = " ".join(text.split()).casefold()
    if key in Industry.values:
        return key
    for value, label in Industry.choices:
        if str(label).casefold() == key:
            return value
    # Free-text industries from CRMs that keyplan has no category for are kept as "other".
    return INDUSTRY_ALIASES.get(key, Industry.OTHER)


def _choice(text: str, choices: type, aliases: dict[str, str], message: Promise) -> str:
    """`message` (lazy, with %(value)s and %(choices)s) is translated only on failure."""
    key = text.strip().casefold()
    if key in choices.values:
        return key
    for value, label in choices.choices:
        if str(label).casefold() == key:
            return value
    if key in aliases:
        return aliases[key]
    raise ValueError(str(message) % {"value": text, "choices": ", ".join(choices.values)})


NOT_A_CLASS = gettext_lazy("“%(value)s” is not a known account class: use one of %(choices)s")
NOT_A_STATUS = gettext_lazy("“%(value)s” is not a known account status: use one of %(choices)s")


CLASS_ALIASES = {
    "key": "strategic",
    "key account": "strategic",
    "a": "strategic",
    "b": "regular",
    "c": "prospect",
}
STATUS_ALIASES = {"inactive": "on_hold", "on hold": "on_hold", "lost": "closed"}
OPP_STATUS = {
    "open": "open",
    "won": "won",
    "closed won": "won",
    "closedwon": "won",
    "lost": "lost",
    "closed lost": "lost",
    "closedlost": "lost",
}


def parse_opp_status(text: str) -> str:
    key = text.strip().casefold()
    if key in OPP_STATUS:
        return OPP_STATUS[key]
    raise ValueError(
        gettext("“%(value)s” is not an opportunity status: use open, won or lost") % {"value": text}
    )


def parse_email(text: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(text)
    except ValidationError:
        raise ValueError(
            gettext("“%(value)s” is not an e-mail address") % {"value": text}
        ) from None
    return text


def parse_currency(text: str) -> str:
    code = text.strip().upper()
    aliases = {
        "ZŁ": "PLN",
        "PLN": "PLN",
        "РУБ": "RUB",
        "РУБ.": "RUB",
        "₽": "RUB",
        "€": "EUR",
        "$": "USD",
    }
    code = aliases.get(code, code)
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise ValueError(
            gettext("“%(value)s” is not a three-letter currency code") % {"value": text}
        )
    return code


INTERACTION_KIND_ALIASES = {
    "meeting": "meeting",
    "spotkanie": "meeting",
    "встреча": "meeting",
    "call": "call",
    "phone": "call",
    "phone call": "call",
    "telefon": "call",
    "rozmowa": "call",
    "звонок": "call",
    "visit": "visit",
    "wizyta": "visit",
    "визит": "visit",
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "письмо": "email",
}


def parse_interaction_kind(text: str) -> str:
    key = " ".join(text.split()).casefold()
    if key in INTERACTION_KIND_ALIASES:
        return INTERACTION_KIND_ALIASES[key]
    raise ValueError(
        gettext("“%(value)s” is not an interaction type: use meeting, call, visit or email")
        % {"value": text}
    )


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
    percent_scale: dict[str, str] | None = None,
) -> Callable[[list[str]], dict[str, Any]]:
    """A function turning one row (cells) into a record dict, raising RowError.

    `mapping` is canonical field -> header name; `decimal`/`date_format` give the
    separator or format detected (or chosen) per numeric/date field, `percent_scale`
    ("percent" or "fraction", see values.detect_percent_scale) per percent field."""
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


# An unsigned plain number (at most 18 digits before the separator): Decimal reads it as
# parse_decimal would, so the general parser is skipped.
_PLAIN_NUMBER = {
    ".": re.compile(r"[0-9]{1,18}(?:\.[0-9]+)?").fullmatch,
    ",": re.compile(r"[0-9]{1,18}(?:,[0-9]+)?").fullmatch,
}
_DATE_CACHE_SIZE = 100_000


def _parser(
    spec: FieldSpec, decimal: str, date_format: str, scale: str = "auto"
) -> Callable[[str], Any]:
    if spec.type == T:
        return lambda text: " ".join(text.split()) if "  " in text or "\n" in text else text
    if spec.type in (D, M):
        sep = "," if decimal == "," else "."
        plain = _PLAIN_NUMBER[sep]
        parse_decimal = values.parse_decimal
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
    if spec.type == "percent":
        sep = "," if decimal == "," else "."
        return lambda text: values.parse_percent(text, decimal=sep, scale=scale)
    if spec.type == "date":
        # A column holds few distinct dates: each is parsed once (the cache is bounded;
        # values that fail are not cached and fail again, with the same message).
        cache: dict[str, Any] = {}
        parse_date = values.parse_date
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
    if spec.type == "bool":
        return values.parse_bool
    if spec.type == "country":
        return parse_country
    if spec.type == "industry":
        return parse_industry
    if spec.type == "class":
        return lambda text: _choice(text, AccountClass, CLASS_ALIASES, NOT_A_CLASS)
    if spec.type == "status":
        return lambda text: _choice(text, AccountStatus, STATUS_ALIASES, NOT_A_STATUS)
    if spec.type == "opp_status":
        return parse_opp_status
    if spec.type == "email":
        return parse_email
    if spec.type == "currency":
        return parse_currency
    if spec.type == "interaction_kind":
        return parse_interaction_kind
    raise ValueError(f"unknown field type {spec.type}")


def row_fingerprint(cells: list[str]) -> str:
    """A stable key for a row whose source gives no natural key."""
    return "f:" + hashlib.blake2b("\x1f".join(cells).encode(), digest_size=12).hexdigest()
