"""Turning import cells (text) into numbers and percents.

Nothing here touches the database; Django is used only to translate error messages.

Decisions about a file's conventions (here: a decimal comma or point, percents or
fractions) are made once per COLUMN with the `detect_*` functions, over all of its values,
and never row by row. A column that could be read two ways raises `AmbiguousColumn`,
whose message asks the user to choose.

Errors are ValueError with a short reason in the active language (built only when a
value fails, so the success path never calls gettext); the import pipeline runs in the
uploader's language and reports them as "line N, column C, value V: reason".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext

from ..common.domain import AmbiguousColumn
from ..common.domain import shown as _shown

__all__ = [
    "Separator",
    "detect_decimal_separator",
    "detect_percent_scale",
    "parse_decimal",
    "parse_percent",
]

Separator = Literal[",", "."]
PercentScale = Literal["auto", "percent", "fraction"]
MAX_INTEGER_DIGITS = 18


# ---------------------------------------------------------------------------------------------
# numbers

# Thousands separators besides the "other" one of , and . : space, no-break space, narrow
# no-break space, thin space, apostrophe and right single quotation mark (Swiss 1’234.50).
_GROUPING = " \u00a0\u202f\u2009'’"
_MINUS = "-−–"  # hyphen-minus, U+2212 minus sign, en dash (seen in copy-pasted reports)
_CURRENCY = re.compile(
    r"""^(?:
        zł|zl|pln|руб\.?|рублей|р\.|₽|rub|rur|€|eur|\$|usd|us\$|£|gbp|chf|fr\.|
        kč|czk|₴|грн\.?|uah|₸|kzt|тг\.?|byn|br|¥|jpy|cny|元|sek|nok|dkk|kr\.?|huf|ft
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_LEADING_CURRENCY = re.compile(r"^([^\d\s.,()\-−–+]+)\s*")
_TRAILING_CURRENCY = re.compile(r"\s*([^\d\s.,()\-−–+][^\d\s()\-−–+]*)$")
_NUMBER = {
    sep: re.compile(
        rf"""^(?:
            (?P<int>[1-9][0-9]{{0,2}}(?:(?P<g>[{re.escape(_GROUPING + other)}])[0-9]{{3}}
                                (?:(?P=g)[0-9]{{3}})*)
                    |[0-9]+)
            (?:{re.escape(sep)}(?P<frac>[0-9]+))?
          | {re.escape(sep)}(?P<onlyfrac>[0-9]+)
        )\Z""",
        re.VERBOSE,
    )
    for sep, other in ((",", "."), (".", ","))
}
_SCIENTIFIC = re.compile(r"^[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+$")
_NOT_A_NUMBER = {"nan", "inf", "infinity", "-inf", "+inf", "-infinity", "+infinity", "snan"}


def _strip_number(text: str) -> tuple[bool, str]:
    """Remove a sign, parentheses and a currency around a number: (negative, digits part).

    Raises ValueError when what is left around the digits is not one of those.
    """
    s = text.strip()
    if not s:
        raise ValueError("empty")
    negative = False
    signs = 0  # minus, plus and parentheses: one at most
    for _ in range(3):  # in any order: -€12, €-12, (€12), (12) zł, 12 zł-, 12- zł
        before = s
        if s.startswith("(") and s.endswith(")"):
            negative, s, signs = True, s[1:-1].strip(), signs + 1
        if s and s[0] in _MINUS + "+":
            negative, s, signs = negative or s[0] != "+", s[1:].lstrip(), signs + 1
        if s and s[-1] in _MINUS:
            negative, s, signs = True, s[:-1].rstrip(), signs + 1
        if (m := _LEADING_CURRENCY.match(s)) and _CURRENCY.match(m.group(1)):
            s = s[m.end() :]
        if (m := _TRAILING_CURRENCY.search(s)) and _CURRENCY.match(m.group(1)):
            s = s[: m.start()]
        if s == before:
            break
    if signs > 1:
        raise ValueError(_not_a_number_message(text))
    return negative, s


def parse_decimal(text: str, *, decimal: Separator) -> Decimal:
    """ "1 234,56" (decimal=",") → Decimal("1234.56").

    Thousands separators (in groups of three): space, no-break space U+00A0, narrow
    no-break space U+202F, thin space, apostrophe and the other one of , and . .
    Negatives: "-12", "−12", "12-" (1C) and "(12)". A currency symbol or code before or
    after the number (zł, PLN, руб., р., ₽, €, $, EUR, USD, ...) is ignored.
    Rejected: "" ("empty"), text, NaN/Infinity, scientific notation (Excel's 1,23E+11
    has lost digits) and more than 18 digits before the decimal separator.
    """
    if text.isdigit() and text.isascii() and len(text) <= MAX_INTEGER_DIGITS:
        return Decimal(text)  # the common case, quickly
    negative, body = _strip_number(text)
    match = _NUMBER[decimal].match(body)
    if not match:
        raise ValueError(_not_a_number(text, body, decimal))
    integer = match.group("int") or "0"
    if match.group("g"):
        integer = integer.replace(match.group("g"), "")
    integer = integer.lstrip("0") or "0"
    if len(integer) > MAX_INTEGER_DIGITS:
        raise ValueError(
            gettext(
                "“%(value)s” is too large (more than %(digits)s digits before the decimal "
                "separator)"
            )
            % {"value": _shown(text), "digits": MAX_INTEGER_DIGITS}
        )
    fraction = match.group("frac") or match.group("onlyfrac") or ""
    value = Decimal(f"{integer}.{fraction}" if fraction else integer)
    return -value if negative else value


def _not_a_number_message(text: str) -> str:
    return gettext("“%(value)s” is not a number") % {"value": _shown(text)}


def _not_a_number(text: str, body: str, decimal: Separator) -> str:
    shown = {"value": _shown(text)}
    if body.strip().casefold() in _NOT_A_NUMBER:
        return _not_a_number_message(text)
    if _SCIENTIFIC.match(body):
        return (
            gettext(
                "“%(value)s” is in scientific notation, which may have lost digits; "
                "export the column as plain numbers"
            )
            % shown
        )
    if any(c.isdigit() for c in body) and all(c.isdigit() or c in _GROUPING + ",." for c in body):
        if decimal == ",":
            return (
                gettext("“%(value)s” is not a number with a comma (,) as the decimal separator")
                % shown
            )
        return (
            gettext("“%(value)s” is not a number with a point (.) as the decimal separator") % shown
        )
    return _not_a_number_message(text)


def _decimal_vote(text: str) -> str | None:
    """What one value says about its column's decimal separator.

    "," or "." (only that reading parses), "?" (both parse differently, like "1,234":
    thousands or three decimals?), "" (both parse alike, e.g. "12" or "1 234") or None
    (not a number either way). Uses parse_decimal's own grammar, so the decision and the
    parsing never disagree.
    """
    try:
        _, body = _strip_number(text)
    except ValueError:
        return None
    as_comma = _NUMBER[","].match(body) is not None
    as_point = _NUMBER["."].match(body) is not None
    if as_comma and as_point:
        return "?" if "," in body or "." in body else ""
    if as_comma:
        return ","
    if as_point:
        return "."
    return None


def detect_decimal_separator(samples: Iterable[str]) -> Separator:
    """The decimal separator of a whole column of numbers, decided consistently.

    "1 234,56", "1.234,56", "1234,5" say ","; "1,234.56", "1234.5", "1,234,567" say ".".
    A column of plain integers gives ".". A column whose only separated values look like
    "1,234" or "2.500" (thousands, or three decimals?) raises AmbiguousColumn; a column
    mixing both conventions raises ValueError. Values that are not numbers are ignored
    (they fail later, row by row).
    """
    decided: dict[str, str] = {}
    ambiguous: str | None = None
    for text in samples:
        vote = _decimal_vote(text)
        if vote in (",", "."):
            decided.setdefault(vote, text.strip())
            if len(decided) == 2:
                raise ValueError(
                    gettext(
                        "the column mixes decimal commas (“%(comma)s”) and decimal points "
                        "(“%(point)s”); correct the file or choose the decimal separator "
                        "(the --decimal option or the import form)"
                    )
                    % {"comma": _shown(decided[","]), "point": _shown(decided["."])}
                )
        elif vote and ambiguous is None:
            ambiguous = text.strip()
    if decided:
        return "," if "," in decided else "."
    if ambiguous is not None:
        raise AmbiguousColumn(
            gettext(
                "values like “%(value)s” could use the separator for thousands or for "
                "decimals; choose the decimal separator (the --decimal option or the import "
                "form)"
            )
            % {"value": _shown(ambiguous)}
        )
    return "."


# ---------------------------------------------------------------------------------------------
# percents


def detect_percent_scale(samples: Iterable[str], *, decimal: Separator = ".") -> PercentScale:
    """ "percent" if any value has a % sign or is above 1 in size, else "fraction"."""
    for text in samples:
        value = text.strip()
        if not value:
            continue
        if value.endswith("%"):
            return "percent"
        try:
            if abs(parse_decimal(value, decimal=decimal)) > 1:
                return "percent"
        except ValueError:
            continue
    return "fraction"


def parse_percent(
    text: str,
    *,
    decimal: Separator,
    scale: PercentScale = "auto",
) -> Decimal:
    """A percentage, in percent: "35%" → 35, "35" → 35, "0.35" → 35.

    With scale="auto" (the default) a value with a % sign, or above 1 in size, is already
    in percent and a value from -1 to 1 is a fraction, multiplied by 100. So "1" is 100 %
    and "0.5" is 50 %; when a column holds percents below 1 without a % sign, decide for
    the column with detect_percent_scale() and pass scale="percent" (or "fraction").
    """
    value = text.strip()
    if not value:
        raise ValueError("empty")
    if value.endswith("%"):
        return parse_decimal(value[:-1], decimal=decimal)
    number = parse_decimal(value, decimal=decimal)
    if scale == "percent" or (scale == "auto" and abs(number) > 1):
        return number
    return number * 100
