"""The pipeline's pure rules: exact weighted amounts, per-currency totals and dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyplan.core.fields import from_minor
from keyplan.sales.pipeline.domain import (
    TotalsRow,
    currency_totals,
    exact,
    months_before,
    weighted_amount,
)


@pytest.mark.parametrize(
    ("amount", "probability", "expected"),
    [
        ("1234.50", "50.00", "617.25"),
        ("0.0001", "33.33", "0.00003333"),
        ("0.0001", "0.01", "1E-8"),
        ("100000.00", "100.00", "100000.00"),
        ("250.00", "0", "0.00"),
    ],
)
def test_weighted_amount_is_exact(amount, probability, expected):
    result = weighted_amount(Decimal(amount), Decimal(probability))

    assert result == Decimal(expected)
    assert str(result) == expected


def test_weighted_amount_unknown_without_amount_or_probability():
    assert weighted_amount(None, Decimal("50")) is None
    assert weighted_amount(Decimal("10"), None) is None


def test_exact_writes_whole_cents_with_two_places_and_keeps_other_decimals():
    assert str(exact(Decimal("617.2500"))) == "617.25"
    assert str(exact(Decimal("12"))) == "12.00"
    assert str(exact(Decimal("0.00010000"))) == "0.0001"


def _row(currency, probability, count, minor, with_amount=None):
    return TotalsRow(
        currency=currency,
        probability=None if probability is None else Decimal(probability),
        count=count,
        with_amount=count if with_amount is None else with_amount,
        amount_minor=minor,
    )


def test_currency_totals_per_currency_exact_and_ordered():
    totals = currency_totals(
        [
            _row("PLN", "50.00", 2, 30_000_000),  # 3000.00 at 50%
            _row("EUR", "10.00", 1, 1),  # 0.0001 at 10%
            _row("PLN", "25.00", 1, 10_001),  # 1.0001 at 25%
            _row("PLN", None, 2, 5_000_000, with_amount=1),  # 500.00, unweighted; one no amount
        ]
    )

    assert [t.currency for t in totals] == ["EUR", "PLN"]
    eur, pln = totals
    assert eur.amount == Decimal("0.0001")
    assert eur.weighted == Decimal("0.00001")
    assert (pln.count, pln.without_amount, pln.without_probability) == (5, 1, 1)
    assert pln.amount == Decimal("3501.0001")
    assert pln.weighted == Decimal("1500.250025")


def test_currency_totals_of_nothing_is_empty():
    assert currency_totals([]) == []


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10**15),
            st.decimals(min_value=0, max_value=100, places=2, allow_nan=False),
        ),
        max_size=30,
    )
)
def test_weighting_the_groups_equals_weighting_each_opportunity(items):
    """The database sums per probability; the result is the sum of each opportunity's
    own weighted amount, to the last digit."""
    rows = [_row("PLN", str(p), 1, minor) for minor, p in items]

    totals = currency_totals(rows)

    expected = sum((weighted_amount(from_minor(minor), p) for minor, p in items), start=Decimal(0))
    assert (totals[0].weighted if totals else Decimal(0)) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 5, 15), 12, date(2025, 5, 15)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 10), 1, date(2025, 12, 10)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected
