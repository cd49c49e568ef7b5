"""The words an import file may use for a choice: countries, industries, account classes
and statuses, opportunity statuses, e-mail addresses, currencies, interaction types,
service cost categories and yes/no.

Pure: no database. Each parser returns keyplan's value or raises ValueError with a
short reason in the active language (built only when a value fails).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from babel import Locale
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from keyplan.accounts.models import AccountClass, AccountStatus, Industry
from keyplan.sales.models import ServiceCostCategory

from ..common.domain import shown as _shown


@lru_cache(maxsize=1)
def _country_lookup() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in ("en", "ru", "pl", "de"):
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(name.casefold(), code)
                names.setdefault(code.casefold(), code)
    names.update({"usa": "US", "uk": "GB", "россия": "RU", "рф": "RU", "czech republic": "CZ"})
    return names


def parse_country(text: str) -> str:
    code = _country_lookup().get(" ".join(text.split()).casefold())
    if code is None:
        raise ValueError(gettext("“%(value)s” is not a country name or ISO code") % {"value": text})
    return code


INDUSTRY_ALIASES = {
    "agriculture": Industry.AGRICULTURE,
    "automotive": Industry.AUTOMOTIVE,
    "chemicals": Industry.CHEMICALS,
    "construction": Industry.CONSTRUCTION,
    "education": Industry.EDUCATION,
    "energy": Industry.ENERGY,
    "utilities": Industry.ENERGY,
    "finance": Industry.FINANCE,
    "banking": Industry.FINANCE,
    "insurance": Industry.FINANCE,
    "financial services": Industry.FINANCE,
    "food & beverage": Industry.FOOD,
    "food and beverage": Industry.FOOD,
    "healthcare": Industry.HEALTHCARE,
    "technology": Industry.IT,
    "information technology": Industry.IT,
    "software": Industry.IT,
    "transportation": Industry.LOGISTICS,
    "logistics": Industry.LOGISTICS,
    "manufacturing": Industry.MANUFACTURING,
    "machinery": Industry.MANUFACTURING,
    "mining": Industry.MINING,
    "government": Industry.PUBLIC,
    "public sector": Industry.PUBLIC,
    "retail": Industry.RETAIL,
    "telecommunications": Industry.TELECOM,
    "wholesale": Industry.WHOLESALE,
    "distribution": Industry.WHOLESALE,
    # HubSpot's and LinkedIn's industry labels
    "computer software": Industry.IT,
    "information technology and services": Industry.IT,
    "internet": Industry.IT,
    "mechanical or industrial engineering": Industry.MANUFACTURING,
    "industrial automation": Industry.MANUFACTURING,
    "electrical/electronic manufacturing": Industry.MANUFACTURING,
    "logistics and supply chain": Industry.LOGISTICS,
    "transportation/trucking/railroad": Industry.LOGISTICS,
    "food & beverages": Industry.FOOD,
    "food production": Industry.FOOD,
    "oil & energy": Industry.ENERGY,
    "renewables & environment": Industry.ENERGY,
    "hospital & health care": Industry.HEALTHCARE,
    "medical devices": Industry.HEALTHCARE,
    "pharmaceuticals": Industry.HEALTHCARE,
    "building materials": Industry.CONSTRUCTION,
    "civil engineering": Industry.CONSTRUCTION,
    "mining & metals": Industry.MINING,
    "government administration": Industry.PUBLIC,
    "higher education": Industry.EDUCATION,
    "education management": Industry.EDUCATION,
    "производство": Industry.MANUFACTURING,
    "строительство": Industry.CONSTRUCTION,
    "розничная торговля": Industry.RETAIL,
    "оптовая торговля": Industry.WHOLESALE,
    "produkcja": Industry.MANUFACTURING,
    "budownictwo": Industry.CONSTRUCTION,
    "handel detaliczny": Industry.RETAIL,
    "handel hurtowy": Industry.WHOLESALE,
}


def parse_industry(text: str) -> str:
    key = " ".join(text.split()).casefold()
    if key in Industry.values:
        return key
    for value, label in Industry.choices:
        if str(label).casefold() == key:
            return value
    # Free-text industries from CRMs that keyplan has no category for are kept as "other".
    return INDUSTRY_ALIASES.get(key, Industry.OTHER)


def _choice(
    text: str, choices: type[models.TextChoices], aliases: dict[str, str], message: Promise
) -> str:
    """`message` (lazy, with %(value)s and %(choices)s) is translated only on failure."""
    key = text.strip().casefold()
    if key in choices.values:
        return key
    for value, label in choices.choices:
        if str(label).casefold() == key:
            return value
    if key in aliases:
        return aliases[key]
    raise ValueError(str(message) % {"value": text, "choices": ", ".join(choices.values)})


NOT_A_CLASS = gettext_lazy("“%(value)s” is not a known account class: use one of %(choices)s")
NOT_A_STATUS = gettext_lazy("“%(value)s” is not a known account status: use one of %(choices)s")


CLASS_ALIASES = {
    "key": "strategic",
    "key account": "strategic",
    "a": "strategic",
    "b": "regular",
    "c": "prospect",
}
STATUS_ALIASES = {"inactive": "on_hold", "on hold": "on_hold", "lost": "closed"}


def parse_account_class(text: str) -> str:
    return _choice(text, AccountClass, CLASS_ALIASES, NOT_A_CLASS)


def parse_account_status(text: str) -> str:
    return _choice(text, AccountStatus, STATUS_ALIASES, NOT_A_STATUS)


OPP_STATUS = {
    "open": "open",
    "won": "won",
    "closed won": "won",
    "closedwon": "won",
    "lost": "lost",
    "closed lost": "lost",
    "closedlost": "lost",
}


def parse_opp_status(text: str) -> str:
    key = text.strip().casefold()
    if key in OPP_STATUS:
        return OPP_STATUS[key]
    raise ValueError(
        gettext("“%(value)s” is not an opportunity status: use open, won or lost") % {"value": text}
    )


def parse_email(text: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(text)
    except ValidationError:
        raise ValueError(
            gettext("“%(value)s” is not an e-mail address") % {"value": text}
        ) from None
    return text


def parse_currency(text: str) -> str:
    code = text.strip().upper()
    aliases = {
        "ZŁ": "PLN",
        "PLN": "PLN",
        "РУБ": "RUB",
        "РУБ.": "RUB",
        "₽": "RUB",
        "€": "EUR",
        "$": "USD",
    }
    code = aliases.get(code, code)
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise ValueError(
            gettext("“%(value)s” is not a three-letter currency code") % {"value": text}
        )
    return code


INTERACTION_KIND_ALIASES = {
    "meeting": "meeting",
    "spotkanie": "meeting",
    "встреча": "meeting",
    "call": "call",
    "phone": "call",
    "phone call": "call",
    "telefon": "call",
    "rozmowa": "call",
    "звонок": "call",
    "visit": "visit",
    "wizyta": "visit",
    "визит": "visit",
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "письмо": "email",
}


def parse_interaction_kind(text: str) -> str:
    key = " ".join(text.split()).casefold()
    if key in INTERACTION_KIND_ALIASES:
        return INTERACTION_KIND_ALIASES[key]
    raise ValueError(
        gettext("“%(value)s” is not an interaction type: use meeting, call, visit or email")
        % {"value": text}
    )


# The English keys and labels come from ServiceCostCategory; these are the other words
# cost exports use (English, Polish, Russian), matched case-insensitively.
COST_CATEGORY_ALIASES = {
    # logistics
    "logistic": "logistics",
    "freight": "logistics",
    "shipping": "logistics",
    "delivery": "logistics",
    "transport": "logistics",
    "logistyka": "logistics",
    "dostawa": "logistics",
    "wysyłka": "logistics",
    "fracht": "logistics",
    "логистика": "logistics",
    "доставка": "logistics",
    "транспорт": "logistics",
    "перевозка": "logistics",
    # returns
    "return": "returns",
    "zwrot": "returns",
    "zwroty": "returns",
    "возврат": "returns",
    "возвраты": "returns",
    # special packaging
    "special packaging": "packaging",
    "packing": "packaging",
    "opakowanie": "packaging",
    "opakowania": "packaging",
    "opakowania specjalne": "packaging",
    "specjalne opakowanie": "packaging",
    "pakowanie": "packaging",
    "упаковка": "packaging",
    "специальная упаковка": "packaging",
    "спецупаковка": "packaging",
    # support
    "service": "support",
    "customer service": "support",
    "technical support": "support",
    "wsparcie": "support",
    "wsparcie techniczne": "support",
    "obsługa": "support",
    "obsługa klienta": "support",
    "serwis": "support",
    "поддержка": "support",
    "техническая поддержка": "support",
    "сервис": "support",
    "обслуживание": "support",
    # travel
    "travel expenses": "travel",
    "business travel": "travel",
    "podróże": "travel",
    "podróż": "travel",
    "podróże służbowe": "travel",
    "delegacja": "travel",
    "delegacje": "travel",
    "командировка": "travel",
    "командировки": "travel",
    "командировочные расходы": "travel",
    "поездки": "travel",
    # marketing funds
    "marketing funds": "marketing",
    "marketing fund": "marketing",
    "co-marketing": "marketing",
    "fundusz marketingowy": "marketing",
    "fundusze marketingowe": "marketing",
    "budżet marketingowy": "marketing",
    "маркетинг": "marketing",
    "маркетинговый фонд": "marketing",
    "маркетинговые фонды": "marketing",
    "маркетинговый бюджет": "marketing",
    # rebates
    "rebate": "rebates",
    "bonus": "rebates",
    "rabat": "rebates",
    "rabaty": "rebates",
    "rabat posprzedażowy": "rebates",
    "rabaty posprzedażowe": "rebates",
    "bonusy": "rebates",
    "ретробонус": "rebates",
    "ретробонусы": "rebates",
    "ретро-бонус": "rebates",
    "ретро-бонусы": "rebates",
    "бонус": "rebates",
    "бонусы": "rebates",
    "рибейт": "rebates",
    "рибейты": "rebates",
    # other
    "others": "other",
    "misc": "other",
    "miscellaneous": "other",
    "inne": "other",
    "inny": "other",
    "pozostałe": "other",
    "прочее": "other",
    "прочие": "other",
    "другое": "other",
}


@lru_cache(maxsize=1)
def _english_cost_categories() -> dict[str, str]:
    with translation.override("en"):
        labels = {str(label).casefold(): value for value, label in ServiceCostCategory.choices}
    return {**labels, **{value: value for value in ServiceCostCategory.values}}


def parse_cost_category(text: str) -> str:
    """A service cost's category: its key or English label (logistics, "Special
    packaging", "Marketing funds"...), its label in the reader's language, or a word of
    COST_CATEGORY_ALIASES; any case."""
    key = " ".join(text.split()).casefold()
    found = _english_cost_categories().get(key) or COST_CATEGORY_ALIASES.get(key)
    if found is None:
        found = next(
            (value for value, label in ServiceCostCategory.choices if str(label).casefold() == key),
            None,
        )
    if found is None:
        raise ValueError(
            gettext("“%(value)s” is not a service cost category: use one of %(choices)s")
            % {"value": text, "choices": ", ".join(ServiceCostCategory.values)}
        )
    return found


_TRUE = {"true", "yes", "y", "t", "1", "да", "д", "истина", "tak", "prawda", "on", "x"}
_FALSE = {"false", "no", "n", "f", "0", "нет", "н", "ложь", "nie", "fałsz", "falsz", "off"}


def parse_bool(text: str) -> bool:
    """true/false, yes/no, y/n, 1/0, да/нет, истина/ложь, tak/nie (any case)."""
    value = text.strip().casefold()
    if not value:
        raise ValueError("empty")
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(
        gettext("“%(value)s” is not yes or no (use true/false, yes/no or 1/0)")
        % {"value": _shown(text)}
    )


# Field type (kinds.domain.FieldSpec.type) -> the parser of its vocabulary.
PARSERS: dict[str, Callable[[str], object]] = {
    "bool": parse_bool,
    "country": parse_country,
    "industry": parse_industry,
    "class": parse_account_class,
    "status": parse_account_status,
    "opp_status": parse_opp_status,
    "email": parse_email,
    "currency": parse_currency,
    "interaction_kind": parse_interaction_kind,
    "cost_category": parse_cost_category,
}
