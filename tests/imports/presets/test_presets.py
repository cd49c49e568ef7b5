"""Every import preset, end to end: a small file in the export's real shape goes through
`keyplan import` and the rows land with the right values."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from keyplan.accounts.models import Account, Contact
from keyplan.imports.presets.domain import PRESETS
from keyplan.sales.models import InvoiceLine, Opportunity, Payment, Product
from keyplan.users.models import BusinessUnit

from ...factories import AccountFactory
from ..support import counts, run, write_csv

pytestmark = pytest.mark.django_db

D = Decimal


# --- Salesforce ---------------------------------------------------------------------------

SF_ACCOUNTS_API = [
    ["Id", "Name", "ParentId", "Industry", "BillingCountry", "OwnerId", "AnnualRevenue"],
    # The subsidiary comes before its parent: parents are linked after all rows.
    [
        "0011t00000AbCdEAA1",
        "Globex Polska Sp. z o.o.",
        "0011t00000AbCdFAA1",
        "Manufacturing",
        "Poland",
        "0051t000001XyZaAAK",
        "12500000.5",
    ],
    [
        "0011t00000AbCdFAA1",
        "Globex Holding AG",
        "",
        "Technology",
        "Germany",
        "0051t000001XyZaAAK",
        "250000000",
    ],
    ["0011t00000AbCdGAA1", "Initech Sp. z o.o.", "", "Banking", "PL", "0051t000001XyZaAAK", ""],
]


def test_salesforce_accounts_api_names(tmp_path, world):
    path = write_csv(tmp_path / "Account.csv", SF_ACCOUNTS_API)
    summary = run("accounts", str(path), "--preset", "salesforce-accounts")
    assert counts(summary) == (3, 3, 0, 0, 0)
    child = Account.objects.get(external_id="0011t00000AbCdEAA1")
    parent = Account.objects.get(external_id="0011t00000AbCdFAA1")
    initech = Account.objects.get(external_id="0011t00000AbCdGAA1")
    assert child.name == "Globex Polska Sp. z o.o."
    assert child.parent_id == parent.pk
    assert parent.parent_id is None
    assert (child.industry, child.country) == ("manufacturing", "PL")
    assert (parent.industry, parent.country) == ("it", "DE")  # "Technology" → it
    assert (initech.industry, initech.country) == ("finance", "PL")
    assert child.annual_revenue == D("12500000.50")
    assert parent.annual_revenue == D("250000000.00")
    assert initech.annual_revenue is None
    assert child.owner_id is None  # a Salesforce user id names no keyplan user

    # The same export again changes nothing, parent links included.
    history = Account.history.count()
    again = run("accounts", str(path), "--preset", "salesforce-accounts")
    assert counts(again) == (3, 0, 0, 3, 0)
    assert Account.history.count() == history


def test_salesforce_accounts_report_labels(tmp_path, world):
    write_csv(tmp_path / "api.csv", SF_ACCOUNTS_API)
    run("accounts", str(tmp_path / "api.csv"), "--preset", "salesforce-accounts")
    owner_name = f"{world.owner.first_name} {world.owner.last_name}"
    path = write_csv(
        tmp_path / "report.csv",
        [
            [
                "Account Name",
                "Account Owner",
                "Billing Country",
                "Billing State/Province",
                "Industry",
                "Annual Revenue",
                "Type",
            ],
            # Known by name: updated (owner, state), not duplicated.
            [
                "Globex Polska Sp. z o.o.",
                owner_name,
                "Poland",
                "Mazowieckie",
                "Manufacturing",
                "$12,500,000.50",
                "Customer - Direct",
            ],
            [
                "Umbrella Corporation",
                owner_name,
                "United States",
                "CA",
                "Technology",
                "$1,000,000.00",
                "Prospect",
            ],
        ],
    )
    summary = run("accounts", str(path), "--preset", "salesforce-accounts")
    assert counts(summary) == (2, 1, 1, 0, 0)
    assert summary["mapping"] == {
        "name": "Account Name",
        "country": "Billing Country",
        "region": "Billing State/Province",
        "industry": "Industry",
        "owner": "Account Owner",
        "annual_revenue": "Annual Revenue",
    }
    globex = Account.objects.get(name="Globex Polska Sp. z o.o.")
    assert globex.external_id == "0011t00000AbCdEAA1"
    assert (globex.owner, globex.region, globex.country) == (world.owner, "Mazowieckie", "PL")
    assert globex.parent.external_id == "0011t00000AbCdFAA1"
    umbrella = Account.objects.get(name="Umbrella Corporation")
    assert (umbrella.country, umbrella.industry, umbrella.owner) == ("US", "it", world.owner)
    assert umbrella.annual_revenue == D("1000000.00")
    assert Account.objects.filter(name="Globex Polska Sp. z o.o.").count() == 1


def test_salesforce_opportunities(tmp_path, world):
    write_csv(tmp_path / "Account.csv", SF_ACCOUNTS_API)
    run("accounts", str(tmp_path / "Account.csv"), "--preset", "salesforce-accounts")
    path = write_csv(
        tmp_path / "Opportunity.csv",
        [
            [
                "Id",
                "AccountId",
                "Name",
                "StageName",
                "Amount",
                "Probability",
                "CloseDate",
                "IsWon",
                "IsClosed",
                "CreatedDate",
            ],
            [
                "0061t00000XyZ01AAA",
                "0011t00000AbCdEAA1",
                "Globex ERP rollout",
                "Closed Won",
                "250000.0",
                "100",
                "2024-03-28",
                "true",
                "true",
                "2023-11-02T09:15:00.000Z",
            ],
            [
                "0061t00000XyZ02AAA",
                "0011t00000AbCdEAA1",
                "Globex spare parts",
                "Closed Lost",
                "40000.5",
                "0",
                "2024-02-15",
                "false",
                "true",
                "2023-12-01T10:00:00.000Z",
            ],
            [
                "0061t00000XyZ03AAA",
                "0011t00000AbCdGAA1",
                "Initech pilot",
                "Negotiation/Review",
                "120000",
                "75",
                "2024-09-30",
                "false",
                "false",
                "2024-01-20T08:30:00.000Z",
            ],
            # A 1 % deal in a column of percents stays 1 %, not 100 %.
            [
                "0061t00000XyZ05AAA",
                "0011t00000AbCdGAA1",
                "Initech long shot",
                "Prospecting",
                "9000",
                "1",
                "2024-12-31",
                "false",
                "false",
                "2024-03-01T08:30:00.000Z",
            ],
            # An account id nobody knows, and no name to create the account: rejected.
            [
                "0061t00000XyZ04AAA",
                "0011t00000ZZZZZAAA",
                "Orphan deal",
                "Prospecting",
                "1000",
                "10",
                "2024-10-01",
                "false",
                "false",
                "2024-02-01T08:30:00.000Z",
            ],
        ],
    )
    summary = run("opportunities", str(path), "--preset", "salesforce-opportunities")
    assert counts(summary) == (5, 4, 0, 0, 1)
    won = Opportunity.objects.get(external_id="0061t00000XyZ01AAA")
    lost = Opportunity.objects.get(external_id="0061t00000XyZ02AAA")
    open_ = Opportunity.objects.get(external_id="0061t00000XyZ03AAA")
    assert (won.status, lost.status, open_.status) == ("won", "lost", "open")
    assert won.account.external_id == "0011t00000AbCdEAA1"
    assert open_.account.name == "Initech Sp. z o.o."
    assert (won.amount, lost.amount, open_.amount) == (D("250000.00"), D("40000.50"), D("120000"))
    assert (won.probability, lost.probability, open_.probability) == (D(100), D(0), D(75))
    assert won.close_date == dt.date(2024, 3, 28)
    assert won.created_date == dt.date(2023, 11, 2)
    assert open_.stage == "Negotiation/Review"
    assert won.currency == "PLN"  # the account's currency when the export has none
    assert not Opportunity.objects.filter(external_id="0061t00000XyZ04AAA").exists()
    assert Opportunity.objects.get(external_id="0061t00000XyZ05AAA").probability == D(1)

    again = run("opportunities", str(path), "--preset", "salesforce-opportunities")
    assert counts(again) == (5, 0, 0, 4, 1)


# --- HubSpot ------------------------------------------------------------------------------


def test_hubspot_companies_and_deals(tmp_path, world):
    companies = write_csv(
        tmp_path / "hubspot-crm-exports-all-companies-2024-04-02.csv",
        [
            [
                "Record ID",
                "Company name",
                "Company Domain Name",
                "Industry",
                "Country/Region",
                "State/Region",
                "Annual Revenue",
                "Create Date",
                "Last Activity Date",
            ],
            [
                "18245123401",
                "Nordwind Logistik GmbH",
                "nordwind.de",
                "Logistics",
                "Germany",
                "Bavaria",
                "75000000",
                "2023-05-04 11:20",
                "",
            ],
            [
                "18245123402",
                "Kraków Steel S.A.",
                "ksteel.pl",
                "Mining",
                "Poland",
                "",
                "1200000000",
                "2023-06-01 08:00",
                "2024-03-30 16:45",
            ],
        ],
    )
    summary = run("accounts", str(companies), "--preset", "hubspot-companies")
    assert counts(summary) == (2, 2, 0, 0, 0)
    nordwind = Account.objects.get(external_id="18245123401")
    steel = Account.objects.get(external_id="18245123402")
    assert (nordwind.name, nordwind.country, nordwind.industry) == (
        "Nordwind Logistik GmbH",
        "DE",
        "logistics",
    )
    assert nordwind.region == "Bavaria"
    assert nordwind.annual_revenue == D("75000000.00")
    assert (steel.country, steel.industry) == ("PL", "mining")

    deals = write_csv(
        tmp_path / "hubspot-crm-exports-all-deals-2024-04-02.csv",
        [
            [
                "Record ID",
                "Deal Name",
                "Deal Stage",
                "Amount",
                "Close Date",
                "Create Date",
                "Associated Company IDs (Primary)",
                "Pipeline",
            ],
            [
                "9912345001",
                "Nordwind fleet telematics",
                "closedwon",
                "48000",
                "2024-03-15 10:00",
                "2024-01-10 09:00",
                "18245123401",
                "Sales Pipeline",
            ],
            [
                "9912345002",
                "Steel mill sensors",
                "closedlost",
                "120000.75",
                "2024-02-29 17:30",
                "2023-12-01 09:00",
                "18245123402",
                "Sales Pipeline",
            ],
            [
                "9912345003",
                "Nordwind warehouse",
                "appointmentscheduled",
                "",
                "2024-06-30 00:00",
                "2024-03-01 09:00",
                "18245123401",
                "Sales Pipeline",
            ],
            [
                "9912345004",
                "Deal without a company",
                "qualifiedtobuy",
                "5000",
                "2024-07-01 00:00",
                "2024-03-01 09:00",
                "",
                "Sales Pipeline",
            ],
        ],
    )
    summary = run("opportunities", str(deals), "--preset", "hubspot-deals")
    assert counts(summary) == (4, 3, 0, 0, 1)
    won = Opportunity.objects.get(external_id="9912345001")
    lost = Opportunity.objects.get(external_id="9912345002")
    open_ = Opportunity.objects.get(external_id="9912345003")
    assert (won.status, lost.status, open_.status) == ("won", "lost", "open")
    assert (won.account, lost.account, open_.account) == (nordwind, steel, nordwind)
    assert (won.amount, lost.amount, open_.amount) == (D("48000"), D("120000.75"), None)
    assert lost.close_date == dt.date(2024, 2, 29)
    assert won.created_date == dt.date(2024, 1, 10)
    assert won.stage == "closedwon"


# --- 1C -----------------------------------------------------------------------------------

ONE_C_HEADER = [
    "Документ",
    "Дата",
    "Контрагент",
    "ИНН",
    "Номенклатура",
    "Количество",
    "Выручка",
    "Себестоимость",
    "Валовая прибыль",
    "Подразделение",
]
DOC1 = "Реализация товаров и услуг 00БП-000123 от 31.03.2024 12:00:00"
DOC2 = "Реализация товаров и услуг 00БП-000124 от 01.04.2024 9:30:15"


def test_1c_sales_cp1251(tmp_path, world):
    known = AccountFactory(name="Ромашка ООО", tax_id="7701234567", external_id="", currency="RUB")
    path = write_csv(
        tmp_path / "Продажи.csv",
        [
            ONE_C_HEADER,
            # Matched by ИНН although 1C writes the name differently.
            [
                DOC1,
                "31.03.2024 0:00:00",
                'ООО "Ромашка"',
                "7701234567",
                "Подшипник 6205-2RS",
                "10,000",
                "1 234,56",
                "1 000,00",
                "234,56",
                "Отдел продаж Москва",
            ],
            [
                DOC1,
                "31.03.2024 0:00:00",
                'ООО "Ромашка"',
                "7701234567",
                "Смазка Литол-24, 10 кг",
                "2,000",
                "12\u00a0500,00",
                "",
                "2\u00a0500,00",
                "Отдел продаж Москва",
            ],
            # A new customer: created, with its ИНН.
            [
                DOC2,
                "01.04.2024 0:00:00",
                'АО "Северсталь-Инвест"',
                "3528000597",
                "Подшипник 6205-2RS",
                "100,000",
                "98 765,43",
                "80 000,00",
                "18 765,43",
                "Филиал Санкт-Петербург",
            ],
        ],
        delimiter=";",
        encoding="cp1251",
    )
    summary = run("invoices", str(path), "--preset", "1c-sales")
    assert counts(summary) == (3, 3, 0, 0, 0)
    assert summary["detected"]["encoding"] == "cp1251"
    assert summary["detected"]["delimiter"] == ";"
    assert D(summary["revenue_total"]) == D("112499.99")
    assert D(summary["cost_total"]) == D("1000.00") + D("10000.00") + D("80000.00")

    lines = {(line.document_number, line.product.name): line for line in InvoiceLine.objects.all()}
    bearing = lines[(DOC1, "Подшипник 6205-2RS")]
    grease = lines[(DOC1, "Смазка Литол-24, 10 кг")]
    big = lines[(DOC2, "Подшипник 6205-2RS")]
    assert bearing.account == known
    assert grease.account == known
    assert bearing.date == dt.date(2024, 3, 31)
    assert (bearing.quantity, bearing.revenue, bearing.cost) == (D(10), D("1234.56"), D("1000"))
    assert bearing.gross_profit == D("234.56")
    # Себестоимость empty: cost = Выручка - Валовая прибыль.
    assert (grease.quantity, grease.revenue, grease.cost) == (D(2), D("12500"), D("10000"))
    assert bearing.currency == "RUB"  # the account's currency

    new = Account.objects.get(tax_id="3528000597")
    assert new.name == 'АО "Северсталь-Инвест"'
    assert new.account_class == "regular"
    assert big.account == new
    assert (big.date, big.revenue, big.cost) == (dt.date(2024, 4, 1), D("98765.43"), D("80000"))
    assert Account.objects.filter(tax_id="7701234567").count() == 1

    # Products by name (one product for both documents), business units created.
    assert Product.objects.filter(name="Подшипник 6205-2RS").count() == 1
    assert bearing.product_id == big.product_id
    moscow = BusinessUnit.objects.get(name="Отдел продаж Москва")
    spb = BusinessUnit.objects.get(name="Филиал Санкт-Петербург")
    assert (bearing.business_unit, grease.business_unit, big.business_unit) == (moscow, moscow, spb)

    again = run("invoices", str(path), "--preset", "1c-sales")
    assert counts(again) == (3, 0, 0, 3, 0)
    assert BusinessUnit.objects.count() == 2


def test_1c_sales_utf8_export(tmp_path, world):
    """1C 8.3 also saves reports as UTF-8 (with a BOM): the preset reads those too."""
    path = write_csv(
        tmp_path / "sales.csv",
        [
            ONE_C_HEADER,
            [
                DOC1,
                "31.03.2024 0:00:00",
                'ООО "Ромашка"',
                "7701234567",
                "Подшипник 6205-2RS",
                "1,000",
                "1 234,56",
                "1 000,00",
                "234,56",
                "Отдел продаж Москва",
            ],
        ],
        delimiter=";",
        encoding="utf-8-sig",
    )
    summary = run("invoices", str(path), "--preset", "1c-sales")
    assert counts(summary) == (1, 1, 0, 0, 0)
    line = InvoiceLine.objects.get()
    assert (line.account.name, line.revenue) == ('ООО "Ромашка"', D("1234.56"))


# --- order lines (Superstore-like) ---------------------------------------------------------

SUPERSTORE_HEADER = [
    "Row ID",
    "Order ID",
    "Order Date",
    "Ship Date",
    "Ship Mode",
    "Customer ID",
    "Customer Name",
    "Segment",
    "Country",
    "City",
    "State",
    "Postal Code",
    "Region",
    "Product ID",
    "Category",
    "Sub-Category",
    "Product Name",
    "Sales",
    "Quantity",
    "Discount",
    "Profit",
]
SUPERSTORE_ROWS = [
    [
        "1",
        "CA-2016-152156",
        "11/8/2016",
        "11/11/2016",
        "Second Class",
        "CG-12520",
        "Claire Gute",
        "Consumer",
        "United States",
        "Henderson",
        "Kentucky",
        "42420",
        "South",
        "FUR-BO-10001798",
        "Furniture",
        "Bookcases",
        "Bush Somerset Collection Bookcase",
        "261.96",
        "2",
        "0",
        "41.9136",
    ],
    [
        "2",
        "CA-2016-152156",
        "11/8/2016",
        "11/11/2016",
        "Second Class",
        "CG-12520",
        "Claire Gute",
        "Consumer",
        "United States",
        "Henderson",
        "Kentucky",
        "42420",
        "South",
        "FUR-CH-10000454",
        "Furniture",
        "Chairs",
        "Hon Deluxe Fabric Upholstered Stacking Chairs, Rounded Back",
        "731.94",
        "3",
        "0",
        "219.582",
    ],
    [
        "3",
        "CA-2016-138688",
        "6/12/2016",
        "6/16/2016",
        "Second Class",
        "DV-13045",
        "Darrin Van Huff",
        "Corporate",
        "United States",
        "Los Angeles",
        "California",
        "90036",
        "West",
        "OFF-LA-10000240",
        "Office Supplies",
        "Labels",
        "Self-Adhesive Address Labels for Typewriters by Universal",
        "14.62",
        "2",
        "0",
        "6.8714",
    ],
    [
        "4",
        "US-2015-108966",
        "10/11/2015",
        "10/18/2015",
        "Standard Class",
        "SO-20335",
        "Sean O'Donnell",
        "Consumer",
        "United States",
        "Fort Lauderdale",
        "Florida",
        "33311",
        "South",
        "FUR-TA-10000577",
        "Furniture",
        "Tables",
        "Bretford CR4500 Series Slim Rectangular Table",
        "957.5775",
        "5",
        "0.45",
        "-383.031",
    ],
    [
        "5",
        "CA-2017-114412",
        "4/15/2017",
        "4/20/2017",
        "Standard Class",
        "AA-10480",
        "Andrew Allen",
        "Consumer",
        "United States",
        "Concord",
        "North Carolina",
        "28027",
        "South",
        "OFF-PA-10002365",
        "Office Supplies",
        "Paper",
        "Xerox 1967",
        "15.552",
        "3",
        "0.2",
        "5.4432",
    ],
]


def test_orderlines_superstore(tmp_path, world):
    path = write_csv(tmp_path / "Sample - Superstore.csv", [SUPERSTORE_HEADER, *SUPERSTORE_ROWS])
    summary = run("invoices", str(path), "--preset", "orderlines")
    assert counts(summary) == (5, 5, 0, 0, 0)
    assert summary["detected"]["date_format"] == {"Order Date": "mdy/"}
    lines = {line.line_key: line for line in InvoiceLine.objects.all()}
    assert set(lines) == {"1", "2", "3", "4", "5"}
    first = lines["1"]
    assert first.document_number == "CA-2016-152156"
    assert first.date == dt.date(2016, 11, 8)
    # cost = revenue - profit (41.9136), exactly: no rounding to the cent.
    assert (first.revenue, first.cost, first.quantity) == (D("261.96"), D("220.0464"), D(2))
    assert first.product_line == "Furniture"
    assert first.product.code == "FUR-BO-10001798"
    assert first.product.name == "Bush Somerset Collection Bookcase"
    assert first.account.external_id == "CG-12520"
    assert first.account.name == "Claire Gute"
    assert first.account.country == "US"
    # Negative profit: cost above revenue (957.5775 + 383.031).
    table = lines["4"]
    assert (table.revenue, table.cost) == (D("957.5775"), D("1340.6085"))
    assert table.gross_profit == D("-383.031")
    assert lines["5"].date == dt.date(2017, 4, 15)
    assert Account.objects.filter(external_id="CG-12520").count() == 1
    assert lines["1"].account_id == lines["2"].account_id
    assert D(summary["revenue_total"]) == sum(line.revenue for line in lines.values())
    assert D(summary["cost_total"]) == sum(line.cost for line in lines.values())


# --- generic --------------------------------------------------------------------------------


def test_generic_products_contacts_payments(tmp_path, world):
    products = write_csv(
        tmp_path / "products.csv",
        [
            ["code", "name", "product_line", "business_unit"],
            ["BRG-6205", "Bearing 6205-2RS", "Bearings", "Industrial"],
            ["LUB-24", "Grease Litol-24", "Lubricants", ""],
        ],
    )
    assert counts(run("products", str(products))) == (2, 2, 0, 0, 0)
    bearing = Product.objects.get(code="BRG-6205")
    assert (bearing.name, bearing.product_line, bearing.business_unit.name) == (
        "Bearing 6205-2RS",
        "Bearings",
        "Industrial",
    )
    assert Product.objects.get(code="LUB-24").business_unit is None

    contacts = write_csv(
        tmp_path / "contacts.csv",
        [
            ["account_name", "first_name", "last_name", "title", "email", "phone"],
            [
                world.account.name,
                "Anna",
                "Nowak",
                "CFO",
                "anna.nowak@polmet.example",
                "+48 22 123 45 67",
            ],
            [world.account.name, "Jan", "Kowalski", "Procurement", "", ""],
            ["Nobody Ltd", "Ghost", "Writer", "", "not-an-email", ""],
        ],
    )
    summary = run("contacts", str(contacts))
    # Jan Kowalski exists (fixture, found by name) and gets his title; the ghost's e-mail fails.
    assert counts(summary) == (3, 1, 1, 0, 1)
    anna = Contact.objects.get(email="anna.nowak@polmet.example")
    assert (anna.account, anna.first_name, anna.title, anna.phone) == (
        world.account,
        "Anna",
        "CFO",
        "+48 22 123 45 67",
    )
    world.contact.refresh_from_db()
    assert world.contact.title == "Procurement"

    payments = write_csv(
        tmp_path / "payments.csv",
        [
            ["document", "account_external_id", "due_date", "paid_date", "amount", "currency"],
            [
                "FV/2024/03/001",
                world.account.external_id,
                "2024-04-14",
                "2024-04-20",
                "12300.00",
                "PLN",
            ],
            # A partial payment of the same invoice is a second payment, not a duplicate.
            [
                "FV/2024/03/001",
                world.account.external_id,
                "2024-04-14",
                "2024-05-02",
                "100.00",
                "PLN",
            ],
            ["FV/2024/03/002", world.other_account.external_id, "2024-04-30", "", "999.99", "EUR"],
        ],
    )
    assert counts(run("payments", str(payments))) == (3, 3, 0, 0, 0)
    first, second = Payment.objects.filter(document_number="FV/2024/03/001").order_by("payment_key")
    assert (first.account, first.amount, first.days_late) == (world.account, D("12300"), 6)
    assert (second.amount, second.paid_date) == (D("100"), dt.date(2024, 5, 2))
    other = Payment.objects.get(document_number="FV/2024/03/002")
    assert (other.account, other.currency, other.paid_date) == (world.other_account, "EUR", None)
    assert counts(run("payments", str(payments))) == (3, 0, 0, 3, 0)


# --- listing the presets --------------------------------------------------------------------


def test_presets_listed_as_text_and_json():
    out = io.StringIO()
    call_command("import", "presets", stdout=out)
    text = out.getvalue()
    for name, preset in PRESETS.items():
        assert f"{name}: {preset.description}" in text
        for columns in preset.columns.values():
            for names in columns.values():
                assert " | ".join(names) in text
    assert "Себестоимость".casefold() in text
    assert "options: delimiter=;, decimal=,, date_format=dmy." in text

    out = io.StringIO()
    call_command("import", "presets", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert (
        set(data)
        == set(PRESETS)
        == {
            "generic",
            "salesforce-accounts",
            "salesforce-opportunities",
            "hubspot-companies",
            "hubspot-deals",
            "1c-sales",
            "orderlines",
            "wallet-pl-ru",
        }
    )
    assert data["orderlines"]["kinds"] == ["invoices"]
    assert data["orderlines"]["columns"]["invoices"]["gross_profit"] == ["profit"]
    assert data["hubspot-deals"]["columns"]["opportunities"]["account_external_id"][0] == (
        "associated company ids (primary)"
    )
    assert set(data["generic"]["kinds"]) == {
        "accounts",
        "contacts",
        "products",
        "invoices",
        "payments",
        "opportunities",
        "wallet",
        "interactions",
        "service_costs",
        "satisfaction",
    }
