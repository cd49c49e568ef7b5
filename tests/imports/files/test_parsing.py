"""keyplan.imports.files and .reading: sniffing and streaming CSV/XLSX files (no database)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from keyplan.imports.files import domain as files
from keyplan.imports.files.domain import FileFormat, FileRejected, sniff
from keyplan.imports.reading import domain as reading
from keyplan.imports.reading.domain import estimate_rows, read_rows


def write(tmp_path: Path, data: bytes | str, name: str = "data.csv", encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def rows(path: Path, fmt: FileFormat | None = None) -> list[tuple[int, list[str]]]:
    return list(read_rows(path, fmt or sniff(path)))


# --- encodings --------------------------------------------------------------------------


def test_utf8_without_bom(tmp_path):
    path = write(tmp_path, "Firma,Miasto\nPolmet Sp. z o.o.,Łódź\n")
    assert sniff(path) == FileFormat("csv", "utf-8", ",")
    assert rows(path) == [(1, ["Firma", "Miasto"]), (2, ["Polmet Sp. z o.o.", "Łódź"])]


def test_utf8_with_bom(tmp_path):
    path = write(tmp_path, "\ufeffName;Revenue\nAcme;1 234,50\n")
    fmt = sniff(path)
    assert fmt == FileFormat("csv", "utf-8-sig", ";")
    assert rows(path, fmt) == [(1, ["Name", "Revenue"]), (2, ["Acme", "1 234,50"])]


def test_explicit_utf8_with_bom_becomes_utf8_sig(tmp_path):
    path = write(tmp_path, "\ufeffName,Revenue\nAcme,1\n")
    assert sniff(path, encoding="utf-8").encoding == "utf-8-sig"
    assert sniff(path, encoding="UTF8").encoding == "utf-8-sig"


def test_stray_bom_is_stripped_from_the_first_cell(tmp_path):
    path = write(tmp_path, "\ufeffName,Revenue\nAcme,1\n")
    assert rows(path, FileFormat("csv", "utf-8", ","))[0] == (1, ["Name", "Revenue"])


def test_cp1251_russian_headers(tmp_path):
    text = 'Контрагент;ИНН;Выручка\r\nООО "Ромашка";7701234567;1 234,56\r\n'
    path = write(tmp_path, text, encoding="cp1251")
    fmt = sniff(path)
    assert fmt == FileFormat("csv", "cp1251", ";")
    assert rows(path, fmt) == [
        (1, ["Контрагент", "ИНН", "Выручка"]),
        (2, ['ООО "Ромашка"', "7701234567", "1 234,56"]),
    ]


def test_explicit_encodings_are_taken_as_given(tmp_path):
    path = write(tmp_path, "Контрагент;ИНН\nА;1\n", encoding="cp1251")
    assert sniff(path, encoding="cp1251").encoding == "cp1251"
    assert sniff(path, encoding="windows-1251").encoding == "cp1251"
    assert sniff(path, encoding="utf-8").encoding == "utf-8"
    with pytest.raises(FileRejected, match="not a known text encoding"):
        sniff(path, encoding="klingon")


def test_multibyte_character_cut_at_the_sample_end_is_still_utf8(tmp_path):
    head = b"Name,City\n" + b"a" * (files.ENCODING_SAMPLE_BYTES - 11) + b","
    assert len(head) == files.ENCODING_SAMPLE_BYTES
    path = write(tmp_path, head[:-1] + "ż".encode() + b"\n")  # "ż" straddles the sample end
    assert sniff(path).encoding == "utf-8"


def test_a_lead_byte_at_the_very_end_of_a_small_file_is_not_utf8(tmp_path):
    # "Ро" in cp1251 ends the file: not valid UTF-8, and a Cyrillic word.
    assert sniff(write(tmp_path, b"Name,City\nA,B\xd0\xee")).encoding == "cp1251"


def test_polish_windows_text_is_read_as_cp1250(tmp_path):
    text = "Nazwa;Miasto\nZakład Łódź;Gdańsk\nŻuraw Świętokrzyski;Kraków\n"
    path = write(tmp_path, text.encode("cp1250"))
    fmt = sniff(path)
    assert fmt.encoding == "cp1250"
    assert rows(path, fmt)[1][1] == ["Zakład Łódź", "Gdańsk"]


def test_western_windows_text_is_read_as_cp1252(tmp_path):
    text = "Customer Name,City\nCafé Müller,Köln\nJosé Peña,Málaga\n"
    path = write(tmp_path, text.encode("cp1252"))
    fmt = sniff(path)
    assert fmt.encoding == "cp1252"
    assert rows(path, fmt)[2][1] == ["José Peña", "Málaga"]


def test_russian_windows_text_is_still_cp1251(tmp_path):
    text = "Контрагент;ИНН\nООО «Ромашка»;7701234567\n"
    assert sniff(write(tmp_path, text.encode("cp1251"))).encoding == "cp1251"


def test_invalid_utf8_later_in_the_file_names_the_line(tmp_path):
    data = b'Name,Note\n"multi\nline",x\nok,y\nbad,\xff\xfe\n'
    path = write(tmp_path, data)
    with pytest.raises(FileRejected, match=r"^Line 5 is not valid UTF-8 text"):
        rows(path, FileFormat("csv", "utf-8", ","))


# --- delimiters and quoting -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Name,Qty,Price\nAcme,1,2.5\nBeta,3,4.5\n", ","),
        ("Name;Qty;Price\nAcme;1;2,5\nBeta;3;4,5\n", ";"),  # decimal commas inside
        ("Name\tQty\tPrice\nAcme\t1\t2,5\nBeta\t3\t4.5\n", "\t"),
        ('Name,Note\n"Acme; Inc",x\n"Beta; Ltd",y\n', ","),  # ; only inside quotes
        ('Name;Note\n"Acme, Inc";x\n"Beta, Ltd";y\n', ";"),
        ("Name;Qty\n", ";"),  # header only
        ("Name\nAcme\nBeta\n", ","),  # one column
    ],
)
def test_delimiter_detection(tmp_path, text, delimiter):
    assert sniff(write(tmp_path, text)).delimiter == delimiter


@pytest.mark.parametrize(
    ("option", "delimiter"), [(";", ";"), (",", ","), ("tab", "\t"), ("\t", "\t"), ("TAB", "\t")]
)
def test_explicit_delimiter(tmp_path, option, delimiter):
    path = write(tmp_path, "a,b;c\td\n")
    assert sniff(path, delimiter=option).delimiter == delimiter


def test_unknown_delimiter_is_rejected(tmp_path):
    with pytest.raises(FileRejected, match="not a supported delimiter"):
        sniff(write(tmp_path, "a|b\n"), delimiter="|")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_quoted_cells_with_delimiters_and_newlines_keep_line_numbers(tmp_path, delimiter):
    d = delimiter
    text = (
        f"Name{d}Note{d}Amount\r\n"
        f'"Acme{d} Inc"{d}"first line\r\nsecond line\r\nthird ""quoted"""{d}1\r\n'
        f"Beta{d}plain{d}2\r\n"
        f'Gamma{d}"x{d}y\r\nz"{d}3\r\n'
        f"Delta{d}{d}4\r\n"
    )
    path = write(tmp_path, text)
    fmt = sniff(path)
    assert fmt.delimiter == delimiter
    assert rows(path, fmt) == [
        (1, ["Name", "Note", "Amount"]),
        (2, [f"Acme{d} Inc", 'first line\r\nsecond line\r\nthird "quoted"', "1"]),
        (5, ["Beta", "plain", "2"]),
        (6, ["Gamma", f"x{d}y\r\nz", "3"]),
        (8, ["Delta", "", "4"]),
    ]


def test_lone_carriage_returns_count_as_lines(tmp_path):
    path = write(tmp_path, 'a,b\r"x\ry",1\rz,2\r')
    assert rows(path) == [(1, ["a", "b"]), (2, ["x\ry", "1"]), (4, ["z", "2"])]


def test_blank_lines(tmp_path):
    path = write(tmp_path, "Name,Qty\nA,1\n\nB,2\n\n\n")
    assert rows(path) == [(1, ["Name", "Qty"]), (2, ["A", "1"]), (3, []), (4, ["B", "2"])]
    path = write(tmp_path, "\n\nName,Qty\nA,1\n", "leading.csv")
    assert rows(path) == [(1, []), (2, []), (3, ["Name", "Qty"]), (4, ["A", "1"])]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_excel_sep_line_is_rejected(tmp_path, delimiter):
    path = write(
        tmp_path, f"\ufeffsep={delimiter}\r\nName{delimiter}Amount\r\nAcme{delimiter}1\r\n"
    )
    with pytest.raises(FileRejected, match=f"starts with Excel's “sep={delimiter}” line"):
        sniff(path)
    with pytest.raises(FileRejected, match="sep="):
        sniff(path, delimiter=delimiter)


def test_unclosed_quote_names_the_line(tmp_path):
    path = write(tmp_path, 'Name,Note\nA,ok\nB,"never closed\n' + "x,y\n" * 40_000)
    with pytest.raises(FileRejected, match=r"^Line 3: a cell is longer than .* not closed"):
        rows(path, FileFormat("csv", "utf-8", ","))


def test_read_rows_streams(tmp_path):
    path = write(tmp_path, "Name,Qty\n" + "A,1\n" * 10)
    it = read_rows(path, sniff(path))
    assert next(it) == (1, ["Name", "Qty"])
    assert next(it) == (2, ["A", "1"])
    it.close()


def test_estimate_rows_csv(tmp_path):
    path = write(
        tmp_path, "Name,Qty\n" + "".join(f"Customer {i:05d},{i % 10}\n" for i in range(5000))
    )
    estimate = estimate_rows(path, sniff(path))
    assert estimate is not None
    assert 4500 <= estimate <= 5500
    small = write(tmp_path, "a,b\n1,2\n3,4\n", "small.csv")
    assert estimate_rows(small, sniff(small)) == 3


# --- rejected files ---------------------------------------------------------------------


def test_file_over_the_size_limit(tmp_path):
    path = write(tmp_path, "Name,Qty\n" + "A,1\n" * 300)
    with pytest.raises(FileRejected, match=r"^The file is 1\.2 KB; the limit is 100 bytes\.$"):
        sniff(path, max_bytes=100)
    assert files._size_message(int(2.4 * 1024**3), 2 * 1024**3) == (
        "The file is 2.4 GB; the limit is 2.0 GB."
    )


def test_empty_file(tmp_path):
    with pytest.raises(FileRejected, match="empty"):
        sniff(write(tmp_path, b""))


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "PNG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, r"\.xls"),
        (b"name,qty\n\x00\x01\x02\x03binary", "binary data"),
        ("Name,Qty\nA,1\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_binary_renamed_to_csv_is_rejected(tmp_path, data, what):
    with pytest.raises(FileRejected, match=rf"^The file is not a CSV or XLSX file.*{what}"):
        sniff(write(tmp_path, data, "export.csv"))


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "report.csv"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(FileRejected, match="not a CSV or XLSX file: it is a ZIP archive"):
        sniff(path)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (["xl/workbook.bin"], r"\(\.xlsb\)"),
        (["mimetype", "content.xml"], r"\(\.ods\)"),
    ],
)
def test_other_spreadsheet_formats(tmp_path, members, message):
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for member in members:
            zf.writestr(member, "x")
    with pytest.raises(FileRejected, match=message):
        sniff(path)


def test_zip_bomb(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            chunk = b"0" * (1 << 20)
            for _ in range(64):  # 64 MB of zeros; deflate packs them ~1000:1
                entry.write(chunk)
    assert path.stat().st_size < 200_000
    with pytest.raises(FileRejected, match="zip bomb"):
        sniff(path)


def test_zip_unpacking_over_the_total_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "XLSX_MAX_UNCOMPRESSED", 1000)
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", "x" * 2000)
    with pytest.raises(FileRejected, match=r"would unpack to 2\.0 KB; the limit is 1000 bytes"):
        sniff(path)


def test_zip_with_too_many_entries(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(files.XLSX_MAX_ENTRIES):
            zf.writestr(f"xl/media/{i}", b"")
    with pytest.raises(FileRejected, match="10,001 parts; at most 10,000"):
        sniff(path)


def test_truncated_xlsx_is_damaged(tmp_path):
    path = make_xlsx(tmp_path, [["Name", "Qty"], *[[f"Customer {i}", i] for i in range(500)]])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileRejected, match=r"^The XLSX file is damaged"):
        sniff(path)


def test_malformed_sheet_xml_is_damaged(tmp_path):
    path = make_xlsx(tmp_path, [["Name"], ["A"]])
    replace_member(path, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r='1'>")
    fmt = sniff(path)
    with pytest.raises(FileRejected, match=r"^The XLSX file is damaged"):
        rows(path, fmt)


def test_xml_entity_expansion_is_refused(tmp_path):
    path = make_xlsx(tmp_path, [["Name"], ["A"]])
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    replace_member(path, "xl/worksheets/sheet1.xml", laughs)
    with pytest.raises(FileRejected, match=r"^The XLSX file is damaged"):
        rows(path, sniff(path))


def test_openpyxl_uses_defusedxml():
    assert openpyxl.DEFUSEDXML is True


# --- XLSX -------------------------------------------------------------------------------


def make_xlsx(tmp_path: Path, data: list[list], name: str = "data.xlsx", title="Sales") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in data:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def replace_member(path: Path, member: str, content: bytes) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == member else src.read(info))
    path.write_bytes(buffer.getvalue())


def test_xlsx_values(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Invoices"
    ws.append(["Document", "Qty", "Price", "Total", "Date", "When", "Paid", "Note"])
    ws.append(["FV/1", 3, 1234.5, 3.0, dt.date(2024, 3, 31), dt.datetime(2024, 3, 31, 10, 0), True])
    ws.append(["FV/2", -7, 0.1 + 0.2, Decimal("12.50"), dt.datetime(2024, 1, 2), None, False, "x"])
    ws.append([])  # an empty row inside the data
    ws.append(["FV/3", None, None, 1e20])
    for row in range(6, 9):  # trailing rows that exist only because they are formatted
        ws.cell(row=row, column=2).font = Font(bold=True)
    wb.create_sheet("Second").append(["not", "read"])
    path = tmp_path / "invoices.xlsx"
    wb.save(path)

    fmt = sniff(path)
    assert fmt == FileFormat("xlsx", "", "", "Invoices")
    assert rows(path, fmt) == [
        (1, ["Document", "Qty", "Price", "Total", "Date", "When", "Paid", "Note"]),
        (2, ["FV/1", "3", "1234.5", "3", "2024-03-31", "2024-03-31T10:00:00", "true"]),
        (3, ["FV/2", "-7", "0.3", "12.5", "2024-01-02", "", "false", "x"]),
        (4, []),
        (5, ["FV/3", "", "", "100000000000000000000"]),
    ]
    assert estimate_rows(path, fmt) == 8


def test_xlsx_detected_by_content_whatever_its_name(tmp_path):
    path = make_xlsx(tmp_path, [["Name", "Qty"], ["Acme", 2]], name="export.csv")
    fmt = sniff(path)
    assert fmt.kind == "xlsx"
    assert rows(path, fmt) == [(1, ["Name", "Qty"]), (2, ["Acme", "2"])]


def test_xlsx_with_a_wrong_dimension_is_read_in_full(tmp_path):
    path = make_xlsx(tmp_path, [["Name", "Qty", "Price"], ["A", 1, 2], ["B", 3, 4]])
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:C3"' in sheet
    replace_member(path, "xl/worksheets/sheet1.xml", sheet.replace(b"A1:C3", b"A1:A1"))
    assert rows(path) == [(1, ["Name", "Qty", "Price"]), (2, ["A", "1", "2"]), (3, ["B", "3", "4"])]


def test_xlsx_leading_empty_rows_keep_their_numbers(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B3"] = "Name"
    ws["B4"] = "Acme"
    path = tmp_path / "offset.xlsx"
    wb.save(path)
    assert rows(path) == [(1, []), (2, []), (3, ["", "Name"]), (4, ["", "Acme"])]


def test_xlsx_workbook_is_closed_when_reading_stops_early(tmp_path, monkeypatch):
    closed = []
    real_close = openpyxl.workbook.workbook.Workbook.close

    def close(self):
        closed.append(True)
        real_close(self)

    monkeypatch.setattr(openpyxl.workbook.workbook.Workbook, "close", close)
    path = make_xlsx(tmp_path, [["Name"], ["A"], ["B"]])
    it = read_rows(path, sniff(path))
    assert next(it) == (1, ["Name"])
    it.close()
    assert closed == [True]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.1 + 0.2, "0.3"),
        (1234.5, "1234.5"),
        (3.0, "3"),
        (-0.0, "0"),
        (1e-7, "0.0000001"),
        (123456789.12345679, "123456789.123457"),
        (Decimal("1.10"), "1.10"),
        (dt.time(10, 30), "10:30:00"),
        (dt.datetime(2024, 3, 31, 0, 0), "2024-03-31"),
        (dt.datetime(2024, 3, 31, 0, 0, 1), "2024-03-31T00:00:01"),
        (False, "false"),
        (None, ""),
    ],
)
def test_cell_to_str(value, text):
    assert reading._cell_to_str(value) == text
