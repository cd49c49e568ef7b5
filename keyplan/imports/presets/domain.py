"""Column presets for common exports. Each maps source column names (matched after
`keyplan.imports.mapping.domain.normalise_header`) to keyplan's canonical fields, and may
fix file options.

`keyplan import presets` prints them; docs/imports.md describes the canonical columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ACCOUNT_REF = {
    "account_external_id": [
        "account_external_id",
        "account id",
        "customer id",
        "customer_id",
        "account external id",
        "customer external id",
    ],
    "account_tax_id": ["account_tax_id", "tax id", "nip", "inn", "vat"],
    "account_name": ["account_name", "account", "account name", "customer", "customer name"],
}

# kind -> canonical field -> column names accepted by the generic preset
GENERIC: dict[str, dict[str, list[str]]] = {
    "accounts": {
        "external_id": ["external_id", "external id", "id", "account id", "customer id"],
        "name": ["name", "account name", "company", "company name", "customer name"],
        "tax_id": ["tax_id", "tax id", "nip", "inn", "vat", "vat id"],
        "industry": ["industry"],
        "country": ["country"],
        "region": ["region", "state"],
        "currency": ["currency"],
        "parent_external_id": ["parent_external_id", "parent id", "parent"],
        "owner": ["owner", "account owner", "kam"],
        "account_class": ["class", "account_class", "segment class"],
        "status": ["status"],
        "annual_revenue": ["annual_revenue", "annual revenue"],
        "notes": ["notes", "description"],
    },
    "contacts": {
        **ACCOUNT_REF,
        "first_name": ["first_name", "first name"],
        "last_name": ["last_name", "last name", "surname"],
        "title": ["title", "job title", "position"],
        "email": ["email", "e-mail"],
        "phone": ["phone", "telephone"],
    },
    "products": {
        "code": ["code", "product code", "product id", "sku"],
        "name": ["name", "product name", "product"],
        "product_line": ["product_line", "product line", "category"],
        "business_unit": ["business_unit", "business unit", "division"],
    },
    "invoices": {
        "document": ["document", "document number", "invoice", "invoice number", "invoice no"],
        "line": ["line", "line number", "line no"],
        "date": ["date", "invoice date"],
        **ACCOUNT_REF,
        "account_country": ["account_country", "country"],
        "product_code": ["product_code", "product code", "product id", "sku"],
        "product_name": ["product_name", "product name", "product"],
        "product_line": ["product_line", "product line", "category"],
        "business_unit": ["business_unit", "business unit", "division"],
        "quantity": ["quantity", "qty"],
        "revenue": ["revenue", "sales", "net amount", "amount"],
        "cost": ["cost", "cogs", "cost of sales"],
        "gross_profit": ["gross_profit", "gross profit", "profit", "margin"],
        "currency": ["currency"],
    },
    "payments": {
        "document": ["document", "document number", "invoice", "invoice number"],
        **ACCOUNT_REF,
        "invoice_date": ["invoice_date", "invoice date", "document date", "issue date"],
        "due_date": ["due_date", "due date"],
        "paid_date": ["paid_date", "paid date", "payment date"],
        "amount": ["amount", "paid amount"],
        "currency": ["currency"],
    },
    "opportunities": {
        "external_id": ["external_id", "external id", "id", "opportunity id"],
        **ACCOUNT_REF,
        "name": ["name", "opportunity", "opportunity name", "deal name"],
        "stage": ["stage"],
        "amount": ["amount"],
        "probability": ["probability"],
        "created_date": ["created_date", "created date", "created"],
        "close_date": ["close_date", "close date"],
        "status": ["status"],
        "is_won": ["is_won", "won"],
        "is_closed": ["is_closed", "closed"],
        "competitor": ["competitor"],
        "owner": ["owner"],
        "currency": ["currency"],
    },
    "wallet": {
        **ACCOUNT_REF,
        "category_spend": [
            "category_spend",
            "category spend",
            "yearly category spend",
            "annual category spend",
            "estimated spend",
            "wallet",
            "wallet size",
        ],
        "currency": ["currency"],
        "source": ["source", "estimate source"],
    },
    "interactions": {
        **ACCOUNT_REF,
        "date": ["date", "start date", "start", "meeting date"],
        "type": ["type", "interaction type", "activity type", "kind"],
        "duration": ["duration", "duration minutes", "duration (minutes)", "minutes"],
        "subject": ["subject", "title", "topic"],
        "notes": ["notes", "description", "body"],
        "next_step": ["next_step", "next step", "follow-up", "follow up"],
        "our_people": ["our_people", "our participants", "organizer", "organiser"],
        "their_people": [
            "their_people",
            "their participants",
            "contacts",
            "customer participants",
            "external attendees",
        ],
        "external_id": [
            "external_id",
            "external id",
            "event id",
            "calendar event id",
            "activity id",
            "id",
        ],
    },
    "service_costs": {
        **ACCOUNT_REF,
        "date": ["date", "cost date", "booking date", "posting date"],
        "category": ["category", "cost category", "cost type", "type"],
        "amount": ["amount", "cost", "net amount", "value"],
        "currency": ["currency"],
        "note": ["note", "notes", "description", "comment"],
        "external_id": ["external_id", "external id", "cost id", "id"],
    },
    "satisfaction": {
        **ACCOUNT_REF,
        "answered_on": ["answered_on", "answered on", "date", "answer date", "survey date"],
        "score": ["score", "satisfaction", "rating", "csat"],
        "respondent": ["respondent", "respondent email", "contact", "email", "e-mail"],
        "comment": ["comment", "comments", "note", "feedback"],
        "external_id": ["external_id", "external id", "answer id", "response id", "id"],
    },
}


@dataclass(frozen=True)
class Preset:
    name: str
    description: StrOrPromise  # lazily translated
    kinds: tuple[str, ...]
    columns: dict[str, dict[str, list[str]]]  # kind -> field -> source column names
    options: dict[str, str] = field(
        default_factory=dict
    )  # encoding, delimiter, decimal, date_format


PRESETS: dict[str, Preset] = {}


def _register(preset: Preset) -> None:
    PRESETS[preset.name] = preset


_register(
    Preset(
        "generic",
        _("keyplan's canonical columns (and common English names) for every kind"),
        tuple(GENERIC),
        GENERIC,
    )
)
_register(
    Preset(
        "salesforce-accounts",
        _("Salesforce Account export (API names or report labels)"),
        ("accounts",),
        {
            "accounts": {
                "external_id": ["id", "account id"],
                "name": ["name", "account name"],
                "parent_external_id": ["parentid", "parent account id"],
                "industry": ["industry"],
                "country": ["billingcountry", "billing country"],
                "region": ["billingstate", "billing state/province"],
                "owner": ["ownerid", "account owner"],
                "annual_revenue": ["annualrevenue", "annual revenue"],
                "currency": ["currencyisocode", "account currency"],
                "tax_id": ["vat__c", "tax id", "nip__c", "inn__c"],
                "notes": ["description"],
            }
        },
    )
)
_register(
    Preset(
        "salesforce-opportunities",
        _("Salesforce Opportunity export (API names or report labels)"),
        ("opportunities",),
        {
            "opportunities": {
                "external_id": ["id", "opportunity id"],
                "account_external_id": ["accountid", "account id"],
                "account_name": ["account name", "account.name"],
                "name": ["name", "opportunity name"],
                "stage": ["stagename", "stage"],
                "amount": ["amount"],
                "probability": ["probability", "probability (%)"],
                "created_date": ["createddate", "created date"],
                "close_date": ["closedate", "close date"],
                "is_won": ["iswon", "won"],
                "is_closed": ["isclosed", "closed"],
                "owner": ["ownerid", "opportunity owner"],
                "currency": ["currencyisocode", "opportunity currency"],
                "competitor": ["competitor__c", "main competitor", "competitor"],
            }
        },
    )
)
_register(
    Preset(
        "hubspot-companies",
        _("HubSpot companies export"),
        ("accounts",),
        {
            "accounts": {
                "external_id": ["record id", "hs_object_id"],
                "name": ["company name", "name"],
                "industry": ["industry"],
                "country": ["country/region", "country"],
                "region": ["state/region", "state"],
                "annual_revenue": ["annual revenue", "annualrevenue"],
                "owner": ["company owner", "hubspot_owner_id"],
                "notes": ["domain", "company domain name", "website url"],
            }
        },
    )
)
_register(
    Preset(
        "hubspot-deals",
        _("HubSpot deals export (deal stage closedwon/closedlost sets won/lost)"),
        ("opportunities",),
        {
            "opportunities": {
                "external_id": ["record id", "hs_object_id"],
                "name": ["deal name", "dealname"],
                "amount": ["amount"],
                "stage": ["deal stage", "dealstage"],
                "close_date": ["close date", "closedate"],
                "created_date": ["create date", "createdate"],
                "account_external_id": [
                    "associated company ids (primary)",
                    "associated company id",
                    "associatedcompanyid",
                ],
                "account_name": [
                    "associated company (primary)",
                    "associated company",
                    "company name",
                ],
                "owner": ["deal owner", "hubspot_owner_id"],
                "currency": ["currency", "deal_currency_code"],
            }
        },
    )
)
_register(
    Preset(
        "1c-sales",
        _("1C sales register (Russian headers, cp1251 or UTF-8, ';', decimal comma, dd.mm.yyyy)"),
        ("invoices",),
        {
            "invoices": {
                "document": ["документ", "регистратор", "номер документа"],
                "line": ["номер строки", "№ строки", "№"],
                "date": ["дата", "период"],
                "account_name": ["контрагент", "покупатель"],
                "account_tax_id": ["инн", "инн контрагента"],
                "account_external_id": ["код контрагента"],
                "product_code": ["код", "код номенклатуры", "артикул"],
                "product_name": ["номенклатура"],
                "product_line": ["группа номенклатуры", "номенклатурная группа"],
                "quantity": ["количество"],
                "revenue": ["выручка", "сумма", "сумма продажи"],
                "cost": ["себестоимость"],
                "gross_profit": ["валовая прибыль"],
                "business_unit": ["подразделение"],
                "currency": ["валюта"],
            }
        },
        # No fixed encoding: 1C writes cp1251 or UTF-8 (with a BOM); "auto" tells them apart.
        {"delimiter": ";", "decimal": ",", "date_format": "dmy."},
    )
)
_register(
    Preset(
        "orderlines",
        _("Order-line exports with Sales and Profit per line (cost = Sales - Profit)"),
        ("invoices",),
        {
            "invoices": {
                "document": ["order id"],
                "line": ["row id"],
                "date": ["order date"],
                "account_external_id": ["customer id"],
                "account_name": ["customer name"],
                "account_country": ["country", "country/region"],
                "product_code": ["product id"],
                "product_name": ["product name"],
                "product_line": ["category"],
                "revenue": ["sales"],
                "quantity": ["quantity"],
                "gross_profit": ["profit"],
            }
        },
    )
)
_register(
    Preset(
        "wallet-pl-ru",
        _("Share-of-wallet estimates with Polish or Russian headers"),
        ("wallet",),
        {
            "wallet": {
                "account_external_id": ["id klienta", "kod klienta", "код контрагента"],
                "account_tax_id": ["nip", "инн"],
                "account_name": ["klient", "kontrahent", "контрагент", "клиент", "покупатель"],
                "category_spend": [
                    "wydatki w kategorii",
                    "roczne wydatki w kategorii",
                    "potencjał zakupowy",
                    "закупки в категории",
                    "годовые закупки в категории",
                    "потенциал закупок",
                ],
                "currency": ["waluta", "валюта"],
                "source": ["źródło", "źródło szacunku", "источник", "источник оценки"],
            }
        },
    )
)
