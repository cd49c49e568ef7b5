"""Which text encoding an import file is in (keyplan.imports.encodings, through `sniff`):
the header decides when it can, the text when it cannot, and a file that reads as
garbled in every candidate is refused with the encodings tried. No database."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from keyplan.imports.encodings import domain as encodings
from keyplan.imports.encodings.domain import CANDIDATES, detect_encoding
from keyplan.imports.files.domain import (
    ENCODING_SAMPLE_BYTES,
    EncodingUndecided,
    FileFormat,
    sniff,
)
from keyplan.imports.mapping.domain import expected_columns
from keyplan.imports.reading.domain import read_rows

INVOICES = expected_columns("invoices")
WALLET = expected_columns("wallet")

# A 1C export whose only Cyrillic text is its header: the names are in Latin script, with
# non-breaking spaces and curly quotes, which are the same bytes in cp1251, cp1250 and
# cp1252 (so the data alone cannot tell them apart).
ONE_C_HEADER = "Документ;Дата;Контрагент;ИНН;Номенклатура;Количество;Выручка;Себестоимость"
ONE_C_ROW = (
    "Sale 00BP-{n:06d} of 31.03.2024;31.03.2024 0:00:00;\u201cAcme\u00a0Trading\u201d LLC;"
    "7701234567;Bearing \u00ab6205-2RS\u00bb;10,000;1\u00a0234,56;1\u00a0000,00"
)


def one_c_export(rows: int = 200) -> str:
    return "\r\n".join([ONE_C_HEADER, *(ONE_C_ROW.format(n=n) for n in range(rows))]) + "\r\n"


def write(tmp_path: Path, data: bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rows(path: Path, fmt: FileFormat) -> list[list[str]]:
    return [cells for _line, cells in read_rows(path, fmt)]


# --- the header decides -------------------------------------------------------------------


def test_1c_export_with_a_cyrillic_header_only_is_cp1251(tmp_path):
    data = one_c_export().encode("cp1251")
    path = write(tmp_path, data)
    fmt = sniff(path, expected_columns=INVOICES)
    assert fmt == FileFormat("csv", "cp1251", ";")
    header, first, *_ = rows(path, fmt)
    assert header == ONE_C_HEADER.split(";")
    assert first[2] == "\u201cAcme\u00a0Trading\u201d LLC"
    assert first[4] == "Bearing \u00ab6205-2RS\u00bb"
    assert first[6] == "1\u00a0234,56"
    guess = detect_encoding(data, complete=True, expected_columns=INVOICES)
    assert (guess.encoding, guess.reason) == ("cp1251", "header")


def test_the_data_alone_could_not_tell_the_code_page():
    """Why the header has to decide: below it, cp1251, cp1250 and cp1252 read the same."""
    body = one_c_export().encode("cp1251").split(b"\r\n", 1)[1]
    assert body.decode("cp1251") == body.decode("cp1250") == body.decode("cp1252")


def test_a_koi8_r_header_is_read_as_koi8_r():
    # KOI8-R has no curly quotes: the names are quoted the plain way.
    data = one_c_export(20).translate({0x201C: '"', 0x201D: '"', 0xAB: '"', 0xBB: '"'})
    data = data.encode("koi8-r")
    guess = detect_encoding(data, complete=True, expected_columns=INVOICES)
    assert (guess.encoding, guess.reason) == ("koi8-r", "header")


def test_polish_cp1250_file_with_polish_header(tmp_path):
    text = (
        "Kontrahent;Potencjał zakupowy;Waluta;Źródło szacunku\r\n"
        "Zakład Mięsny „Łuków”;1\u00a0250\u00a0000,50;zł;rozmowa z zarządem\r\n"
        "Przedsiębiorstwo Żuraw;740\u00a0000;zł;przegląd branży\r\n"
    )
    path = write(tmp_path, text.encode("cp1250"))
    fmt = sniff(path, expected_columns=WALLET)
    assert fmt == FileFormat("csv", "cp1250", ";")
    assert rows(path, fmt)[1] == [
        "Zakład Mięsny „Łuków”",
        "1\u00a0250\u00a0000,50",
        "zł",
        "rozmowa z zarządem",
    ]


def test_columns_the_user_mapped_count_as_known():
    # "Покупатель ООО" is no preset's name; mapped with --map, it is known to be in the file.
    text = "Покупатель ООО;Сумма с НДС\r\nAcme\u00a0Ltd;100\r\n"
    data = text.encode("koi8-r")
    mapped = expected_columns("wallet", ["Покупатель ООО"])
    guess = detect_encoding(data, complete=True, expected_columns=mapped)
    assert (guess.encoding, guess.reason) == ("koi8-r", "header")


# --- the text decides ---------------------------------------------------------------------

LINES = {
    "pl": ["Zakład Łódź", "Gdańsk", "Żuraw Świętokrzyski", "Kraków", "żółć", "Wrocław"],
    "cs": ["Příliš žluťoučký kůň", "úpěl ďábelské ódy", "Plzeň", "Ústí nad Labem"],
    "de": ["Café Müller", "Köln", "Größe", "Straße", "Bäckerei Schäfer"],
    "fr": ["Hôtel-Dieu", "Noël", "Crème brûlée", "Société Générale", "à côté"],
    "es": ["José Peña", "Málaga", "Año nuevo", "Núñez", "Logroño"],
    "ru": ['ООО "Ромашка"', "Москва", "Санкт-Петербург", "Отдел продаж", "Ёлка"],
    "uk": ["Київ", "Львів", "Їжак", "Харків"],
    "en": ["Acme\u00a0Corp", "\u201cBest\u201d Ltd", "\u00abNord\u00bb GmbH", "O\u2019Brien"],
}


def text_of(language: str, rows: int) -> str:
    words = LINES[language]
    body = [
        f"{words[n % len(words)]} {n};{n},50;{words[(n * 7 + 3) % len(words)]}" for n in range(rows)
    ]
    return "\r\n".join(["Name;Amount;Note", *body]) + "\r\n"


@pytest.mark.parametrize("rows_count", [3, 40, 3000])
@pytest.mark.parametrize(
    ("language", "encoding"),
    [
        ("pl", "cp1250"),
        ("pl", "iso-8859-2"),
        ("cs", "cp1250"),
        ("cs", "iso-8859-2"),
        ("de", "cp1252"),
        ("fr", "cp1252"),
        ("es", "cp1252"),
        ("ru", "cp1251"),
        ("ru", "koi8-r"),
        ("uk", "cp1251"),
        ("en", "cp1252"),
    ],
)
def test_the_text_decides_when_the_header_is_ascii(language, encoding, rows_count):
    text = text_of(language, rows_count)
    data = text.encode(encoding)
    guess = detect_encoding(data, complete=True, expected_columns=INVOICES)
    assert guess.reason == "text"
    # Code pages that read these bytes alike are equally right.
    assert data.decode(guess.encoding) == text


def test_western_text_in_doubt_is_cp1252():
    # "Peña" is "Peńa" in cp1250: nothing in the bytes says which; Western wins the tie.
    data = "Customer Name,City\nCafé Müller,Köln\nJosé Peña,Málaga\n".encode("cp1252")
    assert detect_encoding(data, complete=True).encoding == "cp1252"


def test_utf8_with_bom(tmp_path):
    path = write(tmp_path, ("\ufeff" + one_c_export(3)).encode())
    fmt = sniff(path, expected_columns=INVOICES)
    assert fmt == FileFormat("csv", "utf-8-sig", ";")
    assert rows(path, fmt)[0] == ONE_C_HEADER.split(";")


def test_utf8_never_asks_the_detector(tmp_path, monkeypatch):
    def no_detector(*args, **kwargs):
        raise AssertionError("the detector ran on a UTF-8 file")

    monkeypatch.setattr(encodings, "_detector_verdicts", no_detector)
    path = write(tmp_path, one_c_export(3000).encode())
    assert sniff(path, expected_columns=INVOICES).encoding == "utf-8"


# --- undecided ----------------------------------------------------------------------------

JAPANESE = "顧客名;金額;担当\r\n株式会社山田;1200;佐藤\r\n東京商事;300;鈴木\r\n".encode("shift_jis")


def test_a_file_no_candidate_reads_is_refused_naming_what_was_tried(tmp_path):
    path = write(tmp_path, JAPANESE)
    with pytest.raises(EncodingUndecided) as info:
        sniff(path, expected_columns=INVOICES)
    assert info.value.tried == CANDIDATES
    message = str(info.value)
    assert message == (
        "The file's text encoding could not be recognised (tried UTF-8, CP1251, CP1250, "
        "CP1252, ISO-8859-2, KOI8-R). Choose the file's encoding and import it again."
    )
    assert info.value.message("Use --encoding.").endswith("KOI8-R). Use --encoding.")


@pytest.mark.parametrize(
    "data",
    [
        "Контрагент;Сумма\r\nООО Ромашка;1200\r\n".encode("cp866"),  # DOS Cyrillic
        "Name;City\r\nCafé Müller;Köln\r\nJosé Peña;Málaga\r\n".encode("mac_roman"),
        "客户;金额\r\n北京公司;1200\r\n上海贸易;300\r\n".encode("gbk"),
    ],
)
def test_other_encodings_are_not_guessed(data):
    assert detect_encoding(data, complete=True, expected_columns=INVOICES).encoding is None


def test_an_explicit_encoding_is_used_as_given(tmp_path):
    undecided = write(tmp_path, JAPANESE, "ja.csv")
    assert sniff(undecided, encoding="cp1251").encoding == "cp1251"
    one_c = write(tmp_path, one_c_export().encode("cp1251"), "1c.csv")
    fmt = sniff(one_c, encoding="cp1252", expected_columns=INVOICES)
    assert fmt.encoding == "cp1252"
    assert rows(one_c, fmt)[0][0] == "Äîêóìåíò"
    assert sniff(one_c, encoding="koi8-r").encoding == "koi8-r"
    assert sniff(one_c, encoding="ISO-8859-2").encoding == "iso-8859-2"


# --- deterministic, bounded ---------------------------------------------------------------


def test_identical_files_give_identical_answers(tmp_path):
    samples = [one_c_export(), text_of("pl", 50), text_of("fr", 3)]
    for text in samples:
        for encoding in ("cp1251", "cp1250", "cp1252", "iso-8859-2", "koi8-r"):
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            first = detect_encoding(data, complete=True, expected_columns=INVOICES)
            for _ in range(3):
                assert detect_encoding(data, complete=True, expected_columns=INVOICES) == first
    messages = set()
    for _ in range(3):
        with pytest.raises(EncodingUndecided) as info:
            sniff(write(tmp_path, JAPANESE), expected_columns=INVOICES)
        messages.add(str(info.value))
    assert len(messages) == 1


def test_a_huge_file_is_judged_by_its_first_bytes(tmp_path):
    """1 GiB (sparse, so the test stays small on disk): sniffing reads a bounded prefix."""
    path = tmp_path / "huge.csv"
    head = one_c_export(3000).encode("cp1251")
    with path.open("wb") as f:
        f.write(head)
        f.truncate(1024**3)
    tracemalloc.start()
    try:
        fmt = sniff(path, expected_columns=INVOICES)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert fmt.encoding == "cp1251"
    assert peak < 8 * ENCODING_SAMPLE_BYTES


def test_detection_weighs_a_bounded_window():
    # Cyrillic only past the window: the text step never sees it (the header would).
    data = b"Name;Note\r\n" + b"Acme\xa0Ltd;x\r\n" * 20_000 + "Ромашка;y\r\n".encode("cp1251")
    window = encodings._window(data, complete=True)
    assert len(window) <= encodings.DETECTION_WINDOW_BYTES
    assert "Ромашка".encode("cp1251") not in window
