"""What an import file is, and whether it may be read at all (of Django, only its
translations).

`sniff` inspects a file cheaply and decides how to read it: CSV or XLSX (from the content,
never the extension), the text encoding (see `keyplan.imports.encodings.domain`) and the
delimiter. It rejects, before anything is
parsed, what must not be parsed: files over the size limit, binaries renamed to .csv,
zip bombs and damaged workbooks. `keyplan.imports.reading.domain.read_rows` then streams
the rows.

Every problem the user can fix is a `FileRejected` whose message is one plain sentence
(or two) naming the problem, in the active language: the web pages run in the user's,
an import job runs in the language of whoever started it.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from keyplan.core.text import without_paths

from ..common.domain import GiB, KiB, MiB, grouped
from ..encodings.domain import detect_encoding

__all__ = ["EncodingUndecided", "FileFormat", "FileRejected", "sniff"]

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
    "iso8859-2": "iso-8859-2",
    "koi8-r": "koi8-r",
}

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


class EncodingUndecided(FileRejected):
    """No encoding reads the file plausibly, so the user has to name it. `message(advice)`
    says so with the advice of the channel (the CLI's option, the upload form's field)."""

    def __init__(self, tried: tuple[str, ...]) -> None:
        self.tried = tried
        super().__init__(self.message(_("Choose the file's encoding and import it again.")))

    def message(self, advice: str) -> str:
        return (
            _("The file's text encoding could not be recognised (tried %(encodings)s).")
            % {"encodings": ", ".join(name.upper() for name in self.tried)}
            + " "
            + advice
        )


def _export_advice() -> str:
    return _("Export the data as CSV or XLSX and upload that.")


def _one_decimal(x: float) -> str:
    """2.04 → "2.0" in English, "2,0" in Russian and Polish."""
    return f"{x:.1f}".replace(".", str(get_format("DECIMAL_SEPARATOR")))


@dataclass(frozen=True)
class FileFormat:
    kind: Literal["csv", "xlsx"]
    encoding: str  # "utf-8-sig", "utf-8", "cp1251", "cp1250", ... ("" for xlsx)
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
    expected_columns: Collection[str] = (),
) -> FileFormat:
    """Decide how to read `path`, or raise FileRejected (EncodingUndecided when no text
    encoding reads it plausibly). `expected_columns`: column names (normalised) that a
    correctly decoded header may hold; they pick the encoding of a header that reads as
    known names in only one (see `keyplan.imports.mapping.domain.expected_columns`)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRejected(
            _("The file cannot be read: %(error)s.")
            % {"error": exc.strerror or without_paths(str(exc))}
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
    delimiters = _header_delimiters(delimiter)
    enc = _choose_encoding(
        head, encoding, complete=complete, expected=expected_columns, delimiters=delimiters
    )
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
        shown, shown_limit = _bytes(size, grouped(size)), _bytes(limit, grouped(limit))
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
                    % {"parts": grouped(len(infos)), "limit": grouped(XLSX_MAX_ENTRIES)}
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
        "error": without_paths(str(exc))  # an OSError names the stored file
    }


def _first_sheet_name(workbook_xml: bytes) -> str:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(workbook_xml)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise FileRejected(
            _("The XLSX file is damaged: its workbook part is invalid (%(error)s).")
            % {"error": without_paths(str(exc))}
        ) from exc
    for element in root.iter():
        if element.tag.rpartition("}")[2] == "sheet" and element.get("name"):
            return element.get("name", "")
    raise FileRejected(_("The XLSX file contains no worksheet."))


def _choose_encoding(
    head: bytes,
    requested: str,
    *,
    complete: bool,
    expected: Collection[str],
    delimiters: tuple[str, ...],
) -> str:
    has_bom = head.startswith(_UTF8_BOM)
    req = (requested or "auto").strip().lower()
    if req == "auto":
        guess = detect_encoding(
            head, complete=complete, expected_columns=expected, delimiters=delimiters
        )
        if guess.encoding is None:
            raise EncodingUndecided(guess.tried)
        return guess.encoding
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


def _decode_sample(head: bytes, encoding: str, *, complete: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(head, final=complete)
    if not complete:  # drop the last, probably cut, line
        cut = max(text.rfind("\n"), text.rfind("\r"))
        if cut > 0:
            text = text[: cut + 1]
    return text


def _header_delimiters(requested: str) -> tuple[str, ...]:
    """The delimiters the header's cells may be split at, to weigh its encodings (a wrong
    delimiter option is reported later, by `_choose_delimiter`)."""
    if _is_auto(requested):
        return DELIMITERS
    try:
        return (_delimiter_option(requested),)
    except FileRejected:
        return DELIMITERS


def _is_auto(requested: str) -> bool:
    return requested != "\t" and (requested or "auto").strip().lower() == "auto"


def _delimiter_option(requested: str) -> str:
    req = requested if requested in ("\t",) else (requested or "auto").strip().lower()
    try:
        return _DELIMITER_ALIASES[req]
    except KeyError:
        raise FileRejected(
            _("“%(value)s” is not a supported delimiter; use a comma, a semicolon or tab.")
            % {"value": requested}
        ) from None


def _choose_delimiter(text: str, requested: str) -> str:
    if not _is_auto(requested):
        return _delimiter_option(requested)

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
    try:
        rows = [row for row in csv.reader(lines, delimiter=delimiter) if row]
    except csv.Error:  # e.g. a whole line as one cell over the field size limit
        return 0, []  # not this delimiter; reading the file names a real problem
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
