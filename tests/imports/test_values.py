"""Import cells as values: numbers and percents (keyplan.imports.numbers), dates
(.dates), yes/no (.vocabularies) and header names (.mapping)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyplan.imports.common.domain import AmbiguousColumn
from keyplan.imports.dates.domain import (
    DATE_FORMATS,
    check_date_format,
    detect_date_format,
    parse_date,
)
from keyplan.imports.mapping.domain import normalise_header
from keyplan.imports.numbers.domain import (
    detect_decimal_separator,
    detect_percent_scale,
    parse_decimal,
    parse_percent,
)
from keyplan.imports.vocabularies.domain import parse_bool

# --- headers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("\ufeffKontrahent", "kontrahent"),
        ("  Account   Name ", "account name"),
        ("Сумма\u00a0 с НДС", "сумма с ндс"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("Deal\tOwner\n", "deal owner"),
    ],
)
def test_normalise_header(raw, normal):
    assert normalise_header(raw) == normal


# --- decimals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("1234,56", ",", "1234.56"),
        ("1 234,56", ",", "1234.56"),
        ("1\u00a0234\u00a0567,8", ",", "1234567.8"),
        ("1\u202f234,5", ",", "1234.5"),
        ("1'234,5", ",", "1234.5"),
        ("1.234.567,89", ",", "1234567.89"),
        ("1,234,567.89", ".", "1234567.89"),
        ("1 234.5", ".", "1234.5"),
        ("1’234.50", ".", "1234.50"),
        ("1.234", ",", "1234"),
        ("1,234", ".", "1234"),
        ("0,125", ",", "0.125"),
        (",5", ",", "0.5"),
        (".5", ".", "0.5"),
        ("12", ".", "12"),
        ("007", ".", "7"),
        ("-12,5", ",", "-12.5"),
        ("−12,5", ",", "-12.5"),
        ("+12.5", ".", "12.5"),
        ("123-", ".", "-123"),
        ("1 234,56-", ",", "-1234.56"),
        ("(123,45)", ",", "-123.45"),
        ("(1,234.50)", ".", "-1234.50"),
        ("1 234,56 zł", ",", "1234.56"),
        ("1234,56 PLN", ",", "1234.56"),
        ("1 234,56 руб.", ",", "1234.56"),
        ("1 234,56 р.", ",", "1234.56"),
        ("1 234,56 ₽", ",", "1234.56"),
        ("€1,234.50", ".", "1234.50"),
        ("1.234,50 €", ",", "1234.50"),
        ("$-12.5", ".", "-12.5"),
        ("-$12.5", ".", "-12.5"),
        ("EUR 1.234,50", ",", "1234.50"),
        ("USD 12", ".", "12"),
        ("  12,5  ", ",", "12.5"),
        ("123456789012345678,99", ",", "123456789012345678.99"),
    ],
)
def test_parse_decimal(text, decimal, value):
    assert parse_decimal(text, decimal=decimal) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "decimal", "message"),
    [
        ("", ",", "^empty$"),
        ("   ", ".", "^empty$"),
        ("abc", ".", "^“abc” is not a number$"),
        ("NaN", ".", "is not a number"),
        ("Infinity", ".", "is not a number"),
        ("-inf", ".", "is not a number"),
        ("1.5", ",", "not a number with a comma"),
        ("1,5", ".", "not a number with a point"),
        ("1,23E+05", ",", "scientific notation"),
        ("1.5e3", ".", "scientific notation"),
        ("1 23,5", ",", "is not a number"),  # a group of two
        ("1.234,567.8", ",", "is not a number"),
        ("12 abc", ".", "is not a number"),
        ("--5", ".", "is not a number"),
        ("-5-", ".", "is not a number"),
        ("(-5)", ".", "is not a number"),
        ("-", ".", "is not a number"),
        ("1234567890123456789", ".", "more than 18 digits"),
        ("١٢٣", ".", "is not a number"),  # other scripts' digits
    ],
)
def test_parse_decimal_rejects(text, decimal, message):
    with pytest.raises(ValueError, match=message):
        parse_decimal(text, decimal=decimal)


@pytest.mark.parametrize(
    ("column", "decimal"),
    [
        (["1 234,56", "12", ""], ","),
        (["1.234,56", "1.234"], ","),  # 1.234 follows the column: 1234
        (["1234,5", "7"], ","),
        (["0,125"], ","),
        (["1,234.56", "1,234"], "."),
        (["1234.5"], "."),
        (["1,234,567"], "."),
        (["1.234.567"], ","),
        (["12", "13", "-4"], "."),
        ([], "."),
        (["n/a", "12"], "."),  # not numbers: left to the rows
        (["1 234", "5 678"], "."),  # spaces only: either reading gives the same numbers
    ],
)
def test_detect_decimal_separator(column, decimal):
    assert detect_decimal_separator(column) == decimal


@pytest.mark.parametrize("column", [["1,234", "2,500"], ["1.234", "2.500", "17"]])
def test_detect_decimal_separator_ambiguous(column):
    with pytest.raises(AmbiguousColumn, match="--decimal"):
        detect_decimal_separator(column)


def test_detect_decimal_separator_mixed():
    with pytest.raises(ValueError, match="mixes decimal commas") as info:
        detect_decimal_separator(["1,5", "2.5"])
    assert not isinstance(info.value, AmbiguousColumn)


GROUPING = ["", " ", "\u00a0", "\u202f", "'", "other"]


def format_decimal(value: Decimal, decimal: str, grouping: str, negative_style: str) -> str:
    text = format(abs(value), "f")
    integer, _, fraction = text.partition(".")
    if grouping:
        sep = ("." if decimal == "," else ",") if grouping == "other" else grouping
        head = len(integer) % 3 or 3
        groups = [integer[:head]] + [integer[i : i + 3] for i in range(head, len(integer), 3)]
        integer = sep.join(groups)
    body = integer + (decimal + fraction if fraction else "")
    if value < 0:
        body = {"lead": f"-{body}", "trail": f"{body}-", "paren": f"({body})"}[negative_style]
    return body


# up to 18 integer digits and 0-6 decimals (trailing zeros kept: "1.500")
decimals = st.tuples(st.integers(-(10**18) + 1, 10**18 - 1), st.integers(0, 6)).map(
    lambda t: Decimal(t[0]).scaleb(-t[1])
)


CURRENCIES = ["", "{} zł", "{} PLN", "{} руб.", "{}\u00a0₽", "€{}", "$ {}", "{} EUR", "USD{}"]


@settings(max_examples=300, deadline=None)
@given(
    value=decimals,
    decimal=st.sampled_from([",", "."]),
    grouping=st.sampled_from(GROUPING),
    negative_style=st.sampled_from(["lead", "trail", "paren"]),
    currency=st.sampled_from(
        ["", "{} zł", "{} PLN", "{} руб.", "{}\u00a0₽", "€{}", "$ {}", "{} EUR"]
    ),
)
def test_parse_decimal_round_trip(value, decimal, grouping, negative_style, currency):
    text = format_decimal(value, decimal, grouping, negative_style)
    if currency:
        text = currency.format(text)
    assert parse_decimal(text, decimal=decimal) == value


@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(decimals, min_size=1, max_size=8),
    decimal=st.sampled_from([",", "."]),
    grouping=st.sampled_from(GROUPING),
)
def test_detected_decimal_separator_reads_the_column_right(values, decimal, grouping):
    column = [format_decimal(v, decimal, grouping, "lead") for v in values]
    try:
        detected = detect_decimal_separator(column)
    except AmbiguousColumn:
        # only when every value with a separator reads two ways, like "1,234"
        assert all(
            parse_decimal(t, decimal=",") != parse_decimal(t, decimal=".")
            for t in column
            if "," in t or "." in t
        )
        return
    assert [parse_decimal(t, decimal=detected) for t in column] == values


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "key"),
    [
        (["2024-03-31", "2024-01-02"], "iso"),
        (["2024-03-31 00:00:00", "2024-03-31T10:00:00", "2024-3-5"], "iso"),
        (["2024-03-31T10:00:00.123+02:00", "2024-03-31T10:00:00Z"], "iso"),
        (["2024/03/31"], "ymd/"),
        (["31.03.2024", "01.02.2024"], "dmy."),
        (["31.03.2024 0:00:00", "1.2.2024 13:45:00"], "dmy."),  # 1C
        (["31.03.24", "01.02.24"], "dmy.yy"),
        (["01/02/2024", "13/02/2024"], "dmy/"),
        (["01/02/2024", "02/13/2024"], "mdy/"),
        (["3/31/2024 12:00:00 AM", "4/1/2024 1:30 PM"], "mdy/"),
        (["31-03-2024", "01-02-2024"], "dmy-"),
        (["03-31-2024"], "mdy-"),
        (["31/03/24"], "dmy/yy"),
        (["03/31/24"], "mdy/yy"),
        (["31.03.2024", "", "  ", "n/a"], "dmy."),  # blanks and junk are left to the rows
        ([], "iso"),
    ],
)
def test_detect_date_format(column, key):
    assert detect_date_format(column) == key


def test_detect_date_format_ambiguous_slash_column():
    with pytest.raises(
        AmbiguousColumn,
        match=(
            r"dd/mm/yyyy or mm/dd/yyyy; choose the date format "
            r"\(the --date-format option or the import form\)"
        ),
    ):
        detect_date_format(["01/02/2024", "03/04/2024", "12/12/2024"])


def test_detect_date_format_ambiguous_two_digit_years():
    with pytest.raises(AmbiguousColumn, match=r"dd/mm/yy or mm/dd/yy"):
        detect_date_format(["01/02/24"])


def test_detect_date_format_inconsistent_slash_column():
    with pytest.raises(ValueError, match="inconsistent") as info:
        detect_date_format(["13/01/2024", "01/02/2024", "01/13/2024"])
    assert not isinstance(info.value, AmbiguousColumn)


def test_detect_date_format_mixed_formats():
    with pytest.raises(ValueError, match="mixes date formats"):
        detect_date_format(["31.03.2024", "2024-03-31"])
    with pytest.raises(ValueError, match="mixes date formats"):
        detect_date_format(["31.03.2024", "31.03.24"])


def test_detect_date_format_no_dates():
    with pytest.raises(ValueError, match="not dates in a known format"):
        detect_date_format(["yesterday", "soon"])


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("2024-03-31", "iso", date(2024, 3, 31)),
        ("2024-03-31T10:00:00", "iso", date(2024, 3, 31)),
        ("2024-03-31 23:59:59.999", "iso", date(2024, 3, 31)),
        ("31.03.2024", "dmy.", date(2024, 3, 31)),
        ("31.03.2024 0:00:00", "dmy.", date(2024, 3, 31)),
        ("1.4.2024", "dmy.", date(2024, 4, 1)),
        ("31.03.24", "dmy.yy", date(2024, 3, 31)),
        ("01.01.68", "dmy.yy", date(2068, 1, 1)),
        ("01.01.69", "dmy.yy", date(1969, 1, 1)),
        ("01/02/2024", "dmy/", date(2024, 2, 1)),
        ("01/02/2024", "mdy/", date(2024, 1, 2)),
        ("3/31/2024 12:00:00 AM", "mdy/", date(2024, 3, 31)),
        ("31-03-2024", "dmy-", date(2024, 3, 31)),
        ("29.02.2024", "dmy.", date(2024, 2, 29)),
        ("31 Mar 2024", "%d %b %Y", date(2024, 3, 31)),
        ("31 Mar 2024 10:00", "%d %b %Y", date(2024, 3, 31)),
        ("20240331", "%Y%m%d", date(2024, 3, 31)),
    ],
)
def test_parse_date(text, key, value):
    assert parse_date(text, key) == value


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("", "iso", "^empty$"),
        ("31.02.2024", "dmy.", "not a valid date: February 2024 has 29 days"),
        ("29.02.2023", "dmy.", "February 2023 has 28 days"),
        ("31.04.2024", "dmy.", "April 2024 has 30 days"),
        ("2024-13-01", "iso", "there is no month 13"),
        ("31.03.2024", "iso", "is not a date like 2024-03-31"),
        ("2024-03-31", "dmy.", "is not a date like 31.03.2024"),
        ("31.03.24", "dmy.", "is not a date like 31.03.2024"),
        ("31.03.2024", "dmy.yy", "is not a date like 31.03.24"),
        ("13/31/2024", "mdy/", "there is no month 13"),
        ("soon", "mdy/", "is not a date like 03/31/2024"),
        ("31.03.2024 lunch", "dmy.", "is not a date"),
        ("March", "%d %b %Y", "is not a date like 31 Mar 2024"),
        ("31.03.2024", "dd.mm.yyyy", "is not a date format; use one of iso"),
    ],
)
def test_parse_date_rejects(text, key, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text, key)


def test_check_date_format():
    assert check_date_format("dmy.") == "dmy."
    assert check_date_format("%d %B %Y") == "%d %B %Y"
    with pytest.raises(ValueError, match="not a date format"):
        check_date_format("european")


TIME_PARTS = ["", " 00:00:00", " 0:00:00", "T10:00:00", " 10:00", " 12:00:00 AM"]


def year_range(key: str) -> tuple[int, int]:
    return (1969, 2068) if key.endswith("yy") else (1900, 2199)


@settings(max_examples=100, deadline=None)
@given(
    key=st.sampled_from(sorted(DATE_FORMATS)),
    data=st.data(),
    time_part=st.sampled_from(TIME_PARTS),
)
def test_detect_and_parse_date_round_trip(key, data, time_part):
    low, high = year_range(key)
    dates = data.draw(
        st.lists(st.dates(date(low, 1, 1), date(high, 12, 31)), min_size=1, max_size=12)
    )
    column = [d.strftime(DATE_FORMATS[key]) + time_part for d in dates]
    order_matters = key[:3] in ("dmy", "mdy") and key[3] in "/-"
    if order_matters and all(d.day <= 12 for d in dates):
        with pytest.raises(AmbiguousColumn):
            detect_date_format(column)
        return
    detected = detect_date_format(column)
    assert detected == key
    assert [parse_date(text, detected) for text in column] == dates


# --- percents and booleans --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("35%", ".", "35"),
        ("35 %", ".", "35"),
        ("12,5%", ",", "12.5"),
        ("0,5%", ",", "0.5"),
        ("35", ".", "35"),
        ("0.35", ".", "35"),
        ("0,35", ",", "35"),
        ("1", ".", "100"),
        ("0", ".", "0"),
        ("150", ".", "150"),
        ("-0.1", ".", "-10"),
    ],
)
def test_parse_percent(text, decimal, value):
    assert parse_percent(text, decimal=decimal) == Decimal(value)


def test_parse_percent_with_a_column_scale():
    assert detect_percent_scale(["10", "0.5", "100"]) == "percent"
    assert detect_percent_scale(["5%", "0.5"]) == "percent"
    assert detect_percent_scale(["0.1", "0.75", "1", ""]) == "fraction"
    assert parse_percent("0.5", decimal=".", scale="percent") == Decimal("0.5")
    assert parse_percent("1", decimal=".", scale="percent") == Decimal("1")
    assert parse_percent("0.5", decimal=".", scale="fraction") == Decimal("50")
    assert parse_percent("5%", decimal=".", scale="fraction") == Decimal("5")


@pytest.mark.parametrize(("text", "message"), [("", "^empty$"), ("high", "not a number")])
def test_parse_percent_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        parse_percent(text, decimal=".")


@pytest.mark.parametrize(
    "text", ["true", "TRUE", "Yes", "y", "1", "да", "Да", "ИСТИНА", "tak", "Tak", " true "]
)
def test_parse_bool_true(text):
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["false", "False", "NO", "n", "0", "нет", "Нет", "ложь", "nie"])
def test_parse_bool_false(text):
    assert parse_bool(text) is False


@pytest.mark.parametrize(("text", "message"), [("", "^empty$"), ("maybe", "is not yes or no")])
def test_parse_bool_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        parse_bool(text)
