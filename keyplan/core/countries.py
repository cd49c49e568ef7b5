"""Country codes and their names in the active language (from Babel's CLDR data)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from django.utils.translation import get_language

# ISO 3166-1 alpha-2 codes: CLDR territories with two letters, without the
# pseudo-territories (EU, UN, ZZ, QO...).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK"}


@lru_cache(maxsize=8)
def _territories(language: str) -> dict[str, str]:
    locale = Locale.parse(language.replace("-", "_"))
    return {
        code: name
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def country_codes() -> frozenset[str]:
    return frozenset(_territories("en"))


def country_name(code: str) -> str:
    if not code:
        return ""
    return _territories(get_language() or "en").get(code.upper(), code)


def country_choices() -> list[tuple[str, str]]:
    names = _territories(get_language() or "en")
    return sorted(names.items(), key=lambda item: item[1])
