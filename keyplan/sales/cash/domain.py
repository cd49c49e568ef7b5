"""The pure side of cash (SPEC §7): open and overdue receivables at a date, ageing
buckets, days sales outstanding and days paid late, from the payment items that the
payments import brings (document, due date, paid date, amount). No ORM here.

Definitions (also shown on the cash page):

- an item is *open* at day D when it is not paid by D (no paid date, or paid after D);
- *overdue* at D: open and due before D; its days overdue are D - due date;
- ageing buckets by days overdue: current (not yet due, or no due date), 1-30, 31-60,
  61-90, over 90;
- *billed* in a window: the amounts due in it (the payments file has no invoice date;
  over a year the shift by the payment terms evens out);
- DSO at D: open at D / billed in the 365 days up to D x 365 (none without billing);
- days paid late: the amount-weighted average of paid date - due date over the items
  paid in the window that have a due date (negative: paid early).

Amounts are stored units (integer ten-thousandths, keyplan.core.fields) per currency,
converted to the base currency with the planning rates; exact until shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from keyplan.core.fields import from_minor

ZERO = Decimal(0)
TENTH = Decimal("0.1")
DSO_WINDOW_DAYS = 365

# (key, lowest days overdue, highest days overdue); None: no bound.
BUCKETS: tuple[tuple[str, int | None, int | None], ...] = (
    ("current", None, 0),
    ("d1_30", 1, 30),
    ("d31_60", 31, 60),
    ("d61_90", 61, 90),
    ("over_90", 91, None),
)
BUCKET_KEYS = tuple(key for key, _low, _high in BUCKETS)


def due_range(as_of: date, low: int | None, high: int | None) -> tuple[date | None, date | None]:
    """The due dates (inclusive) of items that are `low`..`high` days overdue at `as_of`:
    days overdue = as_of - due, so more days means an earlier due date."""
    earliest = None if high is None else as_of - timedelta(days=high)
    latest = None if low is None else as_of - timedelta(days=low)
    return earliest, latest


def bucket_of(days_overdue: int | None) -> str:
    """The bucket of an item `days_overdue` days past its due date (None: no due date)."""
    if days_overdue is None:
        return "current"
    for key, low, high in BUCKETS:
        if (low is None or days_overdue >= low) and (high is None or days_overdue <= high):
            return key
    raise AssertionError(days_overdue)  # the buckets cover every integer


def days_sales_outstanding(
    open_amount: Decimal, billed: Decimal, days: int = DSO_WINDOW_DAYS
) -> Decimal | None:
    """Open receivables as days of billing, to a tenth of a day; None without billing."""
    if billed <= 0:
        return None
    return (open_amount / billed * days).quantize(TENTH, rounding=ROUND_HALF_UP)


def weighted_days(amount_days: float, amount: Decimal) -> Decimal | None:
    """sum(amount x days) / sum(amount), to a tenth of a day; None without amounts."""
    if amount <= 0:
        return None
    return (Decimal(repr(amount_days)) / amount).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Cash:
    """One account's (or a total's) receivables, in the base currency."""

    billed: Decimal = ZERO  # due in the window
    paid: Decimal = ZERO  # paid in the window
    open: Decimal = ZERO  # open at the date
    overdue: Decimal = ZERO  # open and past due at the date
    buckets: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(BUCKET_KEYS, ZERO))
    open_items: int = 0
    overdue_items: int = 0
    late_amount_days: float = 0.0  # sum(amount x days late), base units
    late_amount: Decimal = ZERO  # the paid amounts with a due date, base units

    @property
    def dso(self) -> Decimal | None:
        return days_sales_outstanding(self.open, self.billed)

    @property
    def days_late(self) -> Decimal | None:
        return weighted_days(self.late_amount_days, self.late_amount)

    @property
    def overdue_share(self) -> Decimal | None:
        """Overdue / open, 0-1 (None when nothing is open)."""
        if self.open <= 0:
            return None
        return (self.overdue / self.open).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)

    def add(self, other: Cash) -> None:
        self.billed += other.billed
        self.paid += other.paid
        self.open += other.open
        self.overdue += other.overdue
        for key in BUCKET_KEYS:
            self.buckets[key] += other.buckets[key]
        self.open_items += other.open_items
        self.overdue_items += other.overdue_items
        self.late_amount_days += other.late_amount_days
        self.late_amount += other.late_amount


# The summed columns of one (account, currency) row, in this order after the two keys.
ROW_FIELDS = (
    "billed",
    "paid",
    "open",
    "overdue",
    *BUCKET_KEYS,
    "open_items",
    "overdue_items",
    "late_amount_days",
    "late_amount",
)
MONEY_FIELDS = {"billed", "paid", "open", "overdue", "late_amount", *BUCKET_KEYS}


def converted_cash(
    rows: Iterable[tuple], rates: Mapping[str, Decimal]
) -> tuple[dict[int, Cash], list[str]]:
    """Rows (account id, currency, *ROW_FIELDS in stored units) -> {account id: Cash in
    the base currency}, and the currencies with items but no rate (left out, never mixed
    in)."""
    result: dict[int, Cash] = {}
    missing: set[str] = set()
    for account_id, currency, *values in rows:
        rate = rates.get(currency)
        named = dict(zip(ROW_FIELDS, values, strict=True))
        if rate is None:
            if any(named[key] for key in ("billed", "paid", "open")):
                missing.add(currency)
            continue
        part = Cash(
            billed=from_minor(int(named["billed"] or 0)) * rate,
            paid=from_minor(int(named["paid"] or 0)) * rate,
            open=from_minor(int(named["open"] or 0)) * rate,
            overdue=from_minor(int(named["overdue"] or 0)) * rate,
            buckets={key: from_minor(int(named[key] or 0)) * rate for key in BUCKET_KEYS},
            open_items=int(named["open_items"] or 0),
            overdue_items=int(named["overdue_items"] or 0),
            late_amount_days=float(named["late_amount_days"] or 0) * float(rate) / 10_000,
            late_amount=from_minor(int(named["late_amount"] or 0)) * rate,
        )
        if account_id in result:
            result[account_id].add(part)
        else:
            result[account_id] = part
    return result, sorted(missing)


def total(cash: Iterable[Cash]) -> Cash:
    summed = Cash()
    for part in cash:
        summed.add(part)
    return summed
