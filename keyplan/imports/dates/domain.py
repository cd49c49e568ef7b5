"""Turning import cells (text) into dates.

Nothing here touches the database; Django is used only to translate error messages.

A file's date order is decided once per COLUMN with `detect_date_format` (or a
`DateSurvey` fed row by row), over all of its values, and never row by row: "01/02/2024"
means the same date in every row of a file. The format nearly all values share is taken
(DOMINANT_SHARE); the few values in another format are rejected row by row. A column
without such a majority raises ValueError, and one that could be read two ways
`AmbiguousColumn`, whose messages name example lines and ask the user to choose.

Errors are ValueError with a short reason in the active language (built only when a
value fails, so the success path never calls gettext).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, datetime

from django.utils.dates import MONTHS
from django.utils.translation import gettext, ngettext

from ..common.domain import AmbiguousColumn
from ..common.domain import shown as _shown

__all__ = [
    "DATE_FORMATS",
    "DOMINANT_SHARE",
    "DateSurvey",
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


# --- a column's format -----------------------------------------------------------------

# A column takes the convention (date format, day/month order, decimal separator) that at
# least DOMINANT_SHARE per cent of its values agree on, or all but MAX_STRAYS values when
# those are at most 5% (so a 40-line file with one odd date is not refused); pass 2
# rejects the few values that contradict it, each with its line. A column without such a
# majority is refused, naming the first MAX_EXAMPLES values of each side with their
# lines, in file order.
DOMINANT_SHARE = 99
MAX_STRAYS = 3
STRAYS_SHARE = 95
MAX_EXAMPLES = 3
_CACHE_SIZE = 50_000  # distinct values whose class a survey remembers

Example = tuple[int, str]  # (line, value)


def dominant(count: int, total: int) -> bool:
    """Whether `count` of `total` values is the majority that decides a column."""
    if total <= 0:
        return False
    if count * 100 >= DOMINANT_SHARE * total:
        return True
    return total - count <= MAX_STRAYS and count * 100 >= STRAYS_SHARE * total


def lines_shown(examples: Iterable[Example]) -> str:
    """Examples as messages name them: “31/03/2024” on line 5, “01/04/2024” on line 9."""
    return ", ".join(
        gettext("“%(value)s” on line %(line)s") % {"value": _shown(value), "line": line}
        for line, value in examples
    )


_NOT_A_DATE = "!"


def _classify(value: str) -> str:
    """A value's class: its format family ("iso", "dmy." …), for slash and dash dates the
    family and what the value says about the order ("?/|d" day first, "?/|m" month
    first, "?/|" either), or _NOT_A_DATE."""
    match = _ANY_DATE.match(value)
    family = _family(match) if match else None
    if family is None:
        return _NOT_A_DATE
    key, first, second, _ = family
    if first > 31 or second > 31 or (first > 12 and second > 12):
        return _NOT_A_DATE  # not a date: fails row by row
    if not key.startswith("?"):
        return key
    return f"{key}|{'d' if first > 12 else 'm' if second > 12 else ''}"


class DateSurvey:
    """What a date column's values say about its format, fed in file order.

    Bounded: a count and the first MAX_EXAMPLES (line, value) of each class of value,
    and the class of up to _CACHE_SIZE distinct values (a column holds few distinct
    dates, so most rows cost one dictionary look-up)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.examples: dict[str, list[Example]] = {}
        self._class_of: dict[str, str] = {}

    def add(self, line: int, value: str) -> None:
        """One cell (stripped, not empty)."""
        cls = self._class_of.get(value)
        if cls is None:
            cls = _classify(value)
            if len(self._class_of) < _CACHE_SIZE:
                self._class_of[value] = cls
        count = self.counts.get(cls, 0)
        self.counts[cls] = count + 1
        if count < MAX_EXAMPLES:
            self.examples.setdefault(cls, []).append((line, value))

    def decide(self) -> str:
        """The column's DATE_FORMATS key (see detect_date_format)."""
        families: dict[str, int] = {}
        for cls, count in self.counts.items():
            if cls != _NOT_A_DATE:
                family = cls.partition("|")[0]
                families[family] = families.get(family, 0) + count
        if not families:
            if _NOT_A_DATE in self.counts:
                raise ValueError(
                    gettext(
                        "values like %(examples)s are not dates in a known format; choose the "
                        "date format (the --date-format option or the import form)"
                    )
                    % {"examples": lines_shown(self.examples[_NOT_A_DATE])}
                )
            return "iso"
        # Most values first; on a tie, the family seen first in the file.
        ranked = sorted(families, key=lambda f: (-families[f], self._family_examples(f)[0]))
        best = ranked[0]
        if not dominant(families[best], sum(families.values())):
            raise ValueError(
                gettext(
                    "the column mixes date formats (%(first)s; %(second)s); correct the file "
                    "or choose the date format (the --date-format option or the import form)"
                )
                % {
                    "first": lines_shown(self._family_examples(best)),
                    "second": lines_shown(self._family_examples(ranked[1])),
                }
            )
        if not best.startswith("?"):
            return best
        return self._day_or_month_first(best)

    def _family_examples(self, family: str) -> list[Example]:
        """The first examples of a family, in file order."""
        found = [
            e for cls, es in self.examples.items() if cls.partition("|")[0] == family for e in es
        ]
        return sorted(found)[:MAX_EXAMPLES]

    def _day_or_month_first(self, family: str) -> str:
        """The order of a slash or dash date column ("?/" or "?-yy"), from the values
        that prove it: a first field over 12 says day first, a second one month first."""
        sep, suffix = family[1], family[2:]
        day_first = self.counts.get(f"{family}|d", 0)
        month_first = self.counts.get(f"{family}|m", 0)
        if day_first or month_first:
            if dominant(day_first, day_first + month_first):
                return f"dmy{sep}{suffix}"
            if dominant(month_first, day_first + month_first):
                return f"mdy{sep}{suffix}"
            raise ValueError(
                gettext(
                    "the column is inconsistent: %(day_first)s must be day first but "
                    "%(month_first)s must be month first; correct the file or choose the "
                    "date format (the --date-format option or the import form)"
                )
                % {
                    "day_first": lines_shown(self.examples[f"{family}|d"]),
                    "month_first": lines_shown(self.examples[f"{family}|m"]),
                }
            )
        yyyy = "yyyy" if not suffix else "yy"
        raise AmbiguousColumn(
            gettext(
                "dates like %(examples)s could be %(day_first)s or %(month_first)s; choose "
                "the date format (the --date-format option or the import form)"
            )
            % {
                "examples": lines_shown(self._family_examples(family)),
                "day_first": f"dd{sep}mm{sep}{yyyy}",
                "month_first": f"mm{sep}dd{sep}{yyyy}",
            }
        )


def detect_date_format(samples: Iterable[str], *, first_line: int = 1) -> str:
    """The DATE_FORMATS key of a whole column of dates (`samples` in file order, the
    first on `first_line`; messages name values by line).

    Recognises ISO (also "2024-03-31 00:00:00" and "2024-03-31T10:00:00"), 2024/03/31,
    dd.mm.yyyy (also 1C's "31.03.2024 0:00:00"), two-digit years ("31.03.24") and
    slash or dash dates, whose order the column decides: a first field over 12 means
    day first, a second field over 12 month first.

    The format of at least DOMINANT_SHARE % of the date-like values is taken (the others
    fail row by row); without such a majority the column mixes formats (ValueError). The
    same rule decides the order among the values that prove one: day-first and
    month-first values without a majority raise ValueError (inconsistent); no proof
    either way raises AmbiguousColumn. Values that look like no date are ignored here
    (they fail row by row); an empty column gives "iso". The result and the message do
    not depend on the process (no set or hash order), only on the values and their lines.
    """
    survey = DateSurvey()
    for line, text in enumerate(samples, first_line):
        if value := text.strip():
            survey.add(line, value)
    return survey.decide()


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
