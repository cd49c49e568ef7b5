"""Turning import cells (text) into dates.

Nothing here touches the database; Django is used only to translate error messages.

A file's date order is decided once per COLUMN with `detect_date_format`, over all of
its values, and never row by row: "01/02/2024" means the same date in every row of a
file. A column that could be read two ways raises `AmbiguousColumn`, whose message asks
the user to choose.

Errors are ValueError with a short reason in the active language (built only when a
value fails, so the success path never calls gettext).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.dates import MONTHS
from django.utils.translation import gettext, ngettext

from ..common.domain import AmbiguousColumn
from ..common.domain import shown as _shown

__all__ = [
    "DATE_FORMATS",
    "check_date_format",
    "detect_date_format",
    "parse_date",
]


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


@dataclass
class _Survey:
    """What a column's values say about its date format."""

    families: dict[str, str] = field(default_factory=dict)  # family -> first example
    day_first: str | None = None  # an example value proving the order
    month_first: str | None = None
    unrecognised: str | None = None

    def add(self, value: str) -> None:
        match = _ANY_DATE.match(value)
        family = _family(match) if match else None
        if family is None:
            self.unrecognised = self.unrecognised or value
            return
        key, first, second, _ = family
        if first > 31 or second > 31 or (first > 12 and second > 12):
            self.unrecognised = self.unrecognised or value  # not a date: fails row by row
            return
        self.families.setdefault(key, value)
        if first > 12 and self.day_first is None:
            self.day_first = value
        if second > 12 and self.month_first is None:
            self.month_first = value


def detect_date_format(samples: Iterable[str]) -> str:
    """The DATE_FORMATS key of a whole column of dates.

    Recognises ISO (also "2024-03-31 00:00:00" and "2024-03-31T10:00:00"), 2024/03/31,
    dd.mm.yyyy (also 1C's "31.03.2024 0:00:00"), two-digit years ("31.03.24") and
    slash or dash dates, whose order the column decides: a first field over 12 means
    day first, a second field over 12 month first; both raise ValueError (inconsistent),
    neither raises AmbiguousColumn. A column mixing formats raises ValueError; values that
    look like no date are ignored here (they fail row by row); an empty column gives "iso".
    """
    survey = _Survey()
    for text in samples:
        value = text.strip()
        if value:
            survey.add(value)
    families = survey.families
    if not families:
        if survey.unrecognised is not None:
            raise ValueError(
                gettext(
                    "values like “%(value)s” are not dates in a known format; choose the "
                    "date format (the --date-format option or the import form)"
                )
                % {"value": _shown(survey.unrecognised)}
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
    return _day_or_month_first(key, example, survey)


def _day_or_month_first(key: str, example: str, survey: _Survey) -> str:
    """The order of a slash or dash date column ("?/" or "?-yy"), from the values that
    prove it."""
    sep, suffix = key[1], key[2:]
    day_first, month_first = survey.day_first, survey.month_first
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
