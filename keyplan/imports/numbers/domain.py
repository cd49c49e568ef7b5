"""Turning import cells (text) into numbers and percents.

Nothing here touches the database; Django is used only to translate error messages.

Decisions about a file's conventions (here: a decimal comma or point, percents or
fractions) are made once per COLUMN with the `detect_*` functions (or a `DecimalSurvey`
fed row by row), over all of its values, and never row by row. The separator nearly all
values share is taken (dates.domain.DOMINANT_SHARE, one rule for every column); the few
values that contradict it are rejected row by row. A column without such a majority
raises ValueError, and one that could be read two ways `AmbiguousColumn`, whose messages
name example lines and ask the user to choose.

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
from ..dates.domain import MAX_EXAMPLES, Example, dominant, lines_shown

__all__ = [
    "DecimalSurvey",
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


# A value's vote depends only on where its digits are zero (the grammar's "[1-9]") and
# on everything that is not a digit: votes are remembered by that pattern (bounded).
_ZERO_NINE = str.maketrans("0123456789", "0999999999")
_vote_of_pattern: dict[str, str | None] = {}
_VOTE_CACHE_SIZE = 50_000


def _vote(pattern: str) -> str | None:
    """_decimal_vote of a value's pattern (remembered)."""
    vote = _decimal_vote(pattern)
    if len(_vote_of_pattern) < _VOTE_CACHE_SIZE:
        _vote_of_pattern[pattern] = vote
    return vote


class DecimalSurvey:
    """What a number column's values say about its decimal separator, fed in file order.

    Bounded: how many values say "," "." or "?" (both readings, differently), and the
    first MAX_EXAMPLES (line, value) of each."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {",": 0, ".": 0, "?": 0}
        self.examples: dict[str, list[Example]] = {",": [], ".": [], "?": []}

    def add(self, line: int, value: str) -> None:
        """One cell (stripped, not empty)."""
        pattern = value.translate(_ZERO_NINE)
        vote = _vote_of_pattern[pattern] if pattern in _vote_of_pattern else _vote(pattern)
        if vote:
            counts = self.counts
            count = counts[vote]
            counts[vote] = count + 1
            if count < MAX_EXAMPLES:
                self.examples[vote].append((line, value))

    def decide(self) -> Separator:
        """The column's decimal separator (see detect_decimal_separator)."""
        comma, point = self.counts[","], self.counts["."]
        if comma or point:
            if dominant(comma, comma + point):
                return ","
            if dominant(point, comma + point):
                return "."
            raise ValueError(
                gettext(
                    "the column mixes decimal commas (%(comma)s) and decimal points "
                    "(%(point)s); correct the file or choose the decimal separator (the "
                    "--decimal option or the import form)"
                )
                % {
                    "comma": lines_shown(self.examples[","]),
                    "point": lines_shown(self.examples["."]),
                }
            )
        if self.counts["?"]:
            raise AmbiguousColumn(
                gettext(
                    "values like %(examples)s could use the separator for thousands or for "
                    "decimals; choose the decimal separator (the --decimal option or the "
                    "import form)"
                )
                % {"examples": lines_shown(self.examples["?"])}
            )
        return "."


def detect_decimal_separator(samples: Iterable[str], *, first_line: int = 1) -> Separator:
    """The decimal separator of a whole column of numbers, decided consistently
    (`samples` in file order, the first on `first_line`; messages name values by line).

    "1 234,56", "1.234,56", "1234,5" say ","; "1,234.56", "1234.5", "1,234,567" say ".".
    A column of plain integers gives ".". The separator of at least DOMINANT_SHARE % of
    the values that say one is taken (the others fail row by row); without such a
    majority the column mixes both conventions (ValueError). A column whose only
    separated values look like "1,234" or "2.500" (thousands, or three decimals?) raises
    AmbiguousColumn. Values that are not numbers are ignored (they fail later, row by
    row). The result and the message depend only on the values and their lines.
    """
    survey = DecimalSurvey()
    for line, text in enumerate(samples, first_line):
        if value := text.strip():
            survey.add(line, value)
    return survey.decide()


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
