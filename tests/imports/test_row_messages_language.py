"""Rejected rows are explained in the uploader's language.

A job runs in its own language (ImportJob.language), whatever the worker has active, so
the reasons stored for its rejected rows (a bad number, an impossible date, an unknown
country, a duplicate, a missing cost, an unknown account) and the message of a file that
fails as a whole are in that language; English jobs keep the English texts.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from keyplan.imports.common import domain as common
from keyplan.imports.dates import domain as dates
from keyplan.imports.invoices import services as invoice_writer
from keyplan.imports.jobs import services
from keyplan.imports.kinds import domain as kinds
from keyplan.imports.lookups import services as lookups
from keyplan.imports.models import ImportJob, ImportRowError, ImportStatus
from keyplan.imports.numbers import domain as numbers
from keyplan.imports.pipeline import domain as pipeline_rules
from keyplan.imports.pipeline import services as pipeline
from keyplan.imports.reading import domain as reading
from keyplan.imports.vocabularies import domain as vocabularies
from keyplan.imports.writing import services as writing

from .support import write_csv

pytestmark = pytest.mark.django_db

INVOICE_HEADER = [
    "document",
    "line",
    "date",
    "account_external_id",
    "account_name",
    "product_code",
    "product_name",
    "quantity",
    "revenue",
    "cost",
]

# The reason stored for each rejected invoice line (file line → reason), per language.
INVOICE_REASONS = {
    "en": {
        3: "“1O0.00” is not a number",
        4: "“31.02.2024” is not a valid date: February 2024 has 29 days",
        5: "duplicate of line 2",
        6: "a cost or gross profit is required",
        7: "no such account (and no name to create it)",
    },
    "pl": {
        3: "„1O0.00” nie jest liczbą",
        4: "Luty 2024 ma 29 dni, więc data „31.02.2024” nie istnieje",
        5: "powtórzenie wiersza 2",
        6: "wymagany jest koszt lub zysk brutto ze sprzedaży",
        7: "nie ma takiego klienta (ani nazwy, by go utworzyć)",
    },
    "ru": {
        3: "«1O0.00» — не число",
        4: "Февраль 2024 года длится 29 дней, поэтому даты «31.02.2024» не существует",
        5: "повторяет строку 2",
        6: "нужна себестоимость или валовая прибыль",
        7: "клиент не найден (и нет названия, чтобы создать его)",
    },
}


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def _run(path, kind: str, language: str, *, worker_language: str | None = None) -> ImportJob:
    """Run the job as the task worker would, with some other language active."""
    job = services.import_job_create(user=None, kind=kind, source=path, language=language)
    with translation.override(worker_language):
        services.import_job_run(job)
    job.refresh_from_db()
    return job


def _reasons(job: ImportJob) -> dict[int, str]:
    return dict(ImportRowError.objects.filter(job=job).values_list("line", "reason"))


@pytest.fixture
def invoices(tmp_path, world):
    ext = world.account.external_id
    return write_csv(
        tmp_path / "faktury.csv",
        [
            INVOICE_HEADER,
            ["FV/1", "1", "15.01.2024", ext, "", "P-1", "Pump", "1", "100.00", "60.00"],
            ["FV/1", "2", "15.01.2024", ext, "", "P-1", "Pump", "1", "1O0.00", "60.00"],
            ["FV/1", "3", "31.02.2024", ext, "", "P-1", "Pump", "1", "100.00", "60.00"],
            ["FV/1", "1", "16.01.2024", ext, "", "P-1", "Pump", "1", "100.00", "60.00"],
            ["FV/2", "1", "15.01.2024", ext, "", "P-1", "Pump", "1", "100.00", ""],
            ["FV/3", "1", "15.01.2024", "NO-SUCH", "", "P-1", "Pump", "1", "100.00", "60.00"],
        ],
    )


@pytest.mark.parametrize("language", ["en", "pl", "ru"])
def test_rejected_invoice_lines_are_explained_in_the_job_s_language(invoices, language):
    worker = "ru" if language != "ru" else "pl"  # the worker's own language never leaks in
    job = _run(invoices, "invoices", language, worker_language=worker)
    assert job.status == ImportStatus.SUCCEEDED
    assert (job.rows_read, job.created, job.rejected) == (6, 1, 5)
    assert _reasons(job) == INVOICE_REASONS[language]


def test_the_month_of_an_impossible_date_is_named_in_the_job_s_language(invoices):
    assert "Luty" in _reasons(_run(invoices, "invoices", "pl"))[4]
    assert "Февраль" in _reasons(_run(invoices, "invoices", "ru"))[4]
    assert "February" in _reasons(_run(invoices, "invoices", "en"))[4]


@pytest.fixture
def accounts(tmp_path):
    return write_csv(
        tmp_path / "klienci.csv",
        [
            ["external_id", "name", "country", "account_class", "tax_id"],
            ["A-1", "Alfa", "PL", "strategic", ""],
            ["A-2", "Beta", "Narnia", "", ""],
            ["A-3", "Gamma", "DE", "Z", ""],
            ["A-4", "Delta", "DE", "", "1" * 40],
        ],
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            {
                3: "“Narnia” is not a country name or ISO code",
                4: "“Z” is not a known account class: use one of strategic, regular, prospect, "
                "suspect",
                5: "longer than 32 characters",
            },
        ),
        (
            "pl",
            {
                3: "„Narnia” nie jest nazwą kraju ani kodem ISO",
                4: "„Z” to nieznana klasa klienta: użyj jednej z wartości strategic, regular, "
                "prospect, suspect",
                5: "ma więcej niż 32 znaki",
            },
        ),
        (
            "ru",
            {
                3: "«Narnia» — не название страны и не код ISO",
                4: "«Z» — неизвестный класс клиента: используйте одно из значений strategic, "
                "regular, prospect, suspect",
                5: "длиннее 32 символов",
            },
        ),
    ],
)
def test_rejected_accounts_are_explained_in_the_job_s_language(accounts, language, expected):
    job = _run(accounts, "accounts", language)
    assert job.status == ImportStatus.SUCCEEDED
    assert (job.created, job.rejected) == (1, 3)
    assert _reasons(job) == expected


@pytest.mark.parametrize(
    ("language", "start", "end"),
    [
        (
            "en",
            "Column “revenue”: the column mixes decimal commas (“",
            "correct the file or choose the decimal separator (the --decimal option or the "
            "import form)",
        ),
        (
            "pl",
            "Kolumna „revenue”: kolumna zawiera zarówno przecinki dziesiętne („",
            "popraw plik lub wybierz separator dziesiętny (opcja --decimal lub formularz importu)",
        ),
        (
            "ru",
            "Столбец «revenue»: в столбце встречаются и десятичные запятые («",
            "исправьте файл или выберите десятичный разделитель (параметр --decimal или "
            "форма импорта)",
        ),
    ],
)
def test_a_column_that_fails_as_a_whole_is_explained_in_the_job_s_language(
    tmp_path, world, language, start, end
):
    ext = world.account.external_id
    path = write_csv(
        tmp_path / "faktury.csv",
        [
            INVOICE_HEADER,
            ["FV/1", "1", "2024-01-15", ext, "", "P-1", "Pump", "1", "1,5", "1"],
            ["FV/1", "2", "2024-01-15", ext, "", "P-1", "Pump", "1", "2.5", "1"],
        ],
    )
    job = _run(path, "invoices", language)
    assert job.status == ImportStatus.FAILED
    assert job.message.startswith(start), job.message
    assert job.message.endswith(end), job.message


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Column names repeat in the first row: name."),
        ("pl", "W pierwszym wierszu powtarzają się nazwy kolumn: name."),
        ("ru", "В первой строке повторяются названия столбцов: name."),
    ],
)
def test_repeated_column_names_are_reported_in_the_job_s_language(tmp_path, language, expected):
    path = write_csv(tmp_path / "klienci.csv", [["name", "name"], ["Alfa", "Beta"]])
    job = _run(path, "accounts", language)
    assert job.status == ImportStatus.FAILED
    assert job.message == expected


def test_a_clean_import_translates_nothing(tmp_path, world, monkeypatch):
    """Messages are built when a row fails, never for the rows that import."""
    calls: list[str] = []

    def counting(function):
        def wrapper(*args):
            calls.append(args[0])
            return function(*args)

        return wrapper

    modules = (common, numbers, dates, vocabularies, kinds, reading, pipeline_rules, pipeline)
    for module in (*modules, lookups, writing, invoice_writer):
        for name in ("gettext", "ngettext"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, counting(getattr(module, name)))
    ext = world.account.external_id
    rows = [INVOICE_HEADER] + [
        [f"FV/{n}", "1", "15.01.2024", ext, "", "P-1", "Pump", "1", "1 234,50", "600,25"]
        for n in range(200)
    ]
    job = _run(write_csv(tmp_path / "faktury.csv", rows), "invoices", "pl")
    assert (job.status, job.created, job.rejected) == (ImportStatus.SUCCEEDED, 200, 0)
    assert calls == []
