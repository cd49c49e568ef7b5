"""The import pipeline end to end: summaries, rejected rows, duplicates, idempotency,
corrections, dry runs, options and mappings, account matching, rejected files, rollups."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from keyplan.accounts.models import Account
from keyplan.imports.jobs import services
from keyplan.imports.models import ImportJob, ImportRowError, ImportStatus
from keyplan.imports.pipeline.services import ImportOptions, run_import
from keyplan.sales.models import InvoiceLine, MonthlyRollup, Opportunity, Product
from keyplan.sales.services import rollup_rebuild
from keyplan.users.models import BusinessUnit

from ...factories import AccountFactory
from ..support import (
    counts,
    fails,
    last_job,
    rollups,
    rollups_from_lines,
    run,
    run_text,
    snapshot,
    write_csv,
)

pytestmark = pytest.mark.django_db

D = Decimal
HEADER = [
    "document",
    "line",
    "date",
    "account_external_id",
    "account_name",
    "product_code",
    "product_name",
    "quantity",
    "revenue",
    "cost",
    "currency",
]


def invoice_rows(world) -> list[list[str]]:
    ext, other = world.account.external_id, world.other_account.external_id
    return [
        HEADER,
        ["FV/2024/001", "1", "2024-01-15", ext, "", "P-1", "Pump", "2", "1000.00", "600.00", ""],
        ["FV/2024/001", "2", "2024-01-15", ext, "", "P-2", "Valve", "10", "250.50", "100.25", ""],
        ["FV/2024/002", "1", "2024-02-03", ext, "", "P-1", "Pump", "1", "500.00", "300.00", ""],
        ["FV/2024/003", "1", "2024-02-20", other, "", "P-2", "Valve", "4", "99.99", "50", "EUR"],
        [
            "FV/2024/004",
            "1",
            "2024-03-01",
            "NEW-1",
            "Brand New Customer S.A.",
            "P-3",
            "Seal",
            "100",
            "10.00",
            "4.00",
            "PLN",
        ],
    ]


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    """Uploads are stored under DATA_DIR: keep them in the test's directory."""
    settings.DATA_DIR = tmp_path / "data"


# --- summary and output -------------------------------------------------------------------


def test_summary_counts_and_totals(tmp_path, world):
    rows = invoice_rows(world)
    rows.insert(
        3,
        [
            "FV/2024/009",
            "1",
            "2024-13-01",
            world.account.external_id,
            "",
            "P-1",
            "Pump",
            "1",
            "5.00",
            "1.00",
            "",
        ],
    )
    rows.append(
        [
            "FV/2024/010",
            "1",
            "2024-03-02",
            world.account.external_id,
            "",
            "P-1",
            "Pump",
            "1",
            "lots",
            "1.00",
            "",
        ]
    )
    path = write_csv(tmp_path / "invoices.csv", rows)
    summary = run("invoices", str(path))
    assert counts(summary) == (7, 5, 0, 0, 2)
    assert summary["kind"] == "invoices"
    assert summary["dry_run"] is False
    assert D(summary["revenue_total"]) == D("1860.49")
    assert D(summary["cost_total"]) == D("1054.25")
    assert D(summary["gross_profit_total"]) == D("806.24")
    assert summary["mapping"]["revenue"] == "revenue"
    assert summary["detected"]["format"] == "csv"
    job = ImportJob.objects.get(pk=summary["job"])
    assert job.status == ImportStatus.SUCCEEDED
    assert (job.rows_read, job.created, job.updated, job.unchanged, job.rejected) == (7, 5, 0, 0, 2)
    assert (job.revenue_total, job.cost_total) == (D("1860.49"), D("1054.25"))
    assert InvoiceLine.objects.count() == 5
    assert sum(line.revenue for line in InvoiceLine.objects.all()) == D("1860.49")

    text = run_text("invoices", str(path))
    assert "rows read  7" in text
    assert "unchanged  5" in text
    assert "rejected   2" in text
    assert "revenue    1860.49" in text


def test_json_output_is_one_object_with_the_keys(tmp_path, world):
    path = write_csv(tmp_path / "invoices.csv", invoice_rows(world))
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "invoices", str(path), "--format", "json", stdout=out, stderr=err)
    data = json.loads(out.getvalue())  # the whole of stdout, nothing else
    assert {
        "rows_read",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "revenue_total",
        "cost_total",
        "job",
    } <= set(data)
    assert (data["rows_read"], data["created"]) == (5, 5)
    assert out.getvalue().count("\n") <= 1


# --- rejected rows --------------------------------------------------------------------------


def test_rejected_rows_reported_with_line_column_value_reason(tmp_path, world):
    ext = world.account.external_id
    path = tmp_path / "invoices.csv"
    # Row 2 has a cell spanning three physical lines, so the rows after it start lower.
    path.write_text(
        ",".join(HEADER) + "\n"
        f'FV/1,1,2024-01-15,{ext},,P-1,"Pump\nwith a long\ndescription",1,100.00,60.00,\n'
        f"FV/1,2,2024-01-15,{ext},,P-1,Pump,1,1O0.00,60.00,\n"  # line 5: a letter O
        f"FV/1,3,2024-01-15,{ext},,P-1,Pump,1,100.00,60.00,\n"
        f"FV/1,4,2024-01-32,{ext},,P-1,Pump,1,100.00,60.00,\n"  # line 7: bad day
        f"FV/1,5,2024-01-15,,,P-1,Pump,1,100.00,60.00,\n"  # line 8: no account at all
        f"FV/1,6,2024-01-15,{ext},,P-1,Pump,1,100.00,60.00,XX1\n",  # line 9: bad currency
        encoding="utf-8",
    )
    errors_csv = tmp_path / "errors.csv"
    summary = run("invoices", str(path), "--errors", str(errors_csv))
    assert counts(summary) == (6, 2, 0, 0, 4)
    # Good rows are never lost because of bad ones.
    assert set(InvoiceLine.objects.values_list("line_key", flat=True)) == {"1", "3"}
    assert InvoiceLine.objects.get(line_key="1").product.name == "Pump with a long description"

    job = ImportJob.objects.get(pk=summary["job"])
    errors = list(
        ImportRowError.objects.filter(job=job).values_list("line", "column", "value", "reason")
    )
    assert [e[:3] for e in errors] == [
        (5, "revenue", "1O0.00"),
        (7, "date", "2024-01-32"),
        (8, "account", ""),
        (9, "currency", "XX1"),
    ]
    assert all(e[3] for e in errors)
    assert "January 2024 has 31 days" in errors[1][3]
    assert "no such account" in errors[2][3]

    with errors_csv.open(encoding="utf-8", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == ["line", "column", "value", "reason"]
    assert [row[:3] for row in written[1:]] == [[str(e[0]), e[1], e[2]] for e in errors]
    assert [row[3] for row in written[1:]] == [e[3] for e in errors]

    text = run_text("invoices", str(path))
    assert "line 5: revenue “1O0.00”:" in text


def test_errors_csv_is_safe_against_formulas(tmp_path, world):
    path = write_csv(
        tmp_path / "invoices.csv",
        [
            HEADER,
            [
                "FV/1",
                "1",
                "2024-01-15",
                world.account.external_id,
                "",
                "P-1",
                "Pump",
                "1",
                '=HYPERLINK("http://evil")',
                "1",
                "",
            ],
        ],
    )
    errors_csv = tmp_path / "errors.csv"
    run("invoices", str(path), "--errors", str(errors_csv))
    rows = list(csv.reader(errors_csv.open(encoding="utf-8", newline="")))
    assert rows[1][2].startswith("'=")


def test_duplicate_rows_reported(tmp_path, world):
    ext = world.account.external_id
    path = write_csv(
        tmp_path / "invoices.csv",
        [
            HEADER,
            ["FV/1", "1", "2024-01-15", ext, "", "P-1", "Pump", "1", "100", "60", ""],
            ["FV/1", "2", "2024-01-15", ext, "", "P-1", "Pump", "1", "100", "60", ""],
            ["FV/1", "1", "2024-01-15", ext, "", "P-9", "Other", "5", "999", "1", ""],  # line 4
        ],
    )
    summary = run("invoices", str(path))
    assert counts(summary) == (3, 2, 0, 0, 1)
    job = ImportJob.objects.get(pk=summary["job"])
    error = ImportRowError.objects.get(job=job)
    assert (error.line, error.reason) == (4, "duplicate of line 2")
    assert InvoiceLine.objects.get(line_key="1").revenue == D(100)  # the first one wins

    accounts = write_csv(
        tmp_path / "accounts.csv",
        [
            ["external_id", "name", "country"],
            ["A-1", "Alpha", "PL"],
            ["A-2", "Beta", "DE"],
            ["A-1", "Alpha again", "CZ"],
        ],
    )
    summary = run("accounts", str(accounts))
    assert counts(summary) == (3, 2, 0, 0, 1)
    error = ImportRowError.objects.get(job_id=summary["job"])
    assert (error.line, error.reason) == (4, "duplicate of line 2")
    assert Account.objects.get(external_id="A-1").name == "Alpha"


def test_small_batches_keep_good_rows_errors_and_rollups(tmp_path, world):
    """Batches end anywhere: between a row and its duplicate, around rejected rows."""
    ext = world.account.external_id
    rows = [HEADER]
    for n in range(1, 12):
        revenue = "bad" if n in (3, 8) else f"{n}0.00"
        rows.append(
            [
                f"FV/{n % 4}",
                str(n),
                f"2024-0{n % 3 + 1}-10",
                ext,
                "",
                f"P-{n % 2}",
                "Pump",
                "1",
                revenue,
                "1.00",
                "",
            ]
        )
    rows.append(rows[2])  # line 13 repeats line 3's key (FV/2, 2)
    path = write_csv(tmp_path / "invoices.csv", rows)
    reported: list[tuple] = []
    summary = run_import(
        path, ImportOptions(kind="invoices", batch_size=2), on_errors=reported.extend
    )
    assert (summary.rows_read, summary.created, summary.rejected) == (12, 9, 3)
    assert [(line, column) for line, column, _value, _reason in reported] == [
        (4, "revenue"),
        (9, "revenue"),
        (13, ""),
    ]
    assert reported[2][3] == "duplicate of line 3"
    assert set(InvoiceLine.objects.values_list("line_key", flat=True)) == {
        str(n) for n in range(1, 12) if n not in (3, 8)
    }
    assert summary.revenue_total == sum(D(f"{n}0") for n in range(1, 12) if n not in (3, 8))
    assert rollups() == rollups_from_lines()
    again = run_import(path, ImportOptions(kind="invoices", batch_size=3))
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 9, 3)


# --- idempotency and corrections -----------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(tmp_path, world):
    path = write_csv(tmp_path / "invoices.csv", invoice_rows(world))
    first = run("invoices", str(path))
    assert counts(first) == (5, 5, 0, 0, 0)
    assert rollups() == rollups_from_lines()
    before = snapshot()
    again = run("invoices", str(path))
    assert counts(again) == (5, 0, 0, 5, 0)
    assert again["revenue_total"] == first["revenue_total"]
    assert snapshot() == before


def test_corrected_file_updates_exactly_the_changed_rows(tmp_path, world):
    rows = invoice_rows(world)
    path = write_csv(tmp_path / "invoices.csv", rows)
    run("invoices", str(path))
    corrected = [list(r) for r in rows]
    corrected[2][8] = "275.50"  # FV/2024/001 line 2: revenue corrected
    corrected.append(
        [
            "FV/2024/005",
            "1",
            "2024-03-15",
            world.account.external_id,
            "",
            "P-1",
            "Pump",
            "3",
            "1500.00",
            "900.00",
            "",
        ]
    )
    write_csv(path, corrected)
    history = Account.history.count()
    summary = run("invoices", str(path))
    assert counts(summary) == (6, 1, 1, 4, 0)
    assert InvoiceLine.objects.get(document_number="FV/2024/001", line_key="2").revenue == D(
        "275.50"
    )
    assert Account.history.count() == history
    incremental = rollups()
    assert incremental == rollups_from_lines()
    rollup_rebuild()
    assert rollups() == incremental


def test_correction_moving_a_line_to_another_month_leaves_no_empty_rollup(tmp_path, world):
    rows = invoice_rows(world)
    path = write_csv(tmp_path / "invoices.csv", rows)
    run("invoices", str(path))
    moved = [list(r) for r in rows]
    moved[5][2] = "2024-04-01"  # FV/2024/004, the only line of its account in March
    write_csv(path, moved)
    summary = run("invoices", str(path))
    assert counts(summary) == (5, 0, 1, 4, 0)
    incremental = rollups()
    assert incremental == rollups_from_lines()
    rollup_rebuild()
    assert rollups() == incremental


def test_file_without_line_column_keeps_keys_stable(tmp_path, world):
    """1C style: no line numbers; rows are keyed by document, product and occurrence."""
    ext = world.account.external_id
    header = [
        "document",
        "date",
        "account_external_id",
        "product_name",
        "quantity",
        "revenue",
        "gross_profit",
    ]
    rows = [
        header,
        ["RT-1", "2024-01-10", ext, "Pump", "1", "100", "40"],
        ["RT-1", "2024-01-10", ext, "Valve", "2", "50", "10"],
        ["RT-1", "2024-01-10", ext, "Pump", "3", "300", "120"],  # same product again
        ["RT-2", "2024-01-11", ext, "Pump", "1", "100", "40"],
    ]
    path = write_csv(tmp_path / "sales.csv", rows)
    assert counts(run("invoices", str(path))) == (4, 4, 0, 0, 0)
    keys = set(InvoiceLine.objects.values_list("document_number", "line_key"))
    assert keys == {("RT-1", "Pump#0"), ("RT-1", "Valve#0"), ("RT-1", "Pump#1"), ("RT-2", "Pump#0")}
    assert InvoiceLine.objects.get(line_key="Pump#1").quantity == D(3)
    before = snapshot()
    assert counts(run("invoices", str(path))) == (4, 0, 0, 4, 0)
    assert snapshot() == before

    rows[3][5] = "330"  # the second Pump line corrected
    write_csv(path, rows)
    assert counts(run("invoices", str(path))) == (4, 0, 1, 3, 0)
    assert InvoiceLine.objects.get(document_number="RT-1", line_key="Pump#1").revenue == D(330)
    assert rollups() == rollups_from_lines()

    # An exact repeat of a row is a duplicate, not a third occurrence.
    rows.append(rows[1])
    write_csv(path, rows)
    summary = run("invoices", str(path))
    assert counts(summary) == (5, 0, 0, 4, 1)
    assert ImportRowError.objects.get(job_id=summary["job"]).reason == "duplicate of line 2"


def test_reimport_keeps_what_the_file_does_not_say(tmp_path, world):
    """Opportunity fields without a column in the file (or an owner the import cannot
    resolve) keep what the users entered in keyplan: re-importing changes nothing."""
    path = write_csv(
        tmp_path / "deals.csv",
        [
            ["external_id", "account_external_id", "name", "stage", "amount", "owner"],
            ["D-1", world.account.external_id, "Line 3 retrofit", "Proposal", "50000", "005xx"],
        ],
    )
    assert counts(run("opportunities", str(path))) == (1, 1, 0, 0, 0)
    Opportunity.objects.filter(external_id="D-1").update(
        competitor="Siemens", probability=60, close_date=dt.date(2024, 9, 30), owner=world.owner
    )
    before = snapshot()
    assert counts(run("opportunities", str(path))) == (1, 0, 0, 1, 0)
    assert snapshot() == before
    write_csv(
        path,
        [
            ["external_id", "account_external_id", "name", "stage", "amount", "owner"],
            ["D-1", world.account.external_id, "Line 3 retrofit", "Closed Won", "52000", "005xx"],
        ],
    )
    assert counts(run("opportunities", str(path))) == (1, 0, 1, 0, 0)
    deal = Opportunity.objects.get(external_id="D-1")
    assert (deal.stage, deal.status, deal.amount) == ("Closed Won", "won", D(52000))
    assert (deal.competitor, deal.probability, deal.owner) == ("Siemens", D(60), world.owner)
    assert deal.close_date == dt.date(2024, 9, 30)


# --- cost and gross profit ------------------------------------------------------------------


def test_empty_cost_with_gross_profit_present(tmp_path, world):
    ext = world.account.external_id
    header = ["document", "line", "date", "account_external_id", "revenue", "cost", "gross_profit"]
    path = write_csv(
        tmp_path / "invoices.csv",
        [
            header,
            ["FV/1", "1", "2024-01-15", ext, "100.00", "", "30.00"],  # cost from gross profit
            ["FV/1", "2", "2024-01-15", ext, "100.00", "55.00", ""],
            ["FV/1", "3", "2024-01-15", ext, "100.00", "", ""],  # neither: rejected
            ["FV/1", "4", "2024-01-15", ext, "100.00", "0", ""],  # free of cost is a cost
        ],
    )
    summary = run("invoices", str(path))
    assert counts(summary) == (4, 3, 0, 0, 1)
    costs = dict(InvoiceLine.objects.values_list("line_key", "cost"))
    assert costs == {"1": D(70), "2": D(55), "4": D(0)}
    error = ImportRowError.objects.get(job_id=summary["job"])
    assert (error.line, error.column, error.reason) == (
        4,
        "cost",
        "a cost or gross profit is required",
    )


# --- dry run --------------------------------------------------------------------------------


def test_dry_run_writes_nothing_but_reports_the_same(tmp_path, world):
    rows = invoice_rows(world)
    rows.append(
        [
            "FV/2024/006",
            "1",
            "2024-03-05",
            "NEW-2",
            "Another New Sp. z o.o.",
            "P-4",
            "Gasket",
            "1",
            "10.00",
            "x",
            "",
        ]
    )
    header = [*HEADER, "business_unit"]
    rows = [header] + [[*r, "Hydraulics"] for r in rows[1:]]
    path = write_csv(tmp_path / "invoices.csv", rows)
    before = snapshot()
    dry = run("invoices", str(path), "--dry-run")
    assert dry["dry_run"] is True
    assert snapshot() == before
    assert not InvoiceLine.objects.exists()
    assert not Account.objects.filter(external_id__startswith="NEW-").exists()
    assert not Product.objects.exists()
    assert not BusinessUnit.objects.filter(name="Hydraulics").exists()
    dry_errors = list(
        ImportRowError.objects.filter(job_id=dry["job"]).values_list(
            "line", "column", "value", "reason"
        )
    )
    assert len(dry_errors) == 1

    real = run("invoices", str(path))
    real_errors = list(
        ImportRowError.objects.filter(job_id=real["job"]).values_list(
            "line", "column", "value", "reason"
        )
    )
    assert counts(dry) == counts(real) == (6, 5, 0, 0, 1)
    assert dry_errors == real_errors
    assert (dry["revenue_total"], dry["cost_total"]) == (real["revenue_total"], real["cost_total"])

    # A dry run of a corrected file predicts the update.
    rows[1][8] = "1111.11"
    write_csv(path, rows)
    snap = snapshot()
    dry = run("invoices", str(path), "--dry-run")
    assert counts(dry) == (6, 0, 1, 4, 1)
    assert snapshot() == snap


def test_dry_run_of_accounts_writes_nothing(tmp_path, world):
    path = write_csv(
        tmp_path / "accounts.csv",
        [
            ["external_id", "name", "parent_external_id"],
            ["H-1", "Holding", ""],
            ["H-2", "Daughter", "H-1"],
        ],
    )
    before = snapshot()
    summary = run("accounts", str(path), "--dry-run")
    assert counts(summary) == (2, 2, 0, 0, 0)
    assert snapshot() == before


# --- options: dates, mapping, required columns -----------------------------------------------


def test_ambiguous_slash_dates_ask_for_date_format(tmp_path, world):
    ext = world.account.external_id
    path = write_csv(
        tmp_path / "invoices.csv",
        [
            HEADER,
            ["FV/1", "1", "01/02/2024", ext, "", "P-1", "Pump", "1", "100", "60", ""],
            ["FV/1", "2", "03/04/2024", ext, "", "P-1", "Pump", "1", "100", "60", ""],
            ["FV/1", "3", "12/11/2024", ext, "", "P-1", "Pump", "1", "100", "60", ""],
        ],
    )
    message = fails("invoices", str(path))
    assert "date" in message
    assert "--date-format" in message
    assert "01/02/2024" in message or "03/04/2024" in message or "12/11/2024" in message
    assert not InvoiceLine.objects.exists()
    assert last_job().status == ImportStatus.FAILED

    summary = run("invoices", str(path), "--date-format", "mdy/")
    assert counts(summary) == (3, 3, 0, 0, 0)
    dates = dict(InvoiceLine.objects.values_list("line_key", "date"))
    assert dates == {"1": dt.date(2024, 1, 2), "2": dt.date(2024, 3, 4), "3": dt.date(2024, 12, 11)}


def test_map_overrides(tmp_path, world):
    path = write_csv(
        tmp_path / "faktury.csv",
        [
            [
                "Numer",
                "Pozycja",
                "Data",
                "NIP",
                "Kontrahent",
                "Towar",
                "Kwota",
                "Koszt",
                "Uwagi",
                "Revenue",
            ],
            [
                "FV/1",
                "1",
                "2024-01-15",
                "",
                world.account.name,
                "Pump",
                "100.00",
                "60.00",
                "x",
                "7",
            ],
        ],
    )
    message = fails("invoices", str(path))
    assert "Required column(s) not found: document, date" in message

    maps = [
        "--map",
        "Numer=document",
        "--map",
        "Pozycja=line",
        "--map",
        "Data=date",
        "--map",
        "Kontrahent=account_name",
        "--map",
        "towar=product_name",
        "--map",
        "Kwota=revenue",
        "--map",
        "Koszt=cost",
        "--map",
        "Revenue=",
    ]
    summary = run("invoices", str(path), *maps)
    assert counts(summary) == (1, 1, 0, 0, 0)
    assert summary["mapping"]["revenue"] == "Kwota"
    assert "Revenue" not in summary["mapping"].values()
    line = InvoiceLine.objects.get()
    assert (line.account, line.revenue, line.cost) == (world.account, D(100), D(60))
    assert line.product.name == "Pump"

    message = fails("invoices", str(path), *maps, "--map", "Rabat=quantity")
    assert "no column “Rabat”" in message
    assert "Numer, Pozycja, Data" in message  # the file's columns
    message = fails("invoices", str(path), *maps, "--map", "Uwagi=remarks")
    assert "“remarks” is not a field of invoices" in message
    assert "revenue" in message  # the fields to choose from
    message = fails("invoices", str(path), "--map", "Uwagi")
    assert "SOURCE_COLUMN=field" in message
    assert InvoiceLine.objects.count() == 1


def test_required_column_missing_lists_the_files_columns(tmp_path, world):
    path = write_csv(
        tmp_path / "invoices.csv",
        [
            ["document", "date", "account_name", "amount_net", "cost"],
            ["FV/1", "2024-01-15", "Somebody New", "100", "60"],
        ],
    )
    message = fails("invoices", str(path))
    assert "revenue" in message
    assert "document, date, account_name, amount_net, cost" in message
    assert not InvoiceLine.objects.exists()
    assert not Account.objects.filter(name="Somebody New").exists()
    job = last_job()
    assert job.status == ImportStatus.FAILED
    assert "amount_net" in job.message

    no_cost = write_csv(
        tmp_path / "nocost.csv",
        [
            ["document", "date", "account_name", "revenue"],
            ["FV/1", "2024-01-15", "Somebody New", "100"],
        ],
    )
    assert "gross profit" in fails("invoices", str(no_cost))
    no_account = write_csv(
        tmp_path / "noaccount.csv",
        [
            ["document", "date", "revenue", "cost"],
            ["FV/1", "2024-01-15", "100", "60"],
        ],
    )
    assert "account_external_id, account_tax_id, account_name" in fails("invoices", str(no_account))
    assert not InvoiceLine.objects.exists()


# --- accounts: matching and history ----------------------------------------------------------


def test_account_matching_order(tmp_path, world):
    alpha = AccountFactory(name="Alpha", external_id="C-1", tax_id="1111111111")
    beta = AccountFactory(name="Beta", external_id="", tax_id="2222222222")
    gamma = AccountFactory(name="Gamma", external_id="", tax_id="")
    header = [
        "document",
        "line",
        "date",
        "account_external_id",
        "account_tax_id",
        "account_name",
        "revenue",
        "cost",
    ]
    path = write_csv(
        tmp_path / "invoices.csv",
        [
            header,
            ["FV/1", "1", "2024-01-15", "C-1", "2222222222", "Gamma", "1", "0"],  # external id
            ["FV/1", "2", "2024-01-15", "", "2222222222", "Gamma", "2", "0"],  # then tax id
            ["FV/1", "3", "2024-01-15", "", "", "GAMMA", "3", "0"],  # then the name
            ["FV/1", "4", "2024-01-15", "C-404", "222-222-22-22", "", "4", "0"],  # unknown ext id
            ["FV/1", "5", "2024-01-15", "C-405", "", "", "5", "0"],  # unknown, no name: rejected
            ["FV/1", "6", "2024-01-15", "", "9999999999", "", "6", "0"],  # likewise
            ["FV/1", "7", "2024-01-15", "C-407", "", "Delta Ltd", "7", "0"],  # created
        ],
    )
    summary = run("invoices", str(path), "--user", "director")
    assert counts(summary) == (7, 5, 0, 0, 2)
    account_of = dict(InvoiceLine.objects.values_list("line_key", "account_id"))
    delta = Account.objects.get(name="Delta Ltd")
    assert account_of == {"1": alpha.pk, "2": beta.pk, "3": gamma.pk, "4": beta.pk, "7": delta.pk}
    assert (delta.external_id, delta.account_class) == ("C-407", "regular")
    assert delta.history.get().history_user == world.director
    errors = list(
        ImportRowError.objects.filter(job_id=summary["job"]).values_list(
            "line", "column", "value", "reason"
        )
    )
    assert errors == [
        (6, "account_external_id", "C-405", "no such account (and no name to create it)"),
        (7, "account_tax_id", "9999999999", "no such account (and no name to create it)"),
    ]
    assert Account.objects.count() == 6  # world's two, alpha, beta, gamma, delta


def test_accounts_import_records_the_user_in_history(tmp_path, world):
    path = write_csv(
        tmp_path / "accounts.csv",
        [
            ["external_id", "name", "country", "owner", "class", "parent_external_id"],
            ["K-1", "Kappa Holding", "PL", "owner", "strategic", ""],
            ["K-2", "Kappa Daughter", "Czech Republic", "outsider@example.com", "b", "K-1"],
            [world.account.external_id, world.account.name, "PL", "", "key account", ""],
        ],
    )
    summary = run("accounts", str(path), "--user", "director")
    assert counts(summary) == (3, 2, 0, 1, 0)
    holding = Account.objects.get(external_id="K-1")
    daughter = Account.objects.get(external_id="K-2")
    assert (holding.owner, holding.account_class) == (world.owner, "strategic")
    assert (daughter.owner, daughter.country, daughter.account_class) == (
        world.outsider,
        "CZ",
        "regular",
    )
    assert daughter.parent == holding
    for account in (holding, daughter):
        records = list(account.history.all())
        assert records
        assert {r.history_user for r in records} == {world.director}
        assert {r.history_change_reason for r in records} == {"import"}
    assert last_job().created_by == world.director

    # An update is recorded with the importing user as well.
    write_csv(
        path,
        [
            ["external_id", "name", "country"],
            ["K-1", "Kappa Holding S.A.", "PL"],
        ],
    )
    assert counts(run("accounts", str(path), "--user", "admin")) == (1, 0, 1, 0, 0)
    latest = Account.objects.get(external_id="K-1").history.first()
    assert (latest.name, latest.history_user) == ("Kappa Holding S.A.", world.admin)

    assert "no user “ghost”" in fails("accounts", str(path), "--user", "ghost")
    assert "may not import" in fails("accounts", str(path), "--user", "viewer")


# --- services: upload, limits, rejected files ----------------------------------------------


def test_upload_through_services_records_job_and_errors(world):
    content = (
        ",".join(HEADER) + "\n"
        f"FV/1,1,2024-01-15,{world.account.external_id},,P-1,Pump,1,100,60,\n"
        f"FV/1,2,2024-01-15,{world.account.external_id},,P-1,Pump,1,abc,60,\n"
    ).encode()
    upload = SimpleUploadedFile("invoices.csv", content, content_type="text/csv")
    job = services.import_job_create(user=world.director, kind="invoices", upload=upload)
    summary = services.import_job_run(job)
    assert (summary.rows_read, summary.created, summary.rejected) == (2, 1, 1)
    job.refresh_from_db()
    assert (job.status, job.rows_read, job.created, job.rejected) == ("succeeded", 2, 1, 1)
    error = job.row_errors.get()
    assert (error.line, error.column, error.value) == (3, "revenue", "abc")
    with pytest.raises(services.PermissionDenied):
        services.import_job_create(user=world.owner, kind="invoices", upload=upload)


def _xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_import(tmp_path, world):
    path = tmp_path / "invoices.xlsx"
    path.write_bytes(
        _xlsx_bytes(
            [
                HEADER,
                [
                    "FV/1",
                    1,
                    dt.datetime(2024, 1, 15),
                    world.account.external_id,
                    None,
                    "P-1",
                    "Pump",
                    2,
                    1000.5,
                    600.25,
                    None,
                ],
                [],
                [
                    "FV/1",
                    2,
                    dt.datetime(2024, 1, 15),
                    world.account.external_id,
                    None,
                    "P-1",
                    "Pump",
                    2,
                    "n/a",
                    600.25,
                    None,
                ],
            ]
        )
    )
    summary = run("invoices", str(path))
    assert counts(summary) == (2, 1, 0, 0, 1)
    error = ImportRowError.objects.get(job_id=summary["job"])
    assert (error.line, error.column, error.value) == (4, "revenue", "n/a")  # the sheet's row
    line = InvoiceLine.objects.get()
    assert (line.date, line.revenue, line.cost, line.quantity) == (
        dt.date(2024, 1, 15),
        D("1000.50"),
        D("600.25"),
        D(2),
    )


def _zip_bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook><sheets><sheet name='S'/></sheets></workbook>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    return path


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("bomb.xlsx", _zip_bomb, "zip bomb"),
        ("broken.xlsx", lambda p: p.write_bytes(_xlsx_bytes([HEADER])[:1500]), "damaged"),
        ("garbage.xlsx", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x01" * 400), "damaged"),
        (
            "image.csv",
            lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
            "PNG image",
        ),
        ("empty.csv", lambda p: p.write_bytes(b""), "empty"),
    ],
)
def test_unusable_files_are_rejected_with_nothing_written(tmp_path, world, name, make, expected):
    path = tmp_path / name
    make(path)
    before = snapshot()
    message = fails("invoices", str(path))
    assert expected in message
    assert snapshot() == before
    job = last_job()
    assert job.status == ImportStatus.FAILED
    assert expected in job.message
    assert not job.row_errors.exists()

    # The same through services (the web's path).
    upload = SimpleUploadedFile(name, path.read_bytes())
    job = services.import_job_create(user=world.admin, kind="invoices", upload=upload)
    assert services.import_job_run(job) is None
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert expected in job.message
    assert snapshot() == before


def test_file_over_the_size_limit_is_rejected(tmp_path, world, monkeypatch):
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 1024 * 1024)
    path = tmp_path / "invoices.csv"
    row = f"FV/1,{{}},2024-01-15,{world.account.external_id},,P-1,Pump,1,100,60,\n"
    path.write_text(
        ",".join(HEADER) + "\n" + "".join(row.format(n) for n in range(30_000)), encoding="utf-8"
    )
    assert path.stat().st_size > 1024 * 1024
    jobs = ImportJob.objects.count()
    message = fails("invoices", str(path))
    assert "larger than the 1 MB limit" in message
    upload = SimpleUploadedFile("invoices.csv", path.read_bytes())
    with pytest.raises(ValidationError) as info:
        services.import_job_create(user=world.admin, kind="invoices", upload=upload)
    assert "1 MB" in str(info.value)
    assert ImportJob.objects.count() == jobs
    assert not InvoiceLine.objects.exists()


# --- rollups ---------------------------------------------------------------------------------


def test_rollup_rebuild_command_equals_incremental_rollups(tmp_path, world):
    unit_rows = [[*r, "Hydraulics" if n % 2 else ""] for n, r in enumerate(invoice_rows(world))]
    unit_rows[0][-1] = "business_unit"
    path = write_csv(tmp_path / "invoices.csv", unit_rows)
    run("invoices", str(path))
    more = write_csv(
        tmp_path / "more.csv",
        [
            [*HEADER, "product_line"],
            [
                "FV/2024/100",
                "1",
                "2024-01-31",
                world.account.external_id,
                "",
                "P-1",
                "Pump",
                "0.5",
                "10.01",
                "20.02",
                "",
                "Spares",
            ],
            [
                "FV/2024/100",
                "2",
                "2024-01-31",
                world.account.external_id,
                "",
                "P-1",
                "Pump",
                "1.25",
                "-5.00",
                "-3.00",
                "",
                "Spares",
            ],
        ],
    )
    run("invoices", str(more))
    incremental = rollups()
    assert incremental == rollups_from_lines()
    assert len(incremental) >= 5
    MonthlyRollup.objects.update(revenue=0, lines=0)  # damage them
    out = io.StringIO()
    call_command("rollup", "rebuild", stdout=out, stderr=io.StringIO())
    assert f"Rebuilt {len(incremental)} monthly rollup rows" in out.getvalue()
    assert rollups() == incremental
