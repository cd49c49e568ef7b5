"""Numbers and money in the active language's format (Babel/CLDR).

en: €1,234,567.89; pl: 1 234 567,89 zł; ru: 1 234 567,89 ₽.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, format_decimal, get_currency_precision
from django.utils.translation import get_language

_LOCALES = {"en": "en_US", "ru": "ru_RU", "pl": "pl_PL"}


def babel_locale() -> str:
    return _LOCALES.get((get_language() or "en").split("-")[0], "en_US")


def round_money(amount: Decimal, currency: str) -> Decimal:
    """The exact amount rounded half up to the currency's minor unit (2 places for EUR,
    0 for JPY): what is shown. Stored amounts and sums stay exact (keyplan.core.fields)."""
    digits = get_currency_precision(currency)  # 2 for a code Babel does not know
    return amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | float | int | None, currency: str) -> str:
    if amount is None:
        return ""
    # Babel would round half to even; money is shown rounded half up.
    shown = round_money(
        Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount), currency
    )
    return format_currency(shown, currency, locale=babel_locale())


def format_number(value: Decimal | float | int | None, *, places: int | None = None) -> str:
    if value is None:
        return ""
    fmt = None if places is None else "#,##0." + "0" * places if places else "#,##0"
    if places is not None and isinstance(value, Decimal):
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format_decimal(value, format=fmt, locale=babel_locale())
