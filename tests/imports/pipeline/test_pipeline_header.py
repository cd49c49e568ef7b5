"""The header is the first non-blank row: a file may begin with blank lines."""

from __future__ import annotations

import pytest

from keyplan.imports.models import ImportRowError
from keyplan.sales.models import InvoiceLine

from ..support import last_job, run

pytestmark = pytest.mark.django_db


def test_leading_blank_lines_before_the_header(tmp_path):
    path = tmp_path / "invoices.csv"
    path.write_text(
        "\n\r\n"
        "document,line,date,account_name,revenue,cost\n"
        "A,1,2024-01-02,Acme,10.00,5.00\n"
        "\n"
        "A,2,2024-01-03,Acme,x,5.00\n"
        "A,3,2024-01-04,Acme,7.50,2.00\n",
        encoding="utf-8",
    )
    summary = run("invoices", str(path))
    assert (summary["rows_read"], summary["created"], summary["rejected"]) == (3, 2, 1)
    assert InvoiceLine.objects.count() == 2
    # Line numbers are still the file's physical lines.
    error = ImportRowError.objects.get(job=last_job())
    assert (error.line, error.column, error.value) == (6, "revenue", "x")
