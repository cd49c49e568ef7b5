"""Numbers and money in the active language's format (Babel/CLDR).

en: €1,234,567.89; pl: 1 234 567,89 zł; ru: 1 234 567,89 ₽.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from django.utils.translation import get_language

_LOCALES = {"en": "en_US", "ru": "ru_RU", "pl": "pl_PL"}


def babel_locale() -> str:
    return _LOCALES.get((get_language() or "en").split("-")[0], "en_US")


def format_money(amount: Decimal | float | int | None, currency: str) -> str:
    if amount is None:
        return ""
    return format_currency(Decimal(amount), currency, locale=babel_locale())


def format_number(value: Decimal | float | int | None, *, places: int | None = None) -> str:
    if value is None:
        return ""
    fmt = None if places is None else "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(value, format=fmt, locale=babel_locale())
