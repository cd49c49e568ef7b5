"""Long work never runs inside a request, and one long job does not queue the rest:
the import mapping page's preview reads a bounded sample of any file, and `keyplan worker`
runs several tasks at once."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from keyplan.imports.files.domain import FileRejected, sniff
from keyplan.imports.jobs import selectors
from keyplan.imports.models import ImportJob
from keyplan.imports.reading import domain as reading
from keyplan.imports.reading.domain import read_rows

ROWS = 50_000  # far beyond the preview's bound (selectors.PREVIEW_MAX_LINES)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Customers" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}


def _broken_big_xlsx(path: Path) -> None:
    """A sheet of ROWS customers, each name a shared string in order of use (as Excel
    writes them), whose sheet and string table both end in broken XML: only a reader
    that stops early can read it."""
    strings = ["name", "code"] + [f"Customer {n}" for n in range(2, ROWS + 1)]
    table = "".join(f"<si><t>{text}</t></si>" for text in strings)
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>{n}</v></c><c r="B{n}"><v>{n}</v></c></row>'
        for n in range(2, ROWS + 1)
    )
    header = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in _PARTS.items():
            zf.writestr(name, xml)
        zf.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{_MAIN}"><sheetData>{header}{rows}<row r="x"><c <<',
        )
        zf.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="{_MAIN}" count="{len(strings)}">{table}<si><t>cut off<<',
        )


def _job(path: Path) -> ImportJob:
    return ImportJob(kind="accounts", file_path=str(path), options={}, mapping={})


def test_an_xlsx_preview_reads_the_first_rows_and_strings_only(tmp_path, monkeypatch):
    path = tmp_path / "customers.xlsx"
    _broken_big_xlsx(path)
    tables = []

    class Recorded(reading._LazyStrings):
        def __init__(self, source):
            super().__init__(source)
            tables.append(self)

    monkeypatch.setattr(reading, "_LazyStrings", Recorded)

    preview = selectors.file_preview(_job(path), "generic")

    assert preview.header == ["name", "code"]
    assert preview.rows[:2] == [["Customer 2", "2"], ["Customer 3", "3"]]
    assert len(preview.rows) == selectors.PREVIEW_ROWS
    assert [table.parsed for table in tables] == [selectors.PREVIEW_ROWS + 2]
    # The whole file cannot be read: the preview above never got to its end.
    with pytest.raises(FileRejected, match="damaged"):
        for _row in read_rows(path, sniff(path)):
            pass


def test_an_xlsx_preview_stops_after_a_bounded_number_of_sheet_rows(tmp_path):
    path = tmp_path / "customers.xlsx"
    _broken_big_xlsx(path)

    rows = list(read_rows(path, sniff(path), sample_lines=25))

    assert [line for line, _cells in rows] == list(range(1, 26))


def test_a_csv_preview_stops_after_a_bounded_number_of_lines(tmp_path):
    # Three customers, then two million blank lines, then bytes that are not UTF-8:
    # a preview that skipped blank lines to the end would fail on them.
    path = tmp_path / "customers.csv"
    with path.open("wb") as f:
        f.write(b"name;code\nPolmet;1\nKowalski;2\nNowak;3\n")
        f.write(b"\n" * 2_000_000)
        f.write(b"Broken\xff\xfe;4\n")
    fmt = sniff(path)
    assert fmt.encoding.startswith("utf-8")

    preview = selectors.file_preview(_job(path), "generic")

    assert preview.header == ["name", "code"]
    assert preview.rows == [["Polmet", "1"], ["Kowalski", "2"], ["Nowak", "3"]]
    with pytest.raises(FileRejected, match="not valid UTF-8"):
        for _row in read_rows(path, fmt):
            pass


# --- keyplan worker --------------------------------------------------------------------------


def _worker_run(tmp_path: Path, concurrency: int) -> dict[str, str]:
    folder = tmp_path / f"concurrency-{concurrency}"
    folder.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "tests.trust.worker.run", str(folder), str(concurrency)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_worker_runs_a_short_task_while_a_long_one_is_running(tmp_path):
    together = _worker_run(tmp_path, 2)
    one_at_a_time = _worker_run(tmp_path, 1)

    assert together == {"long": "saw the other task running", "short": "ran"}
    assert one_at_a_time == {"long": "alone", "short": "ran"}


def test_the_worker_runs_two_tasks_at_once_by_default():
    from keyplan.core.management.commands.worker import DEFAULT_CONCURRENCY, Command

    parser = Command().create_parser("keyplan", "worker")
    assert DEFAULT_CONCURRENCY >= 2
    assert parser.parse_args([]).concurrency == DEFAULT_CONCURRENCY
    assert parser.parse_args(["--concurrency", "4"]).concurrency == 4
    with pytest.raises(CommandError):
        parser.parse_args(["--concurrency", "0"])
