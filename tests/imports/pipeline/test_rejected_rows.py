"""A rejected row leaves nothing behind (#15): no account, product, business unit or
opportunity is created from a row that is rejected, for whatever reason; the reason
names the row's real problem; re-running the file changes nothing and reports the same
rows."""

from __future__ import annotations

import pytest

from keyplan.accounts.models import Account, Contact
from keyplan.imports.models import ImportRowError
from keyplan.imports.pipeline.services import ImportOptions, run_import
from keyplan.sales.models import InvoiceLine, Opportunity, Payment, Product
from keyplan.users.models import BusinessUnit

from ...factories import AccountFactory
from ..support import counts, run, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    """Uploads are stored under DATA_DIR: keep them in the test's directory."""
    settings.DATA_DIR = tmp_path / "data"


def errors_of(summary: dict) -> list[tuple[int, str, str, str]]:
    return list(
        ImportRowError.objects.filter(job_id=summary["job"])
        .order_by("line")
        .values_list("line", "column", "value", "reason")
    )


def stored() -> dict[str, int]:
    return {
        "accounts": Account.objects.count(),
        "products": Product.objects.count(),
        "units": BusinessUnit.objects.count(),
        "lines": InvoiceLine.objects.count(),
        "payments": Payment.objects.count(),
        "opportunities": Opportunity.objects.count(),
        "contacts": Contact.objects.count(),
    }


def three_runs(*args: str) -> tuple[list[dict], list[dict[str, int]]]:
    """Import the same file three times: each run's summary and what is stored after it."""
    summaries, states = [], []
    for _ in range(3):
        summaries.append(run(*args))
        states.append(stored())
    return summaries, states


# --- invoices: an empty customer id -----------------------------------------------------------

ORDERLINES_HEADER = [
    "Row ID",
    "Order ID",
    "Order Date",
    "Customer ID",
    "Customer Name",
    "Country",
    "Product ID",
    "Category",
    "Product Name",
    "Sales",
    "Quantity",
    "Profit",
]


def order_line(row: int, customer_id: str, customer: str, product: str) -> list[str]:
    return [
        str(row),
        f"CA-2016-{row}",
        "11/28/2016",
        customer_id,
        customer,
        "United States",
        product,
        "Furniture",
        f"Product {product}",
        "261.96",
        "2",
        "41.9136",
    ]


def test_empty_customer_id_with_a_name_creates_no_account_and_says_why(tmp_path, world):
    path = write_csv(
        tmp_path / "orders.csv",
        [
            ORDERLINES_HEADER,
            order_line(1, "CG-12520", "Claire Gute", "FUR-1"),  # line 2: creates Claire Gute
            order_line(2, "", "Darrin Van Huff", "OFF-2"),  # line 3: no id, unknown name
            order_line(3, "", "Claire Gute", "FUR-1"),  # line 4: no id, Claire Gute's name
        ],
    )
    before = stored()
    summaries, states = three_runs("invoices", str(path), "--preset", "orderlines")

    # Only Claire Gute (from her id) and her product are created, once.
    assert states[0]["accounts"] == before["accounts"] + 1
    assert states[0]["products"] == before["products"] + 1
    assert states[0] == states[1] == states[2]
    assert list(
        Account.objects.filter(name="Claire Gute").values_list("external_id", flat=True)
    ) == ["CG-12520"]
    assert not Account.objects.filter(name="Darrin Van Huff").exists()
    assert not Product.objects.filter(code="OFF-2").exists()
    # Line 4 names Claire Gute, who is one account: its line is hers, not a twin's.
    claire = Account.objects.get(external_id="CG-12520")
    assert dict(InvoiceLine.objects.values_list("line_key", "account_id")) == {
        "1": claire.pk,
        "3": claire.pk,
    }

    assert counts(summaries[0]) == (3, 2, 0, 0, 1)
    assert counts(summaries[1]) == counts(summaries[2]) == (3, 0, 0, 2, 1)
    expected = [
        (
            3,
            "Customer ID",
            "",
            "“Customer ID” is empty and no account is named “Darrin Van Huff”; accounts are "
            "created only from rows with their id",
        )
    ]
    assert [errors_of(s) for s in summaries] == [expected, expected, expected]


def test_a_dry_run_reports_the_same_and_the_order_of_rows_does_not_matter(tmp_path, world):
    """The row without an id comes before the row that creates its account: within a
    batch it still lands on that account, and a dry run predicts exactly that."""
    path = write_csv(
        tmp_path / "orders.csv",
        [
            ORDERLINES_HEADER,
            order_line(3, "", "Claire Gute", "FUR-1"),  # line 2
            order_line(2, "", "Darrin Van Huff", "OFF-2"),  # line 3
            order_line(1, "CG-12520", "Claire Gute", "FUR-1"),  # line 4
        ],
    )
    before = stored()
    dry = run("invoices", str(path), "--preset", "orderlines", "--dry-run")
    assert stored() == before
    summaries, states = three_runs("invoices", str(path), "--preset", "orderlines")

    assert states[0]["accounts"] == before["accounts"] + 1
    assert states[0] == states[1] == states[2]
    claire = Account.objects.get(name="Claire Gute")
    assert dict(InvoiceLine.objects.values_list("line_key", "account_id")) == {
        "1": claire.pk,
        "3": claire.pk,
    }
    assert counts(dry) == counts(summaries[0]) == (3, 2, 0, 0, 1)
    assert [e[:3] for e in errors_of(dry)] == [(3, "Customer ID", "")]
    assert errors_of(dry) == errors_of(summaries[0]) == errors_of(summaries[2])


def test_the_rows_rejected_do_not_depend_on_where_the_batches_end(tmp_path, world):
    """A row whose account a later batch creates waits for it: the first run rejects the
    same rows as the next ones, in batches of one row as in one batch."""
    path = write_csv(
        tmp_path / "orders.csv",
        [
            ORDERLINES_HEADER,
            order_line(1, "", "Claire Gute", "FUR-1"),  # line 2: her account comes at line 3
            order_line(2, "CG-12520", "Claire Gute", "FUR-1"),  # line 3
            order_line(3, "NI-9", "", "FUR-1"),  # line 4: no name, its account comes at line 5
            order_line(4, "NI-9", "Nine Ltd", "FUR-1"),  # line 5
            order_line(5, "", "Darrin Van Huff", "OFF-2"),  # line 6: never matched
        ],
    )
    before = stored()
    results = []
    for batch_size in (1, 1, 2, 100):
        reported: list[tuple] = []
        summary = run_import(
            path,
            ImportOptions(kind="invoices", preset="orderlines", batch_size=batch_size),
            on_errors=reported.extend,
        )
        results.append((summary.rejected, [e[:3] for e in reported], stored()))
    assert InvoiceLine.objects.count() == 4
    assert stored()["accounts"] == before["accounts"] + 2
    assert results[0][:2] == (1, [(6, "Customer ID", "")])
    assert results[0] == results[1] == results[2] == results[3]


def test_empty_customer_id_with_a_name_several_accounts_share(tmp_path, world):
    AccountFactory(name="Twin Trading", external_id="TW-1")
    AccountFactory(name="Twin Trading", external_id="TW-2")
    path = write_csv(
        tmp_path / "orders.csv",
        [
            ORDERLINES_HEADER,
            order_line(1, "TW-1", "Twin Trading", "FUR-1"),  # line 2: by its id
            order_line(2, "", "Twin Trading", "FUR-2"),  # line 3: which twin?
        ],
    )
    before = stored()
    summaries, states = three_runs("invoices", str(path), "--preset", "orderlines")

    assert states[0]["accounts"] == before["accounts"]
    assert states[0] == states[1] == states[2]
    assert Account.objects.filter(name="Twin Trading").count() == 2
    assert not Product.objects.filter(code="FUR-2").exists()
    expected = [
        (
            3,
            "Customer ID",
            "",
            "“Customer ID” is empty and several accounts are named “Twin Trading”",
        )
    ]
    assert [errors_of(s) for s in summaries] == [expected, expected, expected]
    assert [counts(s)[4] for s in summaries] == [1, 1, 1]


def test_a_name_several_accounts_share_in_a_file_without_ids(tmp_path, world):
    """Without an id column accounts are still created by name, but never beside the
    several accounts that already have the row's name."""
    AccountFactory(name="Twin Trading", external_id="TW-1")
    AccountFactory(name="Twin Trading", external_id="TW-2")
    path = write_csv(
        tmp_path / "invoices.csv",
        [
            ["document", "line", "date", "account_name", "product_code", "revenue", "cost"],
            ["FV/1", "1", "2024-01-15", "Twin Trading", "P-1", "100", "60"],  # line 2
            ["FV/1", "2", "2024-01-15", "Solo S.A.", "P-2", "100", "60"],  # line 3: created
        ],
    )
    before = stored()
    summaries, states = three_runs("invoices", str(path))

    assert states[0]["accounts"] == before["accounts"] + 1  # Solo S.A.
    assert states[0] == states[1] == states[2]
    assert Account.objects.filter(name="Twin Trading").count() == 2
    assert list(Product.objects.values_list("code", flat=True)) == ["P-2"]
    expected = [
        (
            2,
            "account_name",
            "Twin Trading",
            "several accounts are named “Twin Trading”; the row needs the account's id or tax id",
        )
    ]
    assert [errors_of(s) for s in summaries] == [expected, expected, expected]


# --- invoices: rejected for a date or an amount -------------------------------------------------

INVOICE_HEADER = [
    "document",
    "line",
    "date",
    "account_external_id",
    "account_name",
    "product_code",
    "product_name",
    "business_unit",
    "revenue",
    "cost",
]


def test_invoice_rows_rejected_for_a_date_or_an_amount_create_nothing(tmp_path, world):
    ext = world.account.external_id
    path = write_csv(
        tmp_path / "invoices.csv",
        [
            INVOICE_HEADER,
            ["FV/1", "1", "2024-01-15", ext, "", "P-1", "Pump", "Pumps", "100", "60"],  # good
            ["FV/1", "2", "2024-02-30", "NEW-1", "Ghost One", "G-1", "Ghost", "Ghosts", "100", "6"],
            ["FV/1", "3", "2024-01-15", "NEW-2", "Ghost Two", "G-2", "Ghost", "Ghosts", "1O0", "6"],
            # No cost (and no gross profit column): the writer rejects it.
            ["FV/1", "4", "2024-01-15", "NEW-3", "Ghost Three", "G-3", "Ghost", "Ghosts", "1", ""],
            ["FV/1", "5", "2024-01-15", "NEW-4", "Fresh Ltd", "P-5", "Valve", "", "50", "20"],
        ],
    )
    before = stored()
    units_before = set(BusinessUnit.objects.values_list("name", flat=True))
    summaries, states = three_runs("invoices", str(path))

    assert states[0]["accounts"] == before["accounts"] + 1  # Fresh Ltd only
    assert states[0] == states[1] == states[2]
    assert set(
        Account.objects.filter(external_id__startswith="NEW-").values_list("name", flat=True)
    ) == {"Fresh Ltd"}
    assert set(Product.objects.values_list("code", flat=True)) == {"P-1", "P-5"}
    assert set(BusinessUnit.objects.values_list("name", flat=True)) == units_before | {"Pumps"}
    assert set(InvoiceLine.objects.values_list("line_key", flat=True)) == {"1", "5"}
    assert counts(summaries[0]) == (5, 2, 0, 0, 3)
    assert counts(summaries[2]) == (5, 0, 0, 2, 3)
    expected = [(3, "date", "2024-02-30"), (4, "revenue", "1O0"), (5, "cost", "")]
    for summary in summaries:
        errors = errors_of(summary)
        assert [e[:3] for e in errors] == expected
        assert errors[2][3] == "a cost or gross profit is required"


# --- opportunities and payments -----------------------------------------------------------------


def test_opportunity_rows_rejected_create_no_account_or_opportunity(tmp_path, world):
    path = write_csv(
        tmp_path / "opportunities.csv",
        [
            ["external_id", "account_external_id", "account_name", "name", "amount", "close_date"],
            ["O-1", "PR-1", "Prospect One", "Deal 1", "1000", "2024-06-28"],  # good, creates
            ["O-2", "PR-2", "Prospect Two", "Deal 2", "500", "2024-06-31"],  # bad date
            ["O-3", "PR-3", "Prospect Three", "Deal 3", "1O00", "2024-06-28"],  # bad amount
            ["O-4", "", "Prospect Four", "Deal 4", "100", "2024-06-28"],  # no id
            ["O-5", "", "Prospect One", "Deal 5", "100", "2024-06-28"],  # no id, one's name
        ],
    )
    before = stored()
    summaries, states = three_runs("opportunities", str(path))

    assert states[0]["accounts"] == before["accounts"] + 1
    assert states[0] == states[1] == states[2]
    one = Account.objects.get(external_id="PR-1")
    assert (one.name, one.account_class) == ("Prospect One", "prospect")
    assert not Account.objects.filter(name__in=["Prospect Two", "Prospect Three", "Prospect Four"])
    assert dict(Opportunity.objects.values_list("external_id", "account_id")) == {
        "O-1": one.pk,
        "O-5": one.pk,
    }
    assert counts(summaries[0]) == (5, 2, 0, 0, 3)
    assert counts(summaries[2]) == (5, 0, 0, 2, 3)
    for summary in summaries:
        errors = errors_of(summary)
        assert [e[:3] for e in errors] == [
            (3, "close_date", "2024-06-31"),
            (4, "amount", "1O00"),
            (5, "account_external_id", ""),
        ]
        assert errors[2][3] == (
            "“account_external_id” is empty and no account is named “Prospect Four”; accounts "
            "are created only from rows with their id"
        )


def test_payment_rows_rejected_create_no_account(tmp_path, world):
    path = write_csv(
        tmp_path / "payments.csv",
        [
            ["document", "Customer ID", "Customer name", "due_date", "amount"],
            ["FV/1", "PAY-1", "Payer One", "2024-04-14", "100.00"],  # good, creates
            ["FV/2", "PAY-2", "Payer Two", "2024-04-31", "100.00"],  # bad date
            ["FV/3", "PAY-3", "Payer Three", "2024-04-14", "1OO.00"],  # bad amount
            ["FV/4", "", "Payer Four", "2024-04-14", "100.00"],  # no id
        ],
    )
    before = stored()
    summaries, states = three_runs("payments", str(path))

    assert states[0]["accounts"] == before["accounts"] + 1
    assert states[0] == states[1] == states[2]
    assert list(
        Account.objects.filter(name__startswith="Payer ").values_list("name", flat=True)
    ) == ["Payer One"]
    assert list(Payment.objects.values_list("document_number", flat=True)) == ["FV/1"]
    assert counts(summaries[0]) == (4, 1, 0, 0, 3)
    assert counts(summaries[2]) == (4, 0, 0, 1, 3)
    for summary in summaries:
        errors = errors_of(summary)
        assert [e[:3] for e in errors] == [
            (3, "due_date", "2024-04-31"),
            (4, "amount", "1OO.00"),
            (5, "Customer ID", ""),
        ]
        assert errors[2][3] == (
            "“Customer ID” is empty and no account is named “Payer Four”; accounts are created "
            "only from rows with their id"
        )


# --- kinds that never create accounts ------------------------------------------------------------


def test_a_contact_of_an_unknown_named_account_is_rejected_as_such(tmp_path, world):
    path = write_csv(
        tmp_path / "contacts.csv",
        [
            ["account_external_id", "account_name", "last_name"],
            ["", "Nobody Ltd", "Writer"],  # line 2
            [world.account.external_id, "", "Nowak"],  # line 3: good
        ],
    )
    before = stored()
    summaries, states = three_runs("contacts", str(path))

    assert states[0]["accounts"] == before["accounts"]
    assert states[0]["contacts"] == before["contacts"] + 1
    assert states[0] == states[1] == states[2]
    # Contacts never create accounts: the name was there, the account is not.
    expected = [(2, "account_name", "Nobody Ltd", "no such account")]
    assert [errors_of(s) for s in summaries] == [expected, expected, expected]


# --- accounts: a parent that is not there ------------------------------------------------------


@pytest.mark.parametrize("batch_size", [1, 100])
def test_an_account_whose_parent_is_missing_is_not_created(tmp_path, world, batch_size):
    path = write_csv(
        tmp_path / "accounts.csv",
        [
            ["external_id", "name", "country", "parent_external_id"],
            ["K-2", "Kappa Daughter", "PL", "K-1"],  # line 2: its parent comes at line 3
            ["K-1", "Kappa Holding", "PL", ""],  # line 3
            ["O-1", "Orphan Ltd", "PL", "NOPE"],  # line 4: no such parent
            ["B-1", "Bad Parent", "Narnia", ""],  # line 5: rejected for its country
            ["B-2", "Child of Bad", "PL", "B-1"],  # line 6: so its parent is not there
            ["L-1", "Loop One", "PL", "L-2"],  # lines 7 and 8: each other's parent
            ["L-2", "Loop Two", "PL", "L-1"],
        ],
    )
    before = stored()
    results = []
    for _ in range(3):
        reported: list[tuple] = []
        summary = run_import(
            path, ImportOptions(kind="accounts", batch_size=batch_size), on_errors=reported.extend
        )
        results.append((summary.rejected, sorted(reported), stored()))
    assert stored()["accounts"] == before["accounts"] + 4
    assert Account.objects.filter(external_id__in=["K-1", "K-2", "L-1", "L-2"]).count() == 4
    assert not Account.objects.filter(external_id__in=["O-1", "B-1", "B-2"]).exists()
    assert Account.objects.get(external_id="K-2").parent.external_id == "K-1"
    assert results[0][0] == 3
    assert [e[:3] for e in results[0][1]] == [
        (4, "parent_external_id", "NOPE"),
        (5, "country", "Narnia"),
        (6, "parent_external_id", "B-1"),
    ]
    assert results[0][1][0][3] == "no account with this external id"
    assert results[0] == results[1] == results[2]
