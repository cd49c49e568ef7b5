"""The pure side of the cost to serve's settings: which hourly cost applies to a day's
time, what that time costs, and what the money tied up in receivables costs. No ORM.

Exact: a cost is minutes × hourly amount × planning rate ÷ 60, summed exactly and rounded
once, half up at the fourth place (the precision of every stored amount,
keyplan.core.fields), so the cost of many entries is the rounded exact sum of theirs,
never a sum of rounded parts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

ZERO = Decimal(0)
MINUTES_PER_HOUR = 60
DAYS_PER_YEAR = 365
PLACES = 4  # amounts keep four places (keyplan.core.fields.MINOR_SCALE)
CURRENCY = re.compile(r"^[A-Z]{3}$")


def is_currency_code(value: str) -> bool:
    return bool(CURRENCY.match(value))


def round_half_up(value: Fraction, places: int = PLACES) -> Decimal:
    """The exact `value` rounded half up (away from zero) to `places` decimals."""
    scale = 10**places
    scaled = abs(value) * scale
    whole = int(scaled)  # floor of a non-negative number
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole if value >= 0 else -whole).scaleb(-places)


# --- which hourly cost applies --------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """An hourly cost from `valid_from` on."""

    valid_from: date
    amount: Decimal
    currency: str


def rate_on(rates: Sequence[Rate], day: date) -> Rate | None:
    """The rate valid on `day`: the latest `valid_from` on or before it (`rates` sorted by
    valid_from, one per date); None before the first."""
    index = bisect_right([rate.valid_from for rate in rates], day)
    return rates[index - 1] if index else None


@dataclass(frozen=True)
class RateBook:
    """Every hourly cost: per person (user id) and per role, each sorted by valid_from."""

    people: Mapping[int, tuple[Rate, ...]] = field(default_factory=dict)
    roles: Mapping[str, tuple[Rate, ...]] = field(default_factory=dict)

    def rate_for(self, user_id: int, role: str, day: date) -> Rate | None:
        """The person's own rate valid on `day`, else their role's, else None (unpriced:
        never guessed)."""
        own = rate_on(self.people.get(user_id, ()), day)
        if own is not None:
            return own
        return rate_on(self.roles.get(role, ()), day)


def rate_book(rows: Iterable[tuple[int | None, str, date, Decimal, str]]) -> RateBook:
    """A RateBook from (person id or None, role, valid_from, amount, currency) rows."""
    people: dict[int, list[Rate]] = {}
    roles: dict[str, list[Rate]] = {}
    for person_id, role, valid_from, amount, currency in rows:
        rate = Rate(valid_from, amount, currency)
        if person_id is not None:
            people.setdefault(person_id, []).append(rate)
        else:
            roles.setdefault(role, []).append(rate)

    def by_date(found: dict) -> dict:
        return {
            key: tuple(sorted(rates, key=lambda r: r.valid_from)) for key, rates in found.items()
        }

    return RateBook(by_date(people), by_date(roles))


# --- what the time costs --------------------------------------------------------------------


@dataclass(frozen=True)
class Time:
    """Minutes one person (`user_id`, in `role`) spent on an account on one day."""

    user_id: int
    role: str
    spent_on: date
    minutes: int


@dataclass(frozen=True)
class TimeCost:
    """The cost of some time, in the base currency. `exact` is the unrounded cost (a
    fraction: a minute of 1.00 an hour is 1/60); `cost` is it at four places. Minutes are
    priced (in the cost), unpriced (no hourly cost for the person or their role that day)
    or unconverted (an hourly cost in a currency without a planning rate, named in
    `missing_rates`)."""

    exact: Fraction = Fraction(0)
    priced_minutes: int = 0
    unpriced_minutes: int = 0
    unconverted_minutes: int = 0
    unpriced_users: frozenset[int] = frozenset()
    missing_rates: frozenset[str] = frozenset()

    @property
    def cost(self) -> Decimal:
        return round_half_up(self.exact)

    @property
    def minutes(self) -> int:
        return self.priced_minutes + self.unpriced_minutes + self.unconverted_minutes

    def __add__(self, other: TimeCost) -> TimeCost:
        return TimeCost(
            self.exact + other.exact,
            self.priced_minutes + other.priced_minutes,
            self.unpriced_minutes + other.unpriced_minutes,
            self.unconverted_minutes + other.unconverted_minutes,
            self.unpriced_users | other.unpriced_users,
            self.missing_rates | other.missing_rates,
        )


def minutes_cost(minutes: int, amount: Decimal, fx: Decimal = Decimal(1)) -> Fraction:
    """The exact cost of `minutes` at `amount` an hour, converted at `fx` base units per
    unit of the amount's currency."""
    return Fraction(minutes) * Fraction(amount) * Fraction(fx) / MINUTES_PER_HOUR


def time_cost(time: Time, book: RateBook, rates: Mapping[str, Decimal]) -> TimeCost:
    """The cost of one person-day of time at the rate that applies to it, converted with
    the planning `rates` (currency -> base units per unit; the base itself at 1)."""
    rate = book.rate_for(time.user_id, time.role, time.spent_on)
    if rate is None:
        return TimeCost(unpriced_minutes=time.minutes, unpriced_users=frozenset({time.user_id}))
    fx = rates.get(rate.currency)
    if fx is None:
        return TimeCost(unconverted_minutes=time.minutes, missing_rates=frozenset({rate.currency}))
    return TimeCost(minutes_cost(time.minutes, rate.amount, fx), priced_minutes=time.minutes)


def total_cost(times: Iterable[Time], book: RateBook, rates: Mapping[str, Decimal]) -> TimeCost:
    """The cost of all of `times`: exactly the sum of each one's `time_cost` (the minutes
    are summed per rate first, then priced once per rate)."""
    at_rate: dict[tuple[Decimal, Decimal], int] = {}
    unpriced = unconverted = 0
    unpriced_users: set[int] = set()
    missing: set[str] = set()
    for time in times:
        rate = book.rate_for(time.user_id, time.role, time.spent_on)
        if rate is None:
            unpriced += time.minutes
            unpriced_users.add(time.user_id)
            continue
        fx = rates.get(rate.currency)
        if fx is None:
            unconverted += time.minutes
            missing.add(rate.currency)
            continue
        key = (rate.amount, fx)
        at_rate[key] = at_rate.get(key, 0) + time.minutes
    exact = sum(
        (minutes_cost(minutes, amount, fx) for (amount, fx), minutes in at_rate.items()),
        Fraction(0),
    )
    return TimeCost(
        exact,
        priced_minutes=sum(at_rate.values()),
        unpriced_minutes=unpriced,
        unconverted_minutes=unconverted,
        unpriced_users=frozenset(unpriced_users),
        missing_rates=frozenset(missing),
    )


# --- what the money tied up costs -----------------------------------------------------------


def capital_cost(average_open: Decimal, days: int, rate: Decimal) -> Decimal:
    """What `average_open` receivables cost over `days` days at `rate` % a year:
    average × rate/100 × days/365, rounded half up at the fourth place. Linear: a negative
    average (the customer paid ahead) gives a negative cost."""
    if days < 0:
        raise ValueError("days cannot be negative")
    exact = Fraction(average_open) * Fraction(rate) / 100 * days / DAYS_PER_YEAR
    return round_half_up(exact)
