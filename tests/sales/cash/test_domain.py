"""Cash rules without a database: ageing buckets, DSO, amount-weighted days late, the
conversion of per-currency rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyplan.sales.cash.domain import (
    BUCKET_KEYS,
    BUCKETS,
    ROW_FIELDS,
    Cash,
    bucket_of,
    converted_cash,
    days_sales_outstanding,
    due_range,
    total,
    weighted_days,
)

D = Decimal


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (None, "current"),
        (-5, "current"),
        (0, "current"),
        (1, "d1_30"),
        (30, "d1_30"),
        (31, "d31_60"),
        (60, "d31_60"),
        (61, "d61_90"),
        (90, "d61_90"),
        (91, "over_90"),
        (4000, "over_90"),
    ],
)
def test_buckets_by_days_overdue(days, bucket):
    assert bucket_of(days) == bucket


@given(st.integers(min_value=-1000, max_value=5000))
def test_due_ranges_match_the_buckets(days):
    """The due-date range of each bucket (what the query filters on) holds exactly the
    items whose days overdue fall in that bucket."""
    as_of = date(2026, 6, 30)
    due = date.fromordinal(as_of.toordinal() - days)
    inside = []
    for key, low, high in BUCKETS:
        earliest, latest = due_range(as_of, low, high)
        if (earliest is None or due >= earliest) and (latest is None or due <= latest):
            inside.append(key)
    assert inside == [bucket_of(days)]


def test_dso_is_open_as_days_of_billing():
    assert days_sales_outstanding(D("100"), D("365")) == D("100.0")
    assert days_sales_outstanding(D("1"), D("3"), days=365) == D("121.7")
    assert days_sales_outstanding(D("50"), D("0")) is None
    assert days_sales_outstanding(D("0"), D("10")) == D("0.0")


def test_days_late_is_weighted_by_amount():
    # 100 paid 10 days late, 300 paid 2 days early: (1000 - 600) / 400 = 1.0
    assert weighted_days(1000.0 - 600.0, D("400")) == D("1.0")
    assert weighted_days(0.0, D("0")) is None


def _row(account, currency, **values):
    named = dict.fromkeys(ROW_FIELDS, 0) | values
    return (account, currency, *[named[key] for key in ROW_FIELDS])


def test_rows_are_converted_and_missing_rates_listed():
    rows = [
        _row(1, "PLN", billed=1_000_000, open=123_456, d1_30=123_456, open_items=1),
        _row(1, "EUR", billed=10_000, open=10_000, overdue=10_000, over_90=10_000),
        _row(2, "USD", billed=50_000, open=50_000),
        _row(3, "USD", late_amount=0),  # nothing: no missing rate reported
    ]
    values, missing = converted_cash(rows, {"PLN": D(1), "EUR": D("4.30")})
    assert missing == ["USD"]
    assert set(values) == {1}
    cash = values[1]
    assert cash.billed == D("100") + D("4.30")
    assert cash.open == D("12.3456") + D("4.30")
    assert cash.overdue == D("4.30")
    assert cash.buckets["d1_30"] == D("12.3456")
    assert cash.buckets["over_90"] == D("4.30")
    assert cash.open_items == 1


@given(st.lists(st.integers(min_value=0, max_value=10**12), min_size=1, max_size=20))
def test_totals_are_exact_sums(amounts):
    parts = [Cash(open=D(a).scaleb(-4), billed=D(a).scaleb(-4)) for a in amounts]
    summed = total(parts)
    assert summed.open == sum((D(a).scaleb(-4) for a in amounts), D(0))
    assert all(summed.buckets[key] == 0 for key in BUCKET_KEYS)


def test_overdue_share():
    assert Cash(open=D("200"), overdue=D("50")).overdue_share == D("0.25")
    assert Cash().overdue_share is None
