"""Encodings as they come (issue #15), through the real import: `keyplan import` and the
upload page read a 1C cp1251 export whose only Cyrillic is its header, Polish cp1250 and
UTF-8 with a BOM; a file no encoding reads is refused naming the encodings tried and how
to choose one; a given encoding is used as given."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from keyplan.accounts.models import Account
from keyplan.imports.models import ImportJob
from keyplan.sales.models import InvoiceLine, WalletEstimate

from .support import counts, fails, run, write_csv

pytestmark = pytest.mark.django_db

D = Decimal
NBSP = "\u00a0"
ONE_C_HEADER = [
    "Документ",
    "Дата",
    "Контрагент",
    "ИНН",
    "Номенклатура",
    "Количество",
    "Выручка",
    "Себестоимость",
]
# Customer and product names in Latin script; only NBSPs and curly quotes are not ASCII.
ACME = f"\u201cAcme{NBSP}Trading\u201d LLC"
NORD = f"\u00abNord{NBSP}Logistics\u00bb GmbH"
BEARING = "Bearing \u00ab6205-2RS\u00bb"
DOC1, DOC2 = "Sale 00BP-000123 of 31.03.2024", "Sale 00BP-000124 of 01.04.2024"
ONE_C_ROWS = [
    [DOC1, "31.03.2024 0:00:00", ACME, "7701234567", BEARING, "10,000", "1 234,56", "1 000,00"],
    [DOC1, "31.03.2024 0:00:00", ACME, "7701234567", "Grease 10 kg", "2", "12 500", "10 000"],
    [DOC2, "01.04.2024 0:00:00", NORD, "3528000597", BEARING, "100,000", "98 765,43", "80 000"],
]
# Many rows, as a real export has: below the header, its bytes read the same in cp1251,
# cp1250 and cp1252.
MORE_ROWS = [
    [f"Sale 00BP-{n:06d}", "02.04.2024 0:00:00", ACME, "7701234567", BEARING, "1", "1 000", "800"]
    for n in range(1000, 1060)
]
JAPANESE = "顧客名;金額;担当\r\n株式会社山田;1200;佐藤\r\n東京商事;300;鈴木\r\n".encode("shift_jis")


def one_c_file(tmp_path, encoding: str = "cp1251"):
    # 1C groups thousands with a non-breaking space.
    amounts = [[*row[:5], *(cell.replace(" ", NBSP) for cell in row[5:])] for row in ONE_C_ROWS]
    rows = [ONE_C_HEADER, *amounts, *MORE_ROWS]
    return write_csv(tmp_path / "Продажи.csv", rows, delimiter=";", encoding=encoding)


def test_1c_cp1251_export_with_a_cyrillic_header_only(tmp_path, world):
    path = one_c_file(tmp_path)
    summary = run("invoices", str(path), "--preset", "1c-sales")
    assert summary["detected"]["encoding"] == "cp1251"
    assert summary["detected"]["delimiter"] == ";"
    assert summary["mapping"] == {
        "document": "Документ",
        "date": "Дата",
        "account_name": "Контрагент",
        "account_tax_id": "ИНН",
        "product_name": "Номенклатура",
        "quantity": "Количество",
        "revenue": "Выручка",
        "cost": "Себестоимость",
    }
    assert counts(summary) == (63, 63, 0, 0, 0)

    acme = Account.objects.get(tax_id="7701234567")
    nord = Account.objects.get(tax_id="3528000597")
    assert (acme.name, nord.name) == (ACME, NORD)
    line = InvoiceLine.objects.get(document_number=DOC1, product__name=BEARING)
    assert line.account == acme
    assert line.date == dt.date(2024, 3, 31)
    assert (line.quantity, line.revenue, line.cost) == (D(10), D("1234.56"), D("1000"))
    grease = InvoiceLine.objects.get(product__name="Grease 10 kg")
    assert (grease.quantity, grease.revenue, grease.cost) == (D(2), D("12500"), D("10000"))
    big = InvoiceLine.objects.get(account=nord)
    assert (big.date, big.revenue, big.cost) == (dt.date(2024, 4, 1), D("98765.43"), D("80000"))

    again = run("invoices", str(path), "--preset", "1c-sales")
    assert counts(again) == (63, 0, 0, 63, 0)
    assert again["detected"] == summary["detected"]


def test_polish_cp1250_file(tmp_path, world):
    # Word-style typography: " – " with non-breaking spaces puts most non-ASCII bytes
    # side by side, as Cyrillic words do; the Polish header tells the code page.
    dash = f"{NBSP}–{NBSP}"
    path = write_csv(
        tmp_path / "portfel.csv",
        [
            ["Kontrahent", "Potencjał zakupowy", "Waluta", "Źródło szacunku"],
            [
                world.account.name,
                f"1{NBSP}250{NBSP}000,50",
                "zł",
                f"zarząd{dash}rozmowa{dash}IX{dash}2024",
            ],
            [
                world.other_account.name,
                "740 000",
                "EUR",
                f"przegląd branży{dash}„Żurnal”{dash}2024",
            ],
        ],
        delimiter=";",
        encoding="cp1250",
    )
    summary = run("wallet", str(path), "--preset", "wallet-pl-ru")
    assert summary["detected"]["encoding"] == "cp1250"
    assert counts(summary) == (2, 2, 0, 0, 0)
    estimates = {
        e.account_id: (e.category_spend, e.currency, e.source) for e in WalletEstimate.objects.all()
    }
    assert estimates == {
        world.account.pk: (D("1250000.50"), "PLN", f"zarząd{dash}rozmowa{dash}IX{dash}2024"),
        world.other_account.pk: (D("740000.00"), "EUR", f"przegląd branży{dash}„Żurnal”{dash}2024"),
    }


def test_utf8_with_bom(tmp_path, world):
    path = one_c_file(tmp_path, encoding="utf-8-sig")
    summary = run("invoices", str(path), "--preset", "1c-sales")
    assert summary["detected"]["encoding"] == "utf-8-sig"
    assert counts(summary) == (63, 63, 0, 0, 0)
    assert Account.objects.get(tax_id="7701234567").name == ACME


def test_a_file_no_encoding_reads_names_the_encodings_tried_and_the_option(tmp_path, world):
    path = tmp_path / "顧客.csv"
    path.write_bytes(JAPANESE)
    message = fails("invoices", str(path))
    assert message == (
        "The file's text encoding could not be recognised (tried UTF-8, CP1251, CP1250, "
        "CP1252, ISO-8859-2, KOI8-R). Name it with --encoding, for example --encoding cp1251."
    )
    assert fails("invoices", str(path)) == message  # the same every time
    assert not ImportJob.objects.exists()  # refused before a job is recorded


def test_the_message_is_in_the_chosen_language(tmp_path, world):
    path = tmp_path / "顧客.csv"
    path.write_bytes(JAPANESE)
    message = fails("invoices", str(path), "--language", "ru")
    assert "UTF-8, CP1251, CP1250, CP1252, ISO-8859-2, KOI8-R" in message
    assert "--encoding" in message


def test_an_explicit_encoding_wins(tmp_path, world):
    path = one_c_file(tmp_path)
    # Read as cp1252, as told: the header is mojibake, so its columns are not found.
    message = fails("invoices", str(path), "--preset", "1c-sales", "--encoding", "cp1252")
    assert "Required column(s) not found" in message
    assert "Äîêóìåíò" in message
    assert not Account.objects.filter(tax_id="7701234567").exists()
    # The undecidable file, with its encoding named, is no longer refused for it.
    japanese = tmp_path / "ja.csv"
    japanese.write_bytes(JAPANESE)
    message = fails("invoices", str(japanese), "--encoding", "cp1251")
    assert "encoding" not in message
    assert "Required column(s) not found" in message
    # And the 1C file with its own encoding named imports as detected.
    summary = run("invoices", str(path), "--preset", "1c-sales", "--encoding", "cp1251")
    assert summary["detected"]["encoding"] == "cp1251"
    assert counts(summary)[1] == 63
    # Every encoding detection may answer can be named, KOI8-R too.
    koi8 = write_csv(
        tmp_path / "koi8.csv",
        [ONE_C_HEADER, ["Sale 1", "01.04.2024", "Acme Ltd", "7701234567", "Bolt", "1", "10", "8"]],
        delimiter=";",
        encoding="koi8-r",
    )
    summary = run("invoices", str(koi8), "--preset", "1c-sales", "--encoding", "koi8-r")
    assert summary["detected"]["encoding"] == "koi8-r"
    assert counts(summary) == (1, 1, 0, 0, 0)


def test_mapped_columns_help_choose_the_encoding(tmp_path, world):
    """A header no preset knows, in KOI8-R: the column named with --map is known to be in
    the file, so the encoding that reads it so is the file's."""
    path = write_csv(
        tmp_path / "wallet.csv",
        [["Покупатель ООО", "Закупки"], [world.account.name, "1000"]],
        delimiter=";",
        encoding="koi8-r",
    )
    summary = run(
        "wallet",
        str(path),
        "--map",
        "Покупатель ООО=account_name",
        "--map",
        "Закупки=category_spend",
    )
    assert summary["detected"]["encoding"] == "koi8-r"
    assert counts(summary) == (1, 1, 0, 0, 0)


# --- the upload page --------------------------------------------------------------------------


@pytest.fixture
def uploads(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "uploads" / "imports"


def upload(client, content: bytes, **fields):
    data = {
        "kind": "invoices",
        "preset": "1c-sales",
        "encoding": "auto",
        "delimiter": "auto",
        "decimal": "auto",
        "date_format": "auto",
        "file": SimpleUploadedFile("export.csv", content, content_type="text/csv"),
        **fields,
    }
    return client.post(reverse("imports:upload"), data)


def test_upload_of_an_undecidable_file_points_to_the_encoding_field(client_for, uploads):
    client = client_for("director")
    response = upload(client, JAPANESE)
    assert response.status_code == 200
    assert not ImportJob.objects.exists()
    assert response.context["form"].errors["encoding"] == [
        "The file's text encoding could not be recognised (tried UTF-8, CP1251, CP1250, "
        "CP1252, ISO-8859-2, KOI8-R). Choose it in the “Encoding” field of the upload form "
        "and upload the file again."
    ]
    assert "file" not in response.context["form"].errors
    assert not uploads.exists() or not any(uploads.iterdir())  # its file is gone too

    response = upload(client, JAPANESE, encoding="cp1251", preset="generic")
    assert response.status_code == 302
    assert ImportJob.objects.get().options["encoding"] == "cp1251"


def test_upload_of_the_1c_export_reads_its_header(client_for, uploads, tmp_path):
    client = client_for("director")
    content = one_c_file(tmp_path).read_bytes()
    response = upload(client, content)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    page = client.get(reverse("imports:mapping", args=[job.pk]))
    assert page.context["preview"].fmt.encoding == "cp1251"
    assert page.context["preview"].header == ONE_C_HEADER
    assert page.context["preview"].rows[0][2] == ACME


def test_the_upload_form_offers_every_encoding_it_detects(client_for, uploads):
    html = client_for("director").get(reverse("imports:upload")).content.decode()
    for value in ("auto", "utf-8", "cp1251", "cp1250", "cp1252", "iso-8859-2", "koi8-r"):
        assert f'<option value="{value}"' in html
