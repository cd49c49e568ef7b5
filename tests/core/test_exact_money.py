"""MoneyField stores amounts exactly to four places (integer ten-thousandths) and reads
them back as Decimal: two places for whole cents, the exact 3-4 places otherwise.
Rounding to the currency's minor unit happens only when an amount is shown."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keyplan.core.fields import MINOR, MINOR_SCALE, MoneyField, from_minor, to_minor
from keyplan.core.money import format_money, round_money
from keyplan.sales.models import MonthlyRollup

D = Decimal


def test_scale_constants():
    assert MINOR_SCALE == 4
    assert D("0.0001") == MINOR


@pytest.mark.parametrize(
    ("value", "minor"),
    [
        ("1234.50", 12_345_000),
        ("0.0001", 1),
        ("-12.3456", -123_456),
        ("7.12340", 71_234),  # a trailing zero is exact
        (5, 50_000),
        (D("1E+3"), 10_000_000),
    ],
)
def test_to_minor_is_exact(value, minor):
    assert to_minor(value) == minor


@pytest.mark.parametrize("value", ["0.00001", "1.23456", D("-0.00005"), "NaN", "abc"])
def test_to_minor_never_rounds(value):
    with pytest.raises(ValueError):
        to_minor(value)


@pytest.mark.parametrize(
    ("minor", "text"),
    [
        (12_345_000, "1234.50"),
        (0, "0.00"),
        (1, "0.0001"),
        (12_340, "1.234"),
        (-123_456, "-12.3456"),
        (-10_000, "-1.00"),
    ],
)
def test_from_minor_keeps_cents_at_two_places(minor, text):
    assert str(from_minor(minor)) == text


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_from_minor_round_trips(minor):
    assert to_minor(from_minor(minor)) == minor


def test_money_form_field_takes_four_places():
    field = MoneyField().formfield()
    assert field.decimal_places == 4
    assert field.clean("12.3456") == D("12.3456")


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.builds(
        lambda units, places: D(units).scaleb(-places),
        st.integers(min_value=-(10**14), max_value=10**14),
        st.integers(min_value=0, max_value=4),
    )
)
def test_stored_amounts_read_back_exactly(world, amount):
    MonthlyRollup.objects.all().delete()
    MonthlyRollup.objects.create(
        account=world.account, month="2024-01-01", currency="PLN", revenue=amount, cost=0
    )
    stored = MonthlyRollup.objects.get()
    assert stored.revenue == amount
    assert stored.revenue.as_tuple().exponent in (-2, -3, -4)


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (D("0.125"), "EUR", D("0.13")),  # half up, not Babel's half to even
        (D("0.135"), "EUR", D("0.14")),
        (D("-0.125"), "EUR", D("-0.13")),
        (D("2.5"), "JPY", D("3")),
        (D("1.2344"), "PLN", D("1.23")),
    ],
)
def test_shown_amounts_round_half_up_to_the_currency(amount, currency, shown):
    assert round_money(amount, currency) == shown


def test_format_money_rounds_half_up():
    with translation.override("en"):
        assert format_money(D("1234.565"), "EUR") == "€1,234.57"
        assert format_money(D("0.125"), "EUR") == "€0.13"
