"""Streaming the rows out of an import file (of Django, only its translations).

`read_rows` streams the rows one at a time, so a file of ten million lines is never held
in memory, with the physical line number where each row starts (CSV) or the sheet row
number (XLSX) for error messages; `estimate_rows` guesses their number cheaply, for a
progress bar. Problems the user can fix are `FileRejected` (see
`keyplan.imports.files.domain`), in the active language; a message quoting an error of
the parser never shows where the server keeps the file (keyplan.core.text.without_paths).

A row of more than MAX_COLUMNS cells is refused (it cannot come from a spreadsheet,
and each cell costs memory); so is a column name holding a control character
(`check_header`). A data cell holding one is refused by its row (kinds.domain).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
import os
import re
import zipfile
from collections.abc import Generator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from django.utils.translation import gettext as _

from keyplan.core.text import code_point, control_character, without_paths

from ..common.domain import KiB, MiB, grouped
from ..files.domain import FileFormat, FileRejected

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["MAX_COLUMNS", "Rows", "check_header", "error_text", "estimate_rows", "read_rows"]

# Excel's own limit (column XFD): a wider row is not a spreadsheet's.
MAX_COLUMNS = 16_384

# The rows of a file: a generator, so that closing it early closes the file.
Rows = Generator[tuple[int, list[str]], None, None]


def read_rows(path: Path, fmt: FileFormat, *, sample_lines: int | None = None) -> Rows:
    """Yield (line_number, cells) for every row, the header row included.

    `sample_lines`: stop after that many lines (CSV) or sheet rows (XLSX), blank ones
    included, so that a preview reads a bounded part of any file. An XLSX sample also
    reads the shared strings table only as far as the sampled cells need (openpyxl
    otherwise parses all of it first: tens of seconds for a two-million-row sheet).

    CSV: line_number is the physical line where the row starts (a quoted cell may span
    lines). Blank lines come through as empty lists, except blank lines at the very end
    of the file, which are dropped.

    XLSX: line_number is the sheet row number; cells are strings (see `_cell_to_str`),
    trailing empty cells are dropped, empty rows come through as empty lists, except
    empty rows at the end of the sheet, which are dropped.

    Either way the first row yielded is line 1: the header when the file starts with it.
    """
    if fmt.kind == "xlsx":
        return _read_xlsx(Path(path), fmt, sample_lines)
    if fmt.kind == "csv":
        return _read_csv(Path(path), fmt, sample_lines)
    raise ValueError(f"unknown file kind {fmt.kind!r}")


def _read_csv(path: Path, fmt: FileFormat, sample_lines: int | None = None) -> Rows:
    prev = 0  # physical lines consumed before the current row
    try:
        with path.open(encoding=fmt.encoding, newline="") as f:
            lines = f if sample_lines is None else itertools.islice(f, sample_lines)
            reader = csv.reader(lines, delimiter=fmt.delimiter)
            pending: list[int] = []  # blank lines not yet known to be followed by data
            for row in reader:  # the first row: strip a stray BOM
                if len(row) > MAX_COLUMNS:
                    raise FileRejected(_too_many_columns(1, len(row)))
                if row and row[0].startswith("\ufeff"):
                    row[0] = row[0][1:]
                if row:
                    yield 1, row
                else:
                    pending.append(1)
                prev = reader.line_num
                break
            for row in reader:
                if len(row) > MAX_COLUMNS:
                    raise FileRejected(_too_many_columns(prev + 1, len(row)))
                if row:
                    if pending:
                        for line in pending:
                            yield line, []
                        pending.clear()
                    yield prev + 1, row
                else:
                    pending.append(prev + 1)
                prev = reader.line_num
    except UnicodeDecodeError as exc:
        undecodable = _first_undecodable_line(path, fmt.encoding)
        raise FileRejected(
            _(
                "Line %(line)s is not valid %(encoding)s text (%(reason)s). Save the file as "
                "UTF-8, or choose the file's encoding (for example cp1251)."
            )
            % {
                "line": undecodable or prev + 1,
                "encoding": fmt.encoding.upper(),
                "reason": exc.reason,
            }
        ) from exc
    except csv.Error as exc:
        raise _csv_problem(exc, prev + 1) from exc


def _csv_problem(exc: csv.Error, line: int) -> FileRejected:
    message = str(exc)
    if "field larger than field limit" in message:
        return FileRejected(
            _(
                "Line %(line)s: a cell is longer than %(limit)s characters; most likely "
                'a quote (") is not closed.'
            )
            % {"line": line, "limit": grouped(csv.field_size_limit())}
        )
    return FileRejected(
        _("Line %(line)s cannot be read as CSV: %(error)s.")
        % {"line": line, "error": without_paths(message)}
    )


def _too_many_columns(line: int, count: int) -> str:
    return _("Line %(line)s has %(count)s columns; at most %(limit)s are allowed.") % {
        "line": line,
        "count": grouped(count),
        "limit": grouped(MAX_COLUMNS),
    }


def check_header(line: int, header: list[str]) -> None:
    """FileRejected when a column name holds a control character (see keyplan.core.text):
    it would be stored with the mapping, and PostgreSQL refuses NUL."""
    for number, name in enumerate(header, 1):
        char = control_character(name)
        if char is not None:
            raise FileRejected(
                _(
                    "Line %(line)s, column %(column)s: the column name contains a control "
                    "character (%(character)s). Remove it and upload the file again."
                )
                % {"line": line, "column": number, "character": code_point(char)}
            )


def error_text(exc: BaseException) -> str:
    """A parser's error, for a message: its type and text, without any file path (openpyxl
    wraps an invalid value in an error naming the file; its cause says what is wrong)."""
    cause = exc.__cause__
    if isinstance(exc, ValueError) and cause is not None and "Unable to read workbook" in str(exc):
        exc = cause
    return without_paths(f"{type(exc).__name__}: {exc}")


def _first_undecodable_line(path: Path, encoding: str) -> int | None:
    """The physical line number of the first byte that does not decode (error path only)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line_no = 1
    pending_cr = False
    with path.open("rb") as f:
        for raw in f:  # split at b"\n"; b"\n" never occurs inside a UTF-8 or cp1251 character
            try:
                decoder.decode(raw)
            except UnicodeDecodeError:
                return line_no
            # count line breaks the way universal newlines do: \r\n, \n and a lone \r
            crs = raw.count(b"\r") - raw.count(b"\r\n")
            if pending_cr and raw.startswith(b"\n"):
                crs -= 1  # the \r at the end of the previous chunk belonged to this \r\n
            line_no += crs + raw.endswith(b"\n")
            pending_cr = raw.endswith(b"\r")
    return None


def _read_xlsx(path: Path, fmt: FileFormat, sample_lines: int | None = None) -> Rows:
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # never parse uploaded XML without defusedxml's protections
        raise RuntimeError("defusedxml must be installed (and OPENPYXL_DEFUSEDXML not False).")

    stream: BinaryIO = path.open("rb")  # a file object: openpyxl then ignores the extension
    workbook = None
    try:
        try:
            workbook = _open_workbook(stream, lazy_strings=sample_lines is not None)
            sheet = _pick_sheet(workbook, fmt.sheet)
            sheet.reset_dimensions()  # a wrong <dimension> would otherwise cut rows off
            rows = sheet.iter_rows(values_only=True, max_row=sample_lines)
        except FileRejected:
            raise
        except Exception as exc:
            raise FileRejected(
                _("The XLSX file is damaged or uses features that cannot be read (%(error)s).")
                % {"error": error_text(exc)}
            ) from exc

        number = 0
        blank = 0  # empty rows not yet known to be followed by data
        to_str = _cell_to_str
        while True:
            try:
                values = next(rows, None)
            except Exception as exc:
                raise FileRejected(
                    _(
                        "The XLSX file is damaged or uses features that cannot be read: "
                        "row %(row)s is invalid (%(error)s)."
                    )
                    % {"row": number + 1, "error": error_text(exc)}
                ) from exc
            if values is None:
                break
            number += 1
            if len(values) > MAX_COLUMNS:
                raise FileRejected(_too_many_columns(number, len(values)))
            cells = [v if v.__class__ is str else to_str(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                blank += 1
                continue
            for n in range(number - blank, number):
                yield n, []
            blank = 0
            yield number, cells
    finally:
        if workbook is not None:
            _close_workbook(workbook)
        stream.close()


def _open_workbook(stream: BinaryIO, *, lazy_strings: bool) -> Workbook:
    """openpyxl's read-only workbook. With `lazy_strings` (a sample), its shared strings
    are read only as far as the cells asked for so far need (see `_LazyStrings`), and
    opening a sheet does not look for its size (openpyxl parses a sheet without a
    <dimension> element to its end for that; `_read_xlsx` resets the size anyway)."""
    import openpyxl
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.xml.constants import SHARED_STRINGS

    if not lazy_strings:
        return openpyxl.load_workbook(stream, read_only=True, data_only=True)

    class SampleSheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            pass

    class SampleReader(ExcelReader):
        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                self.shared_strings = _LazyStrings(self.archive.open(part.PartName[1:]))

        def read_worksheets(self) -> None:  # the read-only branch of openpyxl's own
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files:
                    continue
                if "chartsheet" in rel.Type:
                    self.read_chartsheet(sheet, rel)
                    continue
                ws = SampleSheet(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)

    reader = SampleReader(stream, read_only=True, data_only=True)
    reader.read()
    reader.wb._keyplan_strings = reader.shared_strings  # closed with the workbook
    return reader.wb


def _close_workbook(workbook: Workbook) -> None:
    strings = getattr(workbook, "_keyplan_strings", None)
    if isinstance(strings, _LazyStrings):
        strings.close()
    workbook.close()


class _LazyStrings:
    """An XLSX shared strings table parsed only up to the highest index asked for. Excel
    and the usual writers number the strings in order of first use, so the first rows of
    a sheet need only the first entries of the table."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.parsed = 0  # entries read from the table so far (for tests)
        self._strings: list[str] = []
        self._entries = self._parse()

    def _parse(self) -> Generator[str, None, None]:
        # As openpyxl.reader.strings.read_string_table, one entry at a time.
        from openpyxl.cell.text import Text
        from openpyxl.xml.constants import SHEET_MAIN_NS
        from openpyxl.xml.functions import iterparse

        tag = f"{{{SHEET_MAIN_NS}}}si"
        for _event, node in iterparse(self.source):
            if node.tag == tag:
                text = Text.from_tree(node).content.replace("x005F_", "")
                node.clear()
                self.parsed += 1
                yield text

    def __getitem__(self, index: int) -> str:
        while len(self._strings) <= index:
            text = next(self._entries, None)
            if text is None:
                raise IndexError(index)
            self._strings.append(text)
        return self._strings[index]

    def close(self) -> None:
        self._entries.close()
        self.source.close()


def _pick_sheet(workbook: Workbook, name: str) -> Worksheet:
    worksheets = workbook.worksheets  # chartsheets are not in here
    if not worksheets:
        raise FileRejected(_("The XLSX file contains no worksheet."))
    if name and name in workbook.sheetnames:
        sheet = workbook[name]
        if sheet in worksheets:
            return sheet
    return worksheets[0]


def _cell_to_str(value: object) -> str:
    """One XLSX cell value as text that the numbers and dates parsers read back."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_to_str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)  # timedelta (a duration format) and anything unexpected


def _float_to_str(value: float) -> str:
    """1234.5 → "1234.5", 3.0 → "3", 0.1 + 0.2 → "0.3" (Excel keeps 15 significant digits)."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)  # cannot come from a valid workbook; parse_decimal rejects it
    number = Decimal(repr(value))
    if len(number.as_tuple().digits) > 15:  # binary floating-point noise beyond Excel's 15
        number = Decimal(format(value, ".15g"))
    text = format(number.normalize(), "f")
    return "0" if text == "-0" else text


# ---------------------------------------------------------------------------------------------
# estimate_rows


def estimate_rows(path: Path, fmt: FileFormat) -> int | None:
    """A cheap row count for a progress bar: exact for XLSX when the sheet says, else None;
    for CSV, the file size over the average length of the first 1000 lines."""
    path = Path(path)
    if fmt.kind == "xlsx":
        return _xlsx_max_row(path, fmt)
    size = os.path.getsize(path)
    lines = 0
    length = 0
    with path.open("rb") as f:
        for line in f:
            lines += 1
            length += len(line)
            if lines >= 1000 or length >= 4 * MiB:
                break
    if not lines or not length:
        return None
    if length >= size:  # the whole file was read
        return lines
    return max(lines, round(size * lines / length))


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+[0-9]+:)?[A-Z]+([0-9]+)\"")


def _xlsx_max_row(path: Path, fmt: FileFormat) -> int | None:
    """The sheet's declared last row, from its <dimension>: read straight from the zip, so
    that the shared strings (possibly huge) are not loaded a second time."""
    from defusedxml import ElementTree

    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        with zipfile.ZipFile(path) as zf:
            workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
            sheets = [e for e in workbook.iter() if e.tag.rpartition("}")[2] == "sheet"]
            chosen = next((e for e in sheets if e.get("name") == fmt.sheet), sheets[0])
            rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
            target = next(
                e.get("Target", "") for e in rels.iter() if e.get("Id") == chosen.get(rel_ns)
            )
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            with zf.open(member) as sheet_xml:
                head = sheet_xml.read(64 * KiB)
    except Exception:  # an estimate only: read_rows reports the real problem
        return None
    match = _DIMENSION.search(head)
    if not match:
        return None
    max_row = int(match.group(1))
    return max_row if max_row > 1 else None  # "A1" is what unsized sheets declare
