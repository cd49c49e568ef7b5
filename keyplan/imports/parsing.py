"""Streaming readers for CSV and XLSX import files (of Django, only its translations).

`sniff` inspects a file cheaply and decides how to read it: CSV or XLSX (from the content,
never the extension), the text encoding and the delimiter. It rejects, before anything is
parsed, what must not be parsed: files over the size limit, binaries renamed to .csv,
zip bombs and damaged workbooks. `read_rows` then streams the rows one at a time, so a
file of ten million lines is never held in memory, with the physical line number where
each row starts (CSV) or the sheet row number (XLSX) for error messages.

Every problem the user can fix is a `FileRejected` whose message is one plain sentence
(or two) naming the problem, in the active language: the web pages run in the user's,
an import job runs in the language of whoever started it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, Literal

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

__all__ = ["FileFormat", "FileRejected", "estimate_rows", "read_rows", "sniff"]

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB

BINARY_PROBE_BYTES = 64 * KiB  # NUL bytes in here mean "binary"
ENCODING_SAMPLE_BYTES = 1 * MiB  # how much has to decode as UTF-8 for "utf-8"
DELIMITER_SAMPLE_LINES = 50  # records looked at to choose the delimiter

# XLSX (zip) safety limits, checked from the zip directory before anything is decompressed.
XLSX_MAX_ENTRIES = 10_000
XLSX_MAX_UNCOMPRESSED = 1 * GiB
XLSX_MAX_RATIO = 200
XLSX_RATIO_MIN_SIZE = 1 * MiB  # tiny entries (styles, empty sheets) may compress far better

DELIMITERS = (";", ",", "\t")
_DELIMITER_ALIASES = {
    ",": ",",
    "comma": ",",
    ";": ";",
    "semicolon": ";",
    "\t": "\t",
    "\\t": "\t",
    "tab": "\t",
}
_ENCODING_ALIASES = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "cp1251": "cp1251",
    "cp1250": "cp1250",
    "cp1252": "cp1252",
}
# Bytes that in cp1250 are Polish letters (ą ł ś ź ż Ą Ł Ś Ź Ż) and in cp1252 rare symbols.
_CP1250_POLISH = frozenset(b"\xb9\xb3\x9c\x9f\xbf\xa5\xa3\x8c\x8f\xaf")

_UTF8_BOM = codecs.BOM_UTF8
_SEP_LINE = re.compile(r"\Asep=(.)\r?\n?\Z", re.IGNORECASE)  # Excel's "sep=;" hint line

# Magic numbers of files people rename to .csv, for a more helpful message (whole
# sentences, so that each language can word "it looks like ..." its own way).
_MAGIC = (
    (b"%PDF", gettext_lazy("The file is not a CSV or XLSX file: it looks like a PDF document.")),
    (b"\x89PNG", gettext_lazy("The file is not a CSV or XLSX file: it looks like a PNG image.")),
    (
        b"\xff\xd8\xff",
        gettext_lazy("The file is not a CSV or XLSX file: it looks like a JPEG image."),
    ),
    (b"GIF8", gettext_lazy("The file is not a CSV or XLSX file: it looks like a GIF image.")),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        gettext_lazy(
            "The file is not a CSV or XLSX file: it looks like an old-style Excel (.xls) "
            "file or a password-protected workbook."
        ),
    ),
    (
        b"\x1f\x8b",
        gettext_lazy("The file is not a CSV or XLSX file: it looks like a gzip archive."),
    ),
    (b"Rar!", gettext_lazy("The file is not a CSV or XLSX file: it looks like a RAR archive.")),
    (
        b"7z\xbc\xaf",
        gettext_lazy("The file is not a CSV or XLSX file: it looks like a 7-Zip archive."),
    ),
    (
        b"{\\rtf",
        gettext_lazy("The file is not a CSV or XLSX file: it looks like an RTF document."),
    ),
)


class FileRejected(Exception):
    """The file cannot be imported; the message is a user-facing sentence (translated)."""


def _export_advice() -> str:
    return _("Export the data as CSV or XLSX and upload that.")


def _grouped(n: int) -> str:
    """12345 → "12,345" in English, "12 345" in Russian and Polish."""
    return f"{n:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))


def _one_decimal(x: float) -> str:
    """2.04 → "2.0" in English, "2,0" in Russian and Polish."""
    return f"{x:.1f}".replace(".", str(get_format("DECIMAL_SEPARATOR")))


@dataclass(frozen=True)
class FileFormat:
    kind: Literal["csv", "xlsx"]
    encoding: str  # "utf-8-sig" | "utf-8" | "cp1251" | "cp1250" | "cp1252" ("" for xlsx)
    delimiter: str  # "," ";" "\t" ("" for xlsx)
    sheet: str = ""  # xlsx: the sheet read (the first one)


# ---------------------------------------------------------------------------------------------
# sniff


def sniff(
    path: Path,
    *,
    encoding: str = "auto",
    delimiter: str = "auto",
    max_bytes: int = 2 * GiB,
) -> FileFormat:
    """Decide how to read `path`, or raise FileRejected."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRejected(
            _("The file cannot be read: %(error)s.") % {"error": exc.strerror or exc}
        ) from exc
    if size > max_bytes:
        raise FileRejected(_size_message(size, max_bytes))
    if size == 0:
        raise FileRejected(_("The file is empty."))

    with path.open("rb") as f:
        head = f.read(ENCODING_SAMPLE_BYTES)

    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return FileFormat(kind="xlsx", encoding="", delimiter="", sheet=_check_xlsx(path))
    _reject_binary(head[:BINARY_PROBE_BYTES])

    complete = len(head) == size
    enc = _choose_encoding(head, encoding, complete=complete)
    text = _decode_sample(head, enc, complete=complete).removeprefix("\ufeff")
    if match := _SEP_LINE.match(text.split("\n", 1)[0] + "\n"):
        raise FileRejected(
            _(
                "The file starts with Excel's “sep=%(separator)s” line, which is not data. "
                "Delete that line so that the column names are on line 1, and upload it again."
            )
            % {"separator": match.group(1)}
        )
    delim = _choose_delimiter(text, delimiter)
    return FileFormat(kind="csv", encoding=enc, delimiter=delim)


def _size_message(size: int, limit: int) -> str:
    shown, shown_limit = _human_size(size), _human_size(limit)
    if shown == shown_limit:  # 2.0 GB vs 2.0 GB would read as nonsense
        shown, shown_limit = _bytes(size, _grouped(size)), _bytes(limit, _grouped(limit))
    return _("The file is %(size)s; the limit is %(limit)s.") % {
        "size": shown,
        "limit": shown_limit,
    }


def _bytes(n: int, shown: str) -> str:
    return ngettext("%(count)s byte", "%(count)s bytes", n) % {"count": shown}


def _human_size(n: int) -> str:
    if n >= GiB:
        return _("%(size)s GB") % {"size": _one_decimal(n / GiB)}
    if n >= MiB:
        return _("%(size)s MB") % {"size": _one_decimal(n / MiB)}
    if n >= KiB:
        return _("%(size)s KB") % {"size": _one_decimal(n / KiB)}
    return _bytes(n, str(n))


def _reject_binary(probe: bytes) -> None:
    for magic, what in _MAGIC:
        if probe.startswith(magic):
            raise FileRejected(f"{what} {_export_advice()}")
    ascii_as_utf16 = len(probe) >= 4 and (
        (probe[1] == 0 and probe[3] == 0) or (probe[0] == 0 and probe[2] == 0)
    )
    if probe.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or ascii_as_utf16:
        raise FileRejected(
            _(
                "The file is not a CSV or XLSX file we can read: it is encoded as UTF-16 "
                "(Excel's “Unicode text”). Save it as “CSV UTF-8” or as XLSX instead."
            )
        )
    if b"\x00" in probe:
        raise FileRejected(
            _("The file is not a CSV or XLSX file: it contains binary data.")
            + " "
            + _export_advice()
        )


def _check_xlsx(path: Path) -> str:
    """Zip-level safety checks before any XML is parsed; returns the first sheet's name."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > XLSX_MAX_ENTRIES:
                raise FileRejected(
                    _(
                        "The XLSX file contains %(parts)s parts; at most %(limit)s are "
                        "allowed, so it is not a normal spreadsheet."
                    )
                    % {"parts": _grouped(len(infos)), "limit": _grouped(XLSX_MAX_ENTRIES)}
                )
            total = sum(info.file_size for info in infos)
            if total > XLSX_MAX_UNCOMPRESSED:
                raise FileRejected(
                    _(
                        "The XLSX file would unpack to %(size)s; the limit is %(limit)s. "
                        "Split it or export it as CSV."
                    )
                    % {"size": _human_size(total), "limit": _human_size(XLSX_MAX_UNCOMPRESSED)}
                )
            for info in infos:
                if info.file_size >= XLSX_RATIO_MIN_SIZE and (
                    info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1)
                ):
                    raise FileRejected(
                        _(
                            "The XLSX file is compressed suspiciously well (a “zip bomb”) "
                            "and was not opened. Export the data again or as CSV."
                        )
                    )
            names = {info.filename for info in infos}
            if "xl/workbook.bin" in names:
                raise FileRejected(
                    _(
                        "The file is an Excel binary workbook (.xlsb), which cannot be read. "
                        "Save it as .xlsx or CSV and upload that."
                    )
                )
            if "content.xml" in names and "mimetype" in names:
                raise FileRejected(
                    _(
                        "The file is an OpenDocument file (.ods), which cannot be read. "
                        "Save it as .xlsx or CSV and upload that."
                    )
                )
            if "xl/workbook.xml" not in names:
                raise FileRejected(
                    _(
                        "The file is not a CSV or XLSX file: it is a ZIP archive without a "
                        "workbook (perhaps a .docx, .ods or an ordinary .zip)."
                    )
                    + " "
                    + _export_advice()
                )
            workbook_xml = zf.read("xl/workbook.xml")
    except FileRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise FileRejected(_damaged_zip(exc)) from exc
    except NotImplementedError as exc:  # an unsupported compression method
        raise FileRejected(_damaged_zip(exc)) from exc
    return _first_sheet_name(workbook_xml)


def _damaged_zip(exc: BaseException) -> str:
    return _("The XLSX file is damaged or incomplete and cannot be opened (%(error)s).") % {
        "error": exc
    }


def _first_sheet_name(workbook_xml: bytes) -> str:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(workbook_xml)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise FileRejected(
            _("The XLSX file is damaged: its workbook part is invalid (%(error)s).")
            % {"error": exc}
        ) from exc
    for element in root.iter():
        if element.tag.rpartition("}")[2] == "sheet" and element.get("name"):
            return element.get("name", "")
    raise FileRejected(_("The XLSX file contains no worksheet."))


def _choose_encoding(head: bytes, requested: str, *, complete: bool) -> str:
    has_bom = head.startswith(_UTF8_BOM)
    req = (requested or "auto").strip().lower()
    if req == "auto":
        if has_bom:
            return "utf-8-sig"
        return "utf-8" if _is_utf8(head, complete=complete) else _single_byte_encoding(head)
    try:
        name = codecs.lookup(req).name  # "UTF8" → "utf-8", "windows-1251" → "cp1251"
    except LookupError as exc:
        raise FileRejected(
            _("“%(value)s” is not a known text encoding; use utf-8, cp1251, cp1250 or cp1252.")
            % {"value": requested}
        ) from exc
    name = _ENCODING_ALIASES.get(name, name)
    if name == "utf-8" and has_bom:
        return "utf-8-sig"
    return name


def _single_byte_encoding(sample: bytes) -> str:
    """cp1251 (Cyrillic), cp1250 (Polish, Central European) or cp1252 (Western).

    Cyrillic text is written in whole words of bytes >= 0x80, so most of them stand next
    to another such byte; in Latin-script languages they are single letters inside ASCII
    words. Between the two Latin code pages, bytes that are Polish letters in cp1250 but
    rare symbols in cp1252 decide."""
    high = [i for i, byte in enumerate(sample) if byte >= 0x80]
    if not high:
        return "cp1251"
    positions = set(high)
    paired = sum(1 for i in high if i - 1 in positions or i + 1 in positions)
    if paired / len(high) >= 0.6:
        return "cp1251"
    if any(sample[i] in _CP1250_POLISH for i in high):
        return "cp1250"
    return "cp1252"


def _is_utf8(sample: bytes, *, complete: bool) -> bool:
    """True when `sample` is valid UTF-8, ignoring a character cut off at the sample's end
    (unless the sample is the whole file)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _decode_sample(head: bytes, encoding: str, *, complete: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(head, final=complete)
    if not complete:  # drop the last, probably cut, line
        cut = max(text.rfind("\n"), text.rfind("\r"))
        if cut > 0:
            text = text[: cut + 1]
    return text


def _choose_delimiter(text: str, requested: str) -> str:
    req = requested if requested in ("\t",) else (requested or "auto").strip().lower()
    if req != "auto":
        try:
            return _DELIMITER_ALIASES[req]
        except KeyError:
            raise FileRejected(
                _("“%(value)s” is not a supported delimiter; use a comma, a semicolon or tab.")
                % {"value": requested}
            ) from None

    records = _sample_records(text)
    if not records:
        return ","

    counts = {d: _field_counts(records, d) for d in DELIMITERS}
    consistent = [
        d for d, (header, rest) in counts.items() if header > 1 and all(n == header for n in rest)
    ]
    sniffed = _csv_sniffer(records)
    if sniffed in consistent:
        return sniffed
    if consistent:
        # Several split every line evenly: prefer the one giving the most fields.
        return max(consistent, key=lambda d: counts[d][0])
    # Ragged lines (e.g. trailing empty fields omitted): the header decides.
    splitting = [d for d in DELIMITERS if counts[d][0] > 1]
    if sniffed in splitting:
        return sniffed
    if splitting:
        return max(splitting, key=lambda d: counts[d][0])
    return ","  # a single column


def _sample_records(text: str) -> list[str]:
    """The first few physical lines (enough for the first records), without blank ones."""
    lines = text.splitlines(keepends=True)[: DELIMITER_SAMPLE_LINES * 4]
    return [line for line in lines if line.strip()]


def _field_counts(lines: list[str], delimiter: str) -> tuple[int, list[int]]:
    rows = [row for row in csv.reader(lines, delimiter=delimiter) if row]
    rows = rows[:DELIMITER_SAMPLE_LINES]
    if not rows:
        return 0, []
    # The last sampled record may be cut in the middle of a quoted cell: leave it out.
    rest = [len(row) for row in rows[1:-1]] if len(rows) > 2 else [len(r) for r in rows[1:]]
    return len(rows[0]), rest


def _csv_sniffer(lines: list[str]) -> str | None:
    sample = "".join(lines[:20])[: 16 * KiB]
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return None


# ---------------------------------------------------------------------------------------------
# read_rows


def read_rows(path: Path, fmt: FileFormat) -> Iterator[tuple[int, list[str]]]:
    """Yield (line_number, cells) for every row, the header row included.

    CSV: line_number is the physical line where the row starts (a quoted cell may span
    lines). Blank lines come through as empty lists, except blank lines at the very end
    of the file, which are dropped.

    XLSX: line_number is the sheet row number; cells are strings (see `_cell_to_str`),
    trailing empty cells are dropped, empty rows come through as empty lists, except
    empty rows at the end of the sheet, which are dropped.

    Either way the first row yielded is line 1: the header when the file starts with it.
    """
    if fmt.kind == "xlsx":
        return _read_xlsx(Path(path), fmt)
    if fmt.kind == "csv":
        return _read_csv(Path(path), fmt)
    raise ValueError(f"unknown file kind {fmt.kind!r}")


def _read_csv(path: Path, fmt: FileFormat) -> Iterator[tuple[int, list[str]]]:
    prev = 0  # physical lines consumed before the current row
    try:
        with path.open(encoding=fmt.encoding, newline="") as f:
            reader = csv.reader(f, delimiter=fmt.delimiter)
            pending: list[int] = []  # blank lines not yet known to be followed by data
            for row in reader:  # the first row: strip a stray BOM
                if row and row[0].startswith("\ufeff"):
                    row[0] = row[0][1:]
                if row:
                    yield 1, row
                else:
                    pending.append(1)
                prev = reader.line_num
                break
            for row in reader:
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
        line = _first_undecodable_line(path, fmt.encoding)
        raise FileRejected(
            _(
                "Line %(line)s is not valid %(encoding)s text (%(reason)s). Save the file as "
                "UTF-8, or choose the file's encoding (for example cp1251)."
            )
            % {"line": line or prev + 1, "encoding": fmt.encoding.upper(), "reason": exc.reason}
        ) from exc
    except csv.Error as exc:
        message = str(exc)
        if "field larger than field limit" in message:
            raise FileRejected(
                _(
                    "Line %(line)s: a cell is longer than %(limit)s characters; most likely "
                    'a quote (") is not closed.'
                )
                % {"line": prev + 1, "limit": _grouped(csv.field_size_limit())}
            ) from exc
        raise FileRejected(
            _("Line %(line)s cannot be read as CSV: %(error)s.")
            % {"line": prev + 1, "error": message}
        ) from exc


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


def _read_xlsx(path: Path, fmt: FileFormat) -> Iterator[tuple[int, list[str]]]:
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # never parse uploaded XML without defusedxml's protections
        raise RuntimeError("defusedxml must be installed (and OPENPYXL_DEFUSEDXML not False).")

    stream: BinaryIO = path.open("rb")  # a file object: openpyxl then ignores the extension
    workbook = None
    try:
        try:
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
            sheet = _pick_sheet(workbook, fmt.sheet)
            sheet.reset_dimensions()  # a wrong <dimension> would otherwise cut rows off
            rows = sheet.iter_rows(values_only=True)
        except FileRejected:
            raise
        except Exception as exc:
            raise FileRejected(
                _("The XLSX file is damaged or uses features that cannot be read (%(error)s).")
                % {"error": f"{type(exc).__name__}: {exc}"}
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
                    % {"row": number + 1, "error": f"{type(exc).__name__}: {exc}"}
                ) from exc
            if values is None:
                break
            number += 1
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
            workbook.close()
        stream.close()


def _pick_sheet(workbook, name: str):
    worksheets = workbook.worksheets  # chartsheets are not in here
    if not worksheets:
        raise FileRejected(_("The XLSX file contains no worksheet."))
    if name and name in workbook.sheetnames:
        sheet = workbook[name]
        if sheet in worksheets:
            return sheet
    return worksheets[0]


def _cell_to_str(value: object) -> str:
    """One XLSX cell value as text that keyplan.imports.values can parse back."""
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
