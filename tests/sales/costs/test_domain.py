"""The pure rules of the service costs: what a valid cost is, and converting and summing
costs in the base currency exactly (no database)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyplan.core.fields import from_minor, to_minor
from keyplan.sales.costs.domain import (
    amount_problem,
    convert_minor,
    converted_costs,
    currency_problem,
    date_problem,
    total_of,
)
from keyplan.sales.models import ServiceCostCategory

D = Decimal
TODAY = date(2026, 6, 15)
MINOR = D("0.0001")


@pytest.mark.parametrize("value", ["12.5", "-40", "0.0001", "1234.5678", "12.34500", D("-0.5")])
def test_exact_amounts_and_credit_notes_are_valid(value):
    assert amount_problem(value) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("12.34567", "more than 4 decimal places"),
        ("0", "cannot be zero"),
        ("-0.0000", "cannot be zero"),
        ("", "Enter the amount"),
        (None, "Enter the amount"),
        ("12,5", "Enter a number"),
        ("NaN", "Enter a number"),
        ("100000000000000", "too large"),
    ],
)
def test_invalid_amounts_say_why(value, words):
    problem = amount_problem(value)
    assert problem is not None and words in problem
    if "decimal places" in words:
        assert problem.startswith("The amount")  # names the field


@pytest.mark.parametrize("code", ["PLN", "EUR", "USD", "BYN", "JPY"])
def test_iso_currencies_are_known(code):
    assert currency_problem(code) is None


@pytest.mark.parametrize("code", ["XYZ", "EU", "EURO", "ZŁ", "€€€", ""])
def test_unknown_currencies_are_refused(code):
    assert "is not a currency" in currency_problem(code)


def test_dates_up_to_a_year_ahead_are_allowed_but_not_a_mistyped_year():
    assert date_problem(TODAY, TODAY) is None
    assert date_problem(TODAY + timedelta(days=90), TODAY) is None  # an agreed marketing fund
    assert date_problem(TODAY + timedelta(days=366), TODAY) is None
    assert "more than a year ahead" in date_problem(TODAY + timedelta(days=367), TODAY)
    assert "more than a year ahead" in date_problem(date(2062, 6, 1), TODAY)
    assert date_problem(date(1900, 1, 1), TODAY) is None
    assert "from 1900-01-01" in date_problem(date(1899, 12, 31), TODAY)


def test_conversion_rounds_half_up_at_the_fourth_place_and_never_in_the_base():
    assert convert_minor(123_456_789, D(1)) == 123_456_789
    assert convert_minor(1, D("0.5")) == 1  # 0.00005 -> 0.0001
    assert convert_minor(-1, D("0.5")) == -1  # away from zero, like a positive amount
    assert convert_minor(3, D("0.33333333")) == 1
    # wider than the default 28 digits of Decimal: still exact before the rounding
    assert convert_minor(10**18 - 1, D("4.12345678")) == 4123456779999999996


def test_converted_costs_per_key_and_category_and_the_missing_rates():
    rows = [
        (1, "PLN", "logistics", to_minor("100.10")),
        (1, "EUR", "logistics", to_minor("10")),
        (1, "EUR", "travel", to_minor("-2.5")),  # a credit note
        (2, "USD", "support", to_minor("7")),  # no rate: left out, named
        (2, "PLN", "rebates", to_minor("0.0001")),
        (3, "USD", "support", 0),  # nothing to convert: not missing
    ]
    values, missing = converted_costs(rows, {"PLN": D(1), "EUR": D("4.3")})
    assert values == {
        1: {"logistics": D("143.10"), "travel": D("-10.75")},
        2: {"rebates": D("0.0001")},
    }
    assert missing == ["USD"]
    assert total_of(values[1]) == D("132.35")


def test_postgresql_sums_as_decimals_are_read_alike():
    values, _missing = converted_costs([(1, "PLN", "other", D(15000))], {"PLN": D(1)})
    assert values == {1: {"other": D("1.50")}}


amounts = st.integers(min_value=-(10**13), max_value=10**13).filter(bool)
rows_strategy = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=4),
        st.sampled_from(["PLN", "EUR", "CZK"]),
        st.sampled_from(ServiceCostCategory.values),
        amounts,
    ),
    max_size=30,
)
rates_strategy = st.fixed_dictionaries(
    {
        "PLN": st.just(D(1)),
        "EUR": st.decimals(min_value=D("0.00000001"), max_value=D("100"), places=8),
        "CZK": st.decimals(min_value=D("0.00000001"), max_value=D("100"), places=8),
    }
)


@given(rows_strategy, rates_strategy)
def test_the_converted_total_is_the_exact_decimal_sum(rows, rates):
    """Each category is its currencies' sums converted (exact product, half up at the
    fourth place); the total is the exact Decimal sum of the categories, and in the base
    currency the exact sum of the amounts: never a float, never a rounded part."""
    values, missing = converted_costs(rows, rates)
    assert missing == []
    for account in {key for key, *_rest in rows}:
        expected: dict[str, Decimal] = {}
        for currency in rates:
            for category in ServiceCostCategory.values:
                group = [
                    from_minor(m)
                    for k, c, cat, m in rows
                    if (k, c, cat) == (account, currency, category)
                ]
                if not group:
                    continue
                exact = sum(group, D(0)) * rates[currency]
                converted = exact.quantize(MINOR, rounding=ROUND_HALF_UP)
                expected[category] = expected.get(category, D(0)) + converted
        assert values[account] == expected
        assert total_of(values[account]) == sum(expected.values(), D(0))
        for amount in values[account].values():
            assert isinstance(amount, Decimal) and amount == amount.quantize(MINOR)


@given(st.lists(st.tuples(st.sampled_from(ServiceCostCategory.values), amounts), max_size=30))
def test_in_the_base_currency_the_total_is_the_sum_of_the_amounts(lines):
    rows = [(1, "PLN", category, minor) for category, minor in lines]
    values, _missing = converted_costs(rows, {"PLN": D(1)})
    expected = sum((from_minor(minor) for _c, minor in lines), D(0))
    assert total_of(values.get(1, {})) == expected
