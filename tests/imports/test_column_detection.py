"""How a column's date format and decimal separator are decided (issue #15): the one that
at least DOMINANT_SHARE % of the values agree on, whatever the order of the rows; only a
column without such a majority, or one that reads two ways, is refused, naming its first
example lines in file order. No database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyplan.imports.common.domain import AmbiguousColumn
from keyplan.imports.dates.domain import (
    DATE_FORMATS,
    DOMINANT_SHARE,
    MAX_EXAMPLES,
    DateSurvey,
    detect_date_format,
    dominant,
    parse_date,
)
from keyplan.imports.numbers.domain import DecimalSurvey, detect_decimal_separator, parse_decimal

START = date(2024, 1, 1)


def _allowed(count: int) -> int:
    """The most values in other conventions that `count` agreeing values still decide."""
    strays = 0
    while dominant(count, count + strays + 1):
        strays += 1
    return strays


def iso_days(n: int) -> list[str]:
    return [(START + timedelta(days=i % 366)).isoformat() for i in range(n)]


def outcome(detect, column: list[str]) -> tuple[str, str]:
    """("ok", the key) or (the exception's class, its message)."""
    try:
        return "ok", detect(column)
    except ValueError as exc:
        return type(exc).__name__, str(exc)


# --- the rule --------------------------------------------------------------------------------


def test_the_rule_is_ninety_nine_percent():
    assert DOMINANT_SHARE == 99
    assert dominant(99, 100)
    assert dominant(9_994, 9_997)
    assert dominant(1, 1)
    assert dominant(97, 100)  # three strays, 97%
    assert not dominant(96, 100)  # four strays and under 99%
    assert dominant(19, 20)  # one stray, 95%
    assert not dominant(9, 10)  # one stray, 90%
    assert dominant(1_980, 2_000)  # twenty strays, 99%
    assert not dominant(1, 2)
    assert not dominant(0, 0)


# --- dates -----------------------------------------------------------------------------------


def test_three_dd_mm_dates_among_9994_iso_dates_give_iso():
    column = iso_days(9_994)
    for at, value in ((1_000, "03/01/2024"), (5_000, "31/12/2024"), (9_000, "15/06/2024")):
        column.insert(at, value)
    assert detect_date_format(column) == "iso"
    # ... and those three are what pass 2 rejects
    failing = []
    for text in column:
        try:
            parse_date(text, "iso")
        except ValueError as exc:
            failing.append(str(exc))
    assert failing == [
        "“03/01/2024” is not a date like 2024-03-31",
        "“31/12/2024” is not a date like 2024-03-31",
        "“15/06/2024” is not a date like 2024-03-31",
    ]


def test_three_other_formats_in_a_hundred_dates_are_taken_four_are_not():
    assert detect_date_format([*iso_days(99), "31.03.2024"]) == "iso"
    assert detect_date_format([*iso_days(97), "31.03.2024", "01.04.2024", "02.04.2024"]) == "iso"
    assert detect_date_format([*iso_days(19), "31.03.2024"]) == "iso"  # a small file
    with pytest.raises(ValueError, match="mixes date formats") as info:
        detect_date_format([*iso_days(96), "31.03.2024", "01.04.2024", "02.04.2024", "3.4.2024"])
    assert not isinstance(info.value, AmbiguousColumn)


def test_mixed_date_formats_name_the_first_lines_of_the_two_largest():
    column = ["soon", "31.03.2024", *iso_days(5), "2024/01/02", "01.04.2024", "02.04.2024"]
    with pytest.raises(ValueError) as info:
        detect_date_format(column, first_line=2)
    assert str(info.value) == (
        "the column mixes date formats (“2024-01-01” on line 4, “2024-01-02” on line 5, "
        "“2024-01-03” on line 6; “31.03.2024” on line 3, “01.04.2024” on line 10, "
        "“02.04.2024” on line 11); correct the file or choose the date format "
        "(the --date-format option or the import form)"
    )


def test_a_tie_names_the_format_seen_first_first():
    with pytest.raises(ValueError) as one:
        detect_date_format(["31.03.2024", "2024-03-31"])
    with pytest.raises(ValueError) as other:
        detect_date_format(["2024-03-31", "31.03.2024"])
    assert "(“31.03.2024” on line 1; “2024-03-31” on line 2)" in str(one.value)
    assert "(“2024-03-31” on line 1; “31.03.2024” on line 2)" in str(other.value)


def test_a_few_month_first_values_in_a_day_first_column_give_day_first():
    day_first = [(START + timedelta(days=i)).strftime("%d/%m/%Y") for i in range(366)]
    assert detect_date_format([*day_first, "01/13/2024"]) == "dmy/"  # 1 proof of 223
    assert detect_date_format(["12/31/2024", *day_first[:10]]) == "mdy/"  # no day-first proof


def test_an_inconsistent_order_names_lines_on_both_sides():
    column = ["13/01/2024", "01/02/2024", "14/01/2024", "01/13/2024"]
    with pytest.raises(ValueError) as info:
        detect_date_format(column)
    assert not isinstance(info.value, AmbiguousColumn)
    assert str(info.value) == (
        "the column is inconsistent: “13/01/2024” on line 1, “14/01/2024” on line 3 must be "
        "day first but “01/13/2024” on line 4 must be month first; correct the file or "
        "choose the date format (the --date-format option or the import form)"
    )


def test_an_order_nothing_proves_names_the_first_lines():
    column = ["01/02/2024", "03/04/2024", "n/a", "12/12/2024", "05/06/2024"]
    with pytest.raises(AmbiguousColumn) as info:
        detect_date_format(column, first_line=10)
    assert str(info.value) == (
        "dates like “01/02/2024” on line 10, “03/04/2024” on line 11, “12/12/2024” on line "
        "13 could be dd/mm/yyyy or mm/dd/yyyy; choose the date format (the --date-format "
        "option or the import form)"
    )


def test_a_column_of_no_dates_names_the_first_lines():
    with pytest.raises(ValueError) as info:
        detect_date_format(["", "yesterday", "soon", "later", "never"])
    assert str(info.value) == (
        "values like “yesterday” on line 2, “soon” on line 3, “later” on line 4 are not dates "
        "in a known format; choose the date format (the --date-format option or the import "
        "form)"
    )


def test_a_date_survey_keeps_counts_and_a_few_examples():
    survey = DateSurvey()
    for line in range(2, 200_002):  # one value in a thousand is not a date
        survey.add(line, f"{line % 9000 + 1000}-01-01" if line % 1000 else f"{line}")
    assert survey.decide() == "iso"
    assert sum(survey.counts.values()) == 200_000
    assert all(len(examples) <= MAX_EXAMPLES for examples in survey.examples.values())
    assert survey.examples["!"] == [(1000, "1000"), (2000, "2000"), (3000, "3000")]


# --- decimal separators ----------------------------------------------------------------------


def test_three_decimal_points_among_decimal_commas_give_a_comma():
    column = [f"{i // 1000} {i % 1000:03d},{i % 100:02d}" for i in range(1000, 10_994)]
    for at, value in ((0, "1,234.56"), (4_000, "12.5"), (9_000, "7,654.32")):
        column.insert(at, value)
    assert detect_decimal_separator(column) == ","
    failing = []
    for text in column:
        try:
            parse_decimal(text, decimal=",")
        except ValueError as exc:
            failing.append(str(exc))
    assert failing == [
        f"“{value}” is not a number with a comma (,) as the decimal separator"
        for value in ("1,234.56", "12.5", "7,654.32")
    ]


def test_three_decimal_commas_in_a_hundred_are_taken_four_are_not():
    points = [f"{i}.5" for i in range(99)]
    assert detect_decimal_separator([*points, "1,5"]) == "."
    assert detect_decimal_separator([*points[:97], "1,5", "2,5", "3,5"]) == "."
    with pytest.raises(ValueError, match="mixes decimal commas"):
        detect_decimal_separator([*points[:96], "1,5", "2,5", "3,5", "4,5"])


def test_mixed_separators_name_the_first_lines_of_each():
    column = ["12", "1,5", "2.5", "n/a", "3,5", "4,5", "5,5", "6.5"]
    with pytest.raises(ValueError) as info:
        detect_decimal_separator(column, first_line=2)
    assert not isinstance(info.value, AmbiguousColumn)
    assert str(info.value) == (
        "the column mixes decimal commas (“1,5” on line 3, “3,5” on line 6, “4,5” on line 7) "
        "and decimal points (“2.5” on line 4, “6.5” on line 9); correct the file or choose "
        "the decimal separator (the --decimal option or the import form)"
    )


def test_values_that_read_both_ways_name_the_first_lines():
    with pytest.raises(AmbiguousColumn) as info:
        detect_decimal_separator(["17", "1,234", "2,500", "", "3,000", "4,000"])
    assert str(info.value) == (
        "values like “1,234” on line 2, “2,500” on line 3, “3,000” on line 5 could use the "
        "separator for thousands or for decimals; choose the decimal separator (the --decimal "
        "option or the import form)"
    )


def test_a_decimal_survey_keeps_counts_and_a_few_examples():
    survey = DecimalSurvey()
    for line in range(2, 100_002):
        survey.add(line, f"{line},{line % 97}")
    assert survey.decide() == ","
    assert survey.counts[","] == 100_000
    assert survey.examples[","] == [(2, "2,2"), (3, "3,3"), (4, "4,4")]


# --- properties: row order never changes the decision -----------------------------------------


def _family(key: str) -> str:
    """Formats whose values look alike (only the day/month order tells them apart)."""
    return "?" + key[3:] if key[:3] in ("dmy", "mdy") and key[3] in "/-" else key


# Not date-like at all ("2024-13-45" would be: an impossible date in ISO form).
JUNK = st.sampled_from(["n/a", "soon", "13/13/2024", "32/01/2024", "2024", "-"])
DAYS = st.dates(date(1970, 1, 1), date(2060, 12, 31))


def _cycled(draw, values: st.SearchStrategy, size: st.SearchStrategy[int]) -> list:
    """A long column cheaply: a few drawn values repeated to a drawn length."""
    few = draw(st.lists(values, min_size=1, max_size=30))
    return [few[i % len(few)] for i in range(draw(size))]


def _shuffled(draw, values: list) -> list:
    """The values in a drawn order (st.permutations draws once per element: slow here)."""
    shuffled = list(values)
    draw(st.randoms(use_true_random=False)).shuffle(shuffled)
    return shuffled


@st.composite
def nearly_one_format(draw, *, over: bool = False) -> tuple[str, list[str]]:
    """(key, a column of which at least DOMINANT_SHARE % of the date-like values are in
    that format and the rest (at least one) in other formats, junk anywhere, in an
    arbitrary order). `over`: one value in another format too many."""
    key = draw(st.sampled_from(sorted(DATE_FORMATS)))
    pattern = DATE_FORMATS[key]
    main = [d.strftime(pattern) for d in _cycled(draw, DAYS, st.integers(98, 3_000))]
    main.append(date(2024, 3, 31).strftime(pattern))  # proves the order of dd/mm or mm/dd
    allowed = _allowed(len(main))
    others = [k for k in DATE_FORMATS if _family(k) != _family(key)]
    odd = [
        day.strftime(DATE_FORMATS[other])
        for other, day in draw(
            st.lists(
                st.tuples(st.sampled_from(others), DAYS),
                min_size=allowed + 1 if over else 1,
                max_size=allowed + 1 if over else allowed,
            )
        )
    ]
    junk = draw(st.lists(JUNK, max_size=20))
    return key, _shuffled(draw, main + odd + junk)


@settings(max_examples=100, deadline=None)
@given(column=nearly_one_format(), data=st.data())
def test_the_format_of_nearly_all_dates_is_taken_in_any_row_order(column, data):
    key, values = column
    assert detect_date_format(values) == key
    assert detect_date_format(_shuffled(data.draw, values)) == key


@settings(max_examples=50, deadline=None)
@given(column=nearly_one_format(over=True))
def test_one_date_in_another_format_too_many_refuses_the_column(column):
    _, values = column
    with pytest.raises(ValueError, match=r"^the column mixes date formats"):
        detect_date_format(values)


ANY_DATE = st.one_of(
    JUNK,
    st.tuples(st.sampled_from(sorted(DATE_FORMATS)), DAYS).map(
        lambda t: t[1].strftime(DATE_FORMATS[t[0]])
    ),
    st.sampled_from(["01/02/2024", "02/01/2024", "2024-03-31", "31.03.2024", "2024-13-45"]),
)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(ANY_DATE, max_size=60), data=st.data())
def test_date_detection_is_deterministic_and_independent_of_row_order(values, data):
    first = outcome(detect_date_format, values)
    assert outcome(detect_date_format, values) == first  # the same message, run after run
    shuffled = outcome(detect_date_format, data.draw(st.permutations(values)))
    # The decision is the same; only the example lines a refusal names follow the order.
    assert shuffled[0] == first[0]
    if first[0] == "ok":
        assert shuffled == first


def _number(value: int, decimal: str) -> str:
    """value/100 with a thousands separator: "1 234,56" or "1,234.56"."""
    integer, cents = divmod(value, 100)
    grouping = " " if decimal == "," else ","
    return f"{integer:,}".replace(",", grouping) + f"{decimal}{cents:02d}"


AMOUNTS = st.integers(0, 10**9)


@st.composite
def nearly_one_separator(draw, *, over: bool = False) -> tuple[str, list[str]]:
    """As nearly_one_format, for decimal separators; integers say neither."""
    decimal = draw(st.sampled_from([",", "."]))
    other = "." if decimal == "," else ","
    main = [_number(v, decimal) for v in _cycled(draw, AMOUNTS, st.integers(99, 3_000))]
    allowed = _allowed(len(main))
    odd = [
        f"{v}{other}5"
        for v in draw(
            st.lists(
                AMOUNTS,
                min_size=allowed + 1 if over else 1,
                max_size=allowed + 1 if over else allowed,
            )
        )
    ]
    neutral = [str(v) for v in draw(st.lists(AMOUNTS, max_size=20))]  # "12": either way
    junk = draw(st.lists(st.sampled_from(["n/a", "1O0", "1e5", "--"]), max_size=5))
    return decimal, _shuffled(draw, main + odd + neutral + junk)


@settings(max_examples=100, deadline=None)
@given(column=nearly_one_separator(), data=st.data())
def test_the_separator_of_nearly_all_numbers_is_taken_in_any_row_order(column, data):
    decimal, values = column
    assert detect_decimal_separator(values) == decimal
    assert detect_decimal_separator(_shuffled(data.draw, values)) == decimal


@settings(max_examples=50, deadline=None)
@given(column=nearly_one_separator(over=True))
def test_one_other_separator_too_many_refuses_the_column(column):
    _, values = column
    with pytest.raises(ValueError, match=r"^the column mixes decimal commas"):
        detect_decimal_separator(values)


ANY_NUMBER = st.one_of(
    st.tuples(AMOUNTS, st.sampled_from([",", "."])).map(lambda t: _number(*t)),
    st.sampled_from(["1,234", "2.500", "12", "1,5", "2.5", "n/a"]),
)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(ANY_NUMBER, max_size=60), data=st.data())
def test_separator_detection_is_deterministic_and_independent_of_row_order(values, data):
    first = outcome(detect_decimal_separator, values)
    assert outcome(detect_decimal_separator, values) == first
    shuffled = outcome(detect_decimal_separator, data.draw(st.permutations(values)))
    assert shuffled[0] == first[0]
    if first[0] == "ok":
        assert shuffled == first
