"""An import's rejected rows as a CSV report."""

from __future__ import annotations

import csv

from keyplan.core.csvsafe import safe_cell

from .models import ImportRowError


def write_error_csv(job, handle) -> None:
    """Rejected rows as CSV (line, column, value, reason), safe against formula injection
    in spreadsheet programs."""
    writer = csv.writer(handle)
    writer.writerow(["line", "column", "value", "reason"])
    for error in (
        ImportRowError.objects.filter(job=job).order_by("line", "pk").iterator(chunk_size=5000)
    ):
        writer.writerow(
            [error.line, safe_cell(error.column), safe_cell(error.value), safe_cell(error.reason)]
        )
