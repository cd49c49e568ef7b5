"""keyplan.core.money formats figures from a shape learnt of Babel once per language and
currency; every figure must read exactly as Babel writes it (money rounded half up
first), in each language, for any amount."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from babel.numbers import format_currency, format_decimal, format_percent
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from keyplan.core import money

LANGUAGES = {"en": "en_US", "ru": "ru_RU", "pl": "pl_PL"}
CURRENCIES = ("PLN", "EUR", "USD", "RUB", "JPY", "KWD", "CHF", "XYZ")

amounts = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=4, allow_nan=False
)


def babel_money(amount: Decimal, currency: str, locale: str) -> str:
    return format_currency(money.round_money(amount, currency), currency, locale=locale)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@pytest.mark.parametrize("currency", CURRENCIES)
@settings(max_examples=150, deadline=None)
@given(amount=amounts)
def test_money_reads_as_babel_writes_it(language, currency, amount):
    with translation.override(language):
        assert money.format_money(amount, currency) == babel_money(
            amount, currency, LANGUAGES[language]
        )


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@settings(max_examples=300, deadline=None)
@given(value=st.decimals(min_value=Decimal(-50), max_value=Decimal(50), places=6))
def test_percentages_read_as_babel_writes_them(language, value):
    with translation.override(language):
        assert money.format_percentage(value) == format_percent(
            value, format=money.PERCENT_FORMAT, locale=LANGUAGES[language]
        )


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@pytest.mark.parametrize("places", [0, 1, 2, 3])
@settings(max_examples=100, deadline=None)
@given(value=amounts, whole=st.integers(min_value=-(10**15), max_value=10**15))
def test_numbers_read_as_babel_writes_them(language, places, value, whole):
    locale = LANGUAGES[language]
    fmt = "#,##0." + "0" * places if places else "#,##0"
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    with translation.override(language):
        assert money.format_number(value, places=places) == format_decimal(
            rounded, format=fmt, locale=locale
        )
        assert money.format_number(whole, places=places) == format_decimal(
            whole, format=fmt, locale=locale
        )
        assert money.format_number(whole) == format_decimal(whole, locale=locale)


@pytest.mark.parametrize(
    ("language", "amount", "currency", "shown"),
    [
        ("en", Decimal("1234567.885"), "PLN", "PLN1,234,567.89"),
        ("pl", Decimal("1234567.885"), "PLN", "1\xa0234\xa0567,89\xa0zł"),
        ("ru", Decimal("-1234.5"), "RUB", "-1\xa0234,50\xa0₽"),
        ("en", Decimal("-0.001"), "EUR", "-€0.00"),
        ("pl", Decimal("2.5"), "JPY", "3\xa0JPY"),
        ("en", 1234.5, "USD", "$1,234.50"),
        ("en", 7, "EUR", "€7.00"),
    ],
)
def test_known_figures(language, amount, currency, shown):
    with translation.override(language):
        assert money.format_money(amount, currency) == shown


def test_figures_that_are_not_numbers_and_none():
    with translation.override("en"):
        assert money.format_money(None, "EUR") == ""
        assert money.format_number(None) == ""
        assert money.format_percentage(None) == ""
        assert money.format_number(Decimal("1234.56789")) == "1,234.568"
        assert money.format_number(0.125, places=2) == format_decimal(
            0.125, format="#,##0.00", locale="en_US"
        )
        assert money.format_percentage(Decimal("0.12345")) == "12.3%"


def test_a_locale_whose_grouping_is_not_thousands_is_left_to_babel():
    # Hindi groups by two after the first three digits (12,34,567): the shortcut cannot
    # write that, so no shape is learnt and Babel formats every figure.
    assert money._money_shape("hi_IN", "INR") is None
    assert money._money_shape("pl_PL", "PLN") is not None
