"""Numbers and money in the active language's format (Babel/CLDR).

en: €1,234,567.89; pl: 1 234 567,89 zł; ru: 1 234 567,89 ₽.

A page shows hundreds of figures, and Babel parses its locale and applies a pattern to
each one (about 40 µs a figure). So the shape of a figure is asked of Babel once per
language, kind and currency and kept (`_money_shape`, `_percent_shape`, `_number_shape`):
the text around the digits (sign, currency symbol, percent sign) and the group and
decimal symbols. Each figure is then rounded here, grouped by Python and given those
symbols. A shape is only kept if it gives exactly Babel's text for a set of samples;
where it would not (a locale that groups digits otherwise), Babel formats every figure
itself. tests/core/test_money_format.py compares both over many values.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_precision
from django.utils.translation import get_language

_LOCALES = {"en": "en_US", "ru": "ru_RU", "pl": "pl_PL"}
# Percentages on pages: one decimal (12.3%).
PERCENT_FORMAT = "#,##0.0%"
_SAMPLES = ("0", "7", "-7", "0.5", "-0.001", "1234", "-1234567.891", "98765432109876.5")


def babel_locale() -> str:
    return _LOCALES.get((get_language() or "en").split("-")[0], "en_US")


@functools.cache
def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def round_money(amount: Decimal, currency: str) -> Decimal:
    """The exact amount rounded half up to the currency's minor unit (2 places for EUR,
    0 for JPY): what is shown. Stored amounts and sums stay exact (keyplan.core.fields)."""
    return amount.quantize(_quantum(get_currency_precision(currency)), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class _Shape:
    """A figure's look in one language: the text before and after the digits of a
    positive and of a negative figure, and the group and decimal symbols."""

    positive: tuple[str, str]
    negative: tuple[str, str]
    symbols: dict[int, str]

    def apply(self, rounded: Decimal, places: int, negative: bool) -> str:
        digits = format(abs(rounded), f",.{places}f").translate(self.symbols)
        before, after = self.negative if negative else self.positive
        return f"{before}{digits}{after}"


def _money_babel(amount: Decimal, currency: str, locale: str) -> str:
    return format_currency(amount, currency, locale=locale)


def _percent_babel(value: Decimal, locale: str) -> str:
    return format_percent(value, format=PERCENT_FORMAT, locale=locale)


def _number_babel(value: Decimal | int, places: int, locale: str) -> str:
    fmt = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(value, format=fmt, locale=locale)


def _learn(babel, ours, locale: str) -> _Shape | None:
    """The shape that makes `ours(shape, sample)` equal `babel(sample)` for every sample,
    or None. `ours` formats with a shape; the affixes come from Babel's text for 7."""
    try:
        symbols_shape = _Shape(("", ""), ("", ""), _symbols(locale))
        affixes = []
        for sample in ("7", "-7"):
            text, digits = babel(Decimal(sample)), ours(symbols_shape, Decimal(sample))
            before, found, after = text.partition(digits)
            if not found:
                return None
            affixes.append((before, after))
        shape = _Shape(affixes[0], affixes[1], symbols_shape.symbols)
        if all(ours(shape, Decimal(s)) == babel(Decimal(s)) for s in _SAMPLES):
            return shape
    except (ArithmeticError, ValueError, KeyError):
        pass
    return None


@functools.cache
def _symbols(locale: str) -> dict[int, str]:
    symbols = Locale.parse(locale).number_symbols["latn"]
    return {ord(","): symbols["group"], ord("."): symbols["decimal"]}


@functools.cache
def _money_shape(locale: str, currency: str) -> _Shape | None:
    places = get_currency_precision(currency)
    return _learn(
        lambda amount: _money_babel(round_money(amount, currency), currency, locale),
        lambda shape, amount: shape.apply(
            rounded := round_money(amount, currency), places, rounded.is_signed()
        ),
        locale,
    )


@functools.cache
def _percent_shape(locale: str) -> _Shape | None:
    return _learn(
        lambda value: _percent_babel(value, locale),
        lambda shape, value: shape.apply(_percent_rounded(value), 1, value.is_signed()),
        locale,
    )


@functools.cache
def _number_shape(locale: str, places: int) -> _Shape | None:
    return _learn(
        lambda value: _number_babel(_number_rounded(value, places), places, locale),
        lambda shape, value: shape.apply(
            rounded := _number_rounded(value, places), places, rounded.is_signed()
        ),
        locale,
    )


def _percent_rounded(value: Decimal) -> Decimal:
    # Babel scales by 100 and rounds half to even, in the default decimal context.
    return value.scaleb(2).quantize(_quantum(1), rounding=ROUND_HALF_EVEN)


def _number_rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(_quantum(places), rounding=ROUND_HALF_UP)


def _decimal(value: Decimal | float | int) -> Decimal:
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def format_money(amount: Decimal | float | int | None, currency: str) -> str:
    if amount is None:
        return ""
    # Babel would round half to even; money is shown rounded half up.
    shown = round_money(_decimal(amount), currency)
    locale = babel_locale()
    shape = _money_shape(locale, currency) if shown.is_finite() else None
    if shape is None:
        return _money_babel(shown, currency, locale)
    return shape.apply(shown, get_currency_precision(currency), shown.is_signed())


def format_number(value: Decimal | float | int | None, *, places: int | None = None) -> str:
    if value is None:
        return ""
    locale = babel_locale()
    if places is None:
        if isinstance(value, int) and not isinstance(value, bool):
            shape = _number_shape(locale, 0)
            if shape is not None:
                return shape.apply(Decimal(value), 0, value < 0)
        # Up to three decimals, trailing zeros dropped: Babel's own default pattern.
        return format_decimal(value, locale=locale)
    number = _decimal(value)
    if isinstance(value, Decimal):
        # Decimals are rounded half up, as money is; Babel would round half to even.
        number = _number_rounded(number, places)
    shape = _number_shape(locale, places) if number.is_finite() else None
    if shape is None or not isinstance(value, Decimal | int):
        return _number_babel(number, places, locale)
    return shape.apply(number, places, number.is_signed())


def format_percentage(value: Decimal | float | int | None) -> str:
    """A 0..1 fraction as a percentage with one decimal: 0.123456 → "12.3%" in English,
    "12,3%" in Polish; "" for None."""
    if value is None:
        return ""
    number = _decimal(value)
    shape = _percent_shape(babel_locale()) if number.is_finite() else None
    if shape is None:
        return _percent_babel(number, babel_locale())
    return shape.apply(_percent_rounded(number), 1, number.is_signed())
