"""Import messages reach people in their language, even from the background task.

A job remembers the language of whoever started it (the web page's, the API caller's or
the CLI's --language); its run writes the stored message in that language whatever
language, if any, the worker has active.
"""

from __future__ import annotations

import html
import importlib
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from keyplan.imports.files import domain as files
from keyplan.imports.jobs import services
from keyplan.imports.models import ImportJob, ImportStatus
from keyplan.users.services import token_create

from .support import fails, last_job, write_csv

# `import` is a Python keyword, so the command module is only reachable this way.
default_language = importlib.import_module(
    "keyplan.imports.management.commands.import"
).default_language

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PNG_EN = (
    "The file is not a CSV or XLSX file: it looks like a PNG image. "
    "Export the data as CSV or XLSX and upload that."
)
PNG_PL = (
    "To nie jest plik CSV ani XLSX: wygląda na obraz PNG. "
    "Wyeksportuj dane do CSV lub XLSX i prześlij ten plik."
)
PNG_RU = (
    "Это не файл CSV или XLSX: похоже, это изображение PNG. "
    "Выгрузите данные в CSV или XLSX и загрузите полученный файл."
)


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path, monkeypatch):
    """Uploads go to a temporary data directory; the CLI's language is not inherited."""
    settings.DATA_DIR = tmp_path / "data"
    monkeypatch.delenv("KEYPLAN_LANGUAGE", raising=False)


@pytest.fixture
def png_csv(tmp_path):
    path = tmp_path / "faktury.csv"  # a screenshot renamed to .csv
    path.write_bytes(PNG)
    return path


def _run_in_worker(job: ImportJob) -> ImportJob:
    """As the task worker runs a job: no request, so no language of its own."""
    with translation.override(None):
        assert services.import_job_run(job) is None
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    return job


# --- jobs --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_polish_job_stores_its_failure_in_polish(png_csv):
    job = services.import_job_create(user=None, kind="invoices", source=png_csv, language="pl")
    assert job.language == "pl"
    assert _run_in_worker(job).message == PNG_PL


@pytest.mark.django_db
def test_a_russian_job_stores_a_missing_column_in_russian(tmp_path):
    path = write_csv(tmp_path / "sales.csv", [["Customer", "Amount"], ["Alfa", "10"]])
    job = services.import_job_create(user=None, kind="invoices", source=path, language="ru")
    message = _run_in_worker(job).message
    assert message.startswith("Не найдены обязательные столбцы: document, ")
    assert "Столбцы файла: Customer, Amount." in message
    assert "Required column" not in message


@pytest.mark.django_db
def test_a_job_without_a_language_runs_in_the_default_one(png_csv):
    job = services.import_job_create(user=None, kind="invoices", source=png_csv, language="")
    with translation.override("ru"):  # whatever the worker happens to have active
        services.import_job_run(job)
    job.refresh_from_db()
    assert job.message == PNG_EN


@pytest.mark.django_db
def test_a_job_takes_the_active_language_when_none_is_given(png_csv):
    with translation.override("pl"):
        job = services.import_job_create(user=None, kind="invoices", source=png_csv)
    assert job.language == "pl"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "The file is 1.2 KB; the limit is 100 bytes."),
        ("pl", "Plik ma rozmiar 1,2 KB; limit wynosi 100 bajtów."),
        ("ru", "Размер файла — 1,2 КБ; ограничение — 100 байт."),
    ],
)
def test_sizes_are_written_the_language_s_way(tmp_path, lang, expected):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * 300)
    with translation.override(lang), pytest.raises(files.FileRejected) as info:
        files.sniff(path, max_bytes=100)
    assert str(info.value) == expected


# --- CLI ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_cli_prints_the_failure_in_the_language_asked_for(png_csv):
    assert fails("invoices", str(png_csv), "--language", "ru") == PNG_RU
    job = last_job()
    assert job.language == "ru"
    assert job.message == PNG_RU


@pytest.mark.django_db
def test_the_cli_takes_its_language_from_keyplan_language(png_csv, monkeypatch):
    monkeypatch.setenv("KEYPLAN_LANGUAGE", "pl")
    assert fails("invoices", str(png_csv)) == PNG_PL
    assert last_job().language == "pl"


@pytest.mark.django_db
def test_the_cli_speaks_english_by_default(png_csv):
    assert fails("invoices", str(png_csv)) == PNG_EN
    assert last_job().language == "en"


@pytest.mark.django_db
def test_the_cli_s_own_errors_are_translated_too(tmp_path):
    message = fails("widgets", str(tmp_path / "x.csv"), "--language", "pl")
    assert message.startswith("nieznany typ danych „widgets”; wybierz jeden z: accounts, ")
    message = fails("invoices", str(tmp_path / "x.csv"), "--map", "oops", "--language", "ru")
    assert message == "--map ожидает SOURCE_COLUMN=field, а не «oops»."


@pytest.mark.django_db
def test_the_cli_summary_labels_stay_english(tmp_path):
    path = write_csv(tmp_path / "products.csv", [["code", "name"], ["P-1", "Śruba"]])
    out = io.StringIO()
    call_command("import", "products", str(path), "--language", "pl", stdout=out)
    text = out.getvalue()
    assert text.startswith("Imported: products.csv as products")
    assert "  created    1" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "en"),
        ("ru", "ru"),
        ("PL", "pl"),
        ("ru_RU.UTF-8", "ru"),
        ("pl-PL", "pl"),
        ("de", "en"),
    ],
)
def test_keyplan_language_is_read_leniently(monkeypatch, value, expected):
    monkeypatch.setenv("KEYPLAN_LANGUAGE", value)
    assert default_language() == expected


# --- web and API -------------------------------------------------------------------------------


def _upload(client: Client, content: bytes, name: str = "faktury.csv"):
    return client.post(
        reverse("imports:upload"),
        {
            "kind": "invoices",
            "preset": "generic",
            "encoding": "auto",
            "delimiter": "auto",
            "decimal": "auto",
            "date_format": "auto",
            "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        },
    )


def test_the_polish_upload_page_rejects_a_png_in_polish(world, client_for):
    client = client_for("director")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    response = _upload(client, PNG)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert PNG_PL in page
    assert "looks like a PNG image" not in page
    assert not ImportJob.objects.exists()


def test_an_upload_records_the_page_s_language_and_a_copy_keeps_it(world, client_for):
    client = client_for("director")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    response = _upload(client, b"code,name\nP-1,Bolt\n", name="products.csv")
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.language == "ru"
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED)
    english = client_for("admin")  # another person, another language: the job keeps its own
    assert english.post(reverse("imports:remap", args=[job.pk])).status_code == 302
    assert ImportJob.objects.exclude(pk=job.pk).get().language == "ru"


def test_an_api_import_runs_in_the_caller_s_language(world, django_capture_on_commit_callbacks):
    _token, raw = token_create(user=world.director, name="import script")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            "/api/v1/imports",
            {"kind": "invoices", "file": SimpleUploadedFile("faktury.csv", PNG)},
            HTTP_AUTHORIZATION=f"Bearer {raw}",
            HTTP_ACCEPT_LANGUAGE="pl",
        )
    assert response.status_code == 202, response.content
    job = ImportJob.objects.get(pk=response.json()["id"])
    assert job.language == "pl"
    assert job.status == ImportStatus.FAILED
    assert job.message == PNG_PL
