"""Turning import cells (text) into numbers, dates, percents and booleans.

Nothing here touches the database; Django is used only to translate error messages.

Decisions about a file's conventions (decimal comma or point, the date order) are made
once per COLUMN with the `detect_*` functions, over all of its values, and never row by
row: "01/02/2024" means the same date in every row of a file. A column that could be read
two ways raises `AmbiguousColumn`, whose message asks the user to choose.

Errors are ValueError with a short reason in the active language (built only when a
value fails, so the success path never calls gettext); the import pipeline runs in the
uploader's language and reports them as "line N, column C, value V: reason".
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.utils.dates import MONTHS
from django.utils.translation import gettext, ngettext

__all__ = [
    "DATE_FORMATS",
    "AmbiguousColumn",
    "check_date_format",
    "detect_date_format",
    "detect_decimal_separator",
    "detect_percent_scale",
    "normalise_header",
    "parse_bool",
    "parse_date",
    "parse_decimal",
    "parse_percent",
]

Separator = Literal[",", "."]
MAX_INTEGER_DIGITS = 18


class AmbiguousColumn(ValueError):
    """A column whose values can be read two ways; the user has to choose an option."""


def _shown(text: str, limit: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# headers


def normalise_header(name: str) -> str:
    """ " Kontrahent\u00a0 NIP\ufeff" → "kontrahent nip": for matching preset column names."""
    return " ".join(name.replace("\ufeff", "").split()).casefold()


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
# dates

# key -> strftime pattern (what the CLI option --date-format accepts, besides patterns).
DATE_FORMATS: dict[str, str] = {
    "iso": "%Y-%m-%d",
    "ymd/": "%Y/%m/%d",
    "ymd.": "%Y.%m.%d",
    "dmy.": "%d.%m.%Y",
    "dmy/": "%d/%m/%Y",
    "dmy-": "%d-%m-%Y",
    "mdy/": "%m/%d/%Y",
    "mdy-": "%m-%d-%Y",
    "dmy.yy": "%d.%m.%y",
    "dmy/yy": "%d/%m/%y",
    "dmy-yy": "%d-%m-%y",
    "mdy/yy": "%m/%d/%y",
    "mdy-yy": "%m-%d-%y",
}

# A trailing time part, as exports write it: "T10:00:00", " 0:00:00" (1C), " 10:00",
# " 12:00:00 AM", "T10:00:00.123+02:00", "Z".
_TIME = (
    r"(?:(?:T|\s+)(?P<hour>[0-9]{1,2}):[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?"
    r"\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)
_ANY_DATE = re.compile(
    rf"^(?P<a>[0-9]{{1,4}})(?P<sep>[./-])(?P<b>[0-9]{{1,2}})(?P=sep)(?P<c>[0-9]{{1,4}})\.?{_TIME}\Z"
)


def _key_regex(key: str) -> re.Pattern[str]:
    order, sep = ("ymd", "-") if key == "iso" else (key[:3], key[3])
    short = key.endswith("yy")
    year = "[0-9]{2}" if short else "[0-9]{4}"
    part = {"y": f"(?P<y>{year})", "m": "(?P<m>[0-9]{1,2})", "d": "(?P<d>[0-9]{1,2})"}
    body = re.escape(sep).join(part[c] for c in order)
    return re.compile(rf"^{body}\.?{_TIME}\Z")


_KEY_REGEX = {key: _key_regex(key) for key in DATE_FORMATS}


def _family(match: re.Match[str]) -> tuple[str, int, int, str] | None:
    """(key or family, first field, second field, year digits) of a date-like value."""
    a, sep, b, c = match.group("a", "sep", "b", "c")
    if len(a) == 4:  # year first
        if len(c) > 2:
            return None
        return {"-": "iso", "/": "ymd/", ".": "ymd."}[sep], 0, 0, "yyyy"
    if len(a) > 2 or len(c) not in (2, 4):
        return None
    suffix = "yy" if len(c) == 2 else ""
    if sep == ".":  # day.month.year everywhere dots are used
        return "dmy." + suffix, 0, 0, suffix
    return "?" + sep + suffix, int(a), int(b), suffix


def detect_date_format(samples: Iterable[str]) -> str:
    """The DATE_FORMATS key of a whole column of dates.

    Recognises ISO (also "2024-03-31 00:00:00" and "2024-03-31T10:00:00"), 2024/03/31,
    dd.mm.yyyy (also 1C's "31.03.2024 0:00:00"), two-digit years ("31.03.24") and
    slash or dash dates, whose order the column decides: a first field over 12 means
    day first, a second field over 12 month first; both raise ValueError (inconsistent),
    neither raises AmbiguousColumn. A column mixing formats raises ValueError; values that
    look like no date are ignored here (they fail row by row); an empty column gives "iso".
    """
    families: dict[str, str] = {}  # family -> first example
    day_first = month_first = None  # an example value proving the order
    unrecognised = None
    for text in samples:
        value = text.strip()
        if not value:
            continue
        match = _ANY_DATE.match(value)
        family = _family(match) if match else None
        if family is None:
            unrecognised = unrecognised or value
            continue
        key, first, second, _ = family
        if first > 31 or second > 31 or (first > 12 and second > 12):
            unrecognised = unrecognised or value  # not a date: fails row by row
            continue
        families.setdefault(key, value)
        if first > 12 and day_first is None:
            day_first = value
        if second > 12 and month_first is None:
            month_first = value
    if not families:
        if unrecognised is not None:
            raise ValueError(
                gettext(
                    "values like “%(value)s” are not dates in a known format; choose the "
                    "date format (the --date-format option or the import form)"
                )
                % {"value": _shown(unrecognised)}
            )
        return "iso"
    if len(families) > 1:
        (_, one), (_, two) = list(families.items())[:2]
        raise ValueError(
            gettext(
                "the column mixes date formats (“%(first)s” and “%(second)s”); correct the "
                "file or choose the date format (the --date-format option or the import form)"
            )
            % {"first": _shown(one), "second": _shown(two)}
        )
    (key, example), *_ = families.items()
    if not key.startswith("?"):
        return key
    sep, suffix = key[1], key[2:]
    if day_first and month_first:
        raise ValueError(
            gettext(
                "the column is inconsistent: “%(day_first)s” must be day first but "
                "“%(month_first)s” must be month first"
            )
            % {"day_first": _shown(day_first), "month_first": _shown(month_first)}
        )
    if day_first:
        return f"dmy{sep}{suffix}"
    if month_first:
        return f"mdy{sep}{suffix}"
    yyyy = "yyyy" if not suffix else "yy"
    raise AmbiguousColumn(
        gettext(
            "dates like “%(value)s” could be %(day_first)s or %(month_first)s; choose the "
            "date format (the --date-format option or the import form)"
        )
        % {
            "value": _shown(example),
            "day_first": f"dd{sep}mm{sep}{yyyy}",
            "month_first": f"mm{sep}dd{sep}{yyyy}",
        }
    )


def check_date_format(fmt_key: str) -> str:
    """Validate a --date-format option (a DATE_FORMATS key or a strftime pattern)."""
    if fmt_key in DATE_FORMATS:
        return fmt_key
    if "%" in fmt_key:
        try:
            date(2024, 3, 31).strftime(fmt_key)
        except ValueError as exc:
            raise ValueError(
                gettext("“%(value)s” is not a valid date pattern: %(error)s")
                % {"value": fmt_key, "error": exc}
            ) from None
        return fmt_key
    raise ValueError(
        gettext(
            "“%(value)s” is not a date format; use one of %(formats)s or a pattern such as "
            "%(example)s"
        )
        % {"value": fmt_key, "formats": ", ".join(DATE_FORMATS), "example": "%d.%m.%Y"}
    )


def parse_date(text: str, fmt_key: str) -> date:
    """Parse one date in the column's format (a DATE_FORMATS key or a strftime pattern).

    A trailing time part is accepted and ignored. Two-digit years: 00-68 are 20xx,
    69-99 are 19xx (as strptime's %y).
    """
    value = text.strip()
    if not value:
        raise ValueError("empty")
    regex = _KEY_REGEX.get(fmt_key)
    if regex is None:
        return _parse_with_pattern(value, fmt_key)
    match = regex.match(value)
    if not match:
        example = date(2024, 3, 31).strftime(DATE_FORMATS[fmt_key])
        raise ValueError(_not_a_date_like(value, example))
    year = int(match.group("y"))
    if len(match.group("y")) == 2:
        year += 2000 if year < 69 else 1900
    return _make_date(value, year, int(match.group("m")), int(match.group("d")))


def _not_a_date_like(value: str, example: str) -> str:
    return gettext("“%(value)s” is not a date like %(example)s") % {
        "value": _shown(value),
        "example": example,
    }


def _make_date(value: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise ValueError(
            gettext("“%(value)s” is not a valid date: there is no month %(month)s")
            % {"value": _shown(value), "month": month}
        )
    if year < 1:
        raise ValueError(
            gettext("“%(value)s” is not a valid date: there is no year %(year)s")
            % {"value": _shown(value), "year": year}
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(
            ngettext(
                "“%(value)s” is not a valid date: %(month)s %(year)s has %(days)s day",
                "“%(value)s” is not a valid date: %(month)s %(year)s has %(days)s days",
                days,
            )
            % {"value": _shown(value), "month": MONTHS[month], "year": year, "days": days}
        )
    return date(year, month, day)


def _parse_with_pattern(value: str, pattern: str) -> date:
    if "%" not in pattern:
        raise ValueError(check_date_format(pattern))  # raises with the list of formats
    try:
        return datetime.strptime(value, pattern).date()
    except ValueError:
        pass
    without_time = re.sub(rf"{_TIME}$", "", value)
    try:
        return datetime.strptime(without_time, pattern).date()
    except ValueError:
        example = date(2024, 3, 31).strftime(pattern)
        raise ValueError(_not_a_date_like(value, example)) from None


# ---------------------------------------------------------------------------------------------
# percents and booleans


def detect_percent_scale(samples: Iterable[str], *, decimal: Separator = ".") -> str:
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
    scale: Literal["auto", "percent", "fraction"] = "auto",
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


_TRUE = {"true", "yes", "y", "t", "1", "да", "д", "истина", "tak", "prawda", "on", "x"}
_FALSE = {"false", "no", "n", "f", "0", "нет", "н", "ложь", "nie", "fałsz", "falsz", "off"}


def parse_bool(text: str) -> bool:
    """true/false, yes/no, y/n, 1/0, да/нет, истина/ложь, tak/nie (any case)."""
    value = text.strip().casefold()
    if not value:
        raise ValueError("empty")
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(
        gettext("“%(value)s” is not yes or no (use true/false, yes/no or 1/0)")
        % {"value": _shown(text)}
    )
