"""Reading an import job's file and report: the preview the mapping page shows, the
mapping remembered for the same columns, and the rejected rows as CSV."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from django.utils.translation import gettext as _

from keyplan.core.csvsafe import safe_cell

from ..files.domain import FileFormat, FileRejected, sniff
from ..kinds.domain import field_specs
from ..mapping.domain import expected_columns, normalise_header
from ..models import ImportJob, ImportRowError, SavedMapping
from ..presets.domain import PRESETS
from ..reading.domain import check_header, read_rows

PREVIEW_ROWS = 10
# The preview never reads further than this many lines (blank ones included), however
# large the file: it runs inside a request.
PREVIEW_MAX_LINES = 1000


def write_error_csv(job: ImportJob, handle: TextIO) -> None:
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


@dataclass(frozen=True)
class Preview:
    fmt: FileFormat
    header: list[str]
    rows: list[list[str]]


def _option(job: ImportJob, preset: str, name: str) -> str:
    # As the pipeline reads it: the user's choice, else the preset's, else detection.
    value = job.options.get(name) or "auto"
    if value == "auto" and preset in PRESETS:
        value = PRESETS[preset].options.get(name, "auto")
    return value


def file_preview(job: ImportJob, preset: str) -> Preview:
    """The detected format, the header and the first rows; FileRejected if unreadable
    (EncodingUndecided when its text encoding has to be chosen)."""
    path = Path(job.file_path)
    fmt = sniff(
        path,
        encoding=_option(job, preset, "encoding"),
        delimiter=_option(job, preset, "delimiter"),
        expected_columns=expected_columns(job.kind, (job.mapping or {}).values()),
    )
    header: list[str] | None = None
    rows: list[list[str]] = []
    # A generator: closing it closes the file.
    reader = read_rows(path, fmt, sample_lines=PREVIEW_MAX_LINES)
    try:
        for line, cells in reader:
            if header is None:
                check_header(line, cells)
                header = [cell.strip() for cell in cells]
            elif any(cells):
                rows.append((cells + [""] * len(header))[: len(header)])
                if len(rows) >= PREVIEW_ROWS:
                    break
    finally:
        reader.close()
    if header is None:
        raise FileRejected(_("The file is empty."))
    if not any(header):
        raise FileRejected(_("The first row has no column names."))
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise FileRejected(
            _("Column names repeat in the first row: %(names)s. Rename them and upload again.")
            % {"names": ", ".join(repeated)}
        )
    return Preview(fmt, header, rows)


def remembered_mapping(saved: SavedMapping, kind: str, header: list[str]) -> dict[str, str]:
    """A saved mapping applied to this file's spelling of the same columns."""
    specs = field_specs(kind)
    by_normalised = {normalise_header(h): h for h in header}
    mapping = {}
    for field, column in saved.mapping.items():
        source = column if column in header else by_normalised.get(normalise_header(column))
        if field in specs and source:
            mapping[field] = source
    return mapping
