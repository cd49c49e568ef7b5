"""Issue #19, items 1, 3, 4 and 5, through the importer: a control character (NUL
included, wherever it is in the file) is a row error naming line and column; a row too
wide for any spreadsheet is refused with the limit; no message shows where the server
keeps the file."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from keyplan.accounts.models import Account
from keyplan.core.text import without_paths
from keyplan.imports.models import ImportJob, ImportRowError, ImportStatus
from keyplan.imports.reading.domain import MAX_COLUMNS
from keyplan.users.services import token_create


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def api_import(world, capture, name: str, content: bytes, kind: str = "accounts") -> ImportJob:
    _token, raw = token_create(user=world.director, name="import script")
    with capture(execute=True):
        response = Client().post(
            "/api/v1/imports",
            {"kind": kind, "file": SimpleUploadedFile(name, content)},
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
    assert response.status_code == 202, response.content
    return ImportJob.objects.get(pk=response.json()["id"])


def web_upload(client: Client, name: str, content: bytes, kind: str = "accounts"):
    return client.post(
        reverse("imports:upload"),
        {
            "kind": kind,
            "preset": "generic",
            "encoding": "auto",
            "delimiter": "auto",
            "decimal": "auto",
            "date_format": "auto",
            "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        },
    )


def page_errors(response) -> list[str]:
    html = response.content.decode()
    return [unescape(e) for e in re.findall(r'<p class="error"[^>]*>(.*?)</p>', html, re.S)]


def accounts_csv(names: list[str]) -> bytes:
    lines = ["external_id;name"] + [f"X-{i};{name}" for i, name in enumerate(names)]
    return ("\n".join(lines) + "\n").encode()


# --- items 1 and 4: control characters, NUL after the first 64 KiB ---------------------------


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1f", "\x7f"])
def test_a_control_character_deep_in_the_file_is_a_row_error(
    world, django_capture_on_commit_callbacks, char
):
    names = [f"Customer {i:05d}" for i in range(4000)]  # well over 64 KiB
    names[3500] = f"Bad{char}Name"
    content = accounts_csv(names)
    assert content.index(char.encode()) > 64 * 1024

    job = api_import(world, django_capture_on_commit_callbacks, "accounts.csv", content)

    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert (job.created, job.rejected) == (3999, 1)
    error = ImportRowError.objects.get(job=job)
    assert (error.line, error.column) == (3502, "name")
    assert error.reason == f"contains a control character (U+{ord(char):04X})"
    assert error.value == f"Bad<U+{ord(char):04X}>Name"
    assert not Account.objects.filter(name__startswith="Bad").exists()


def test_tabs_in_a_cell_still_import(world, django_capture_on_commit_callbacks):
    content = b'external_id;name\nX-1;"Alfa\tBeta"\n'

    job = api_import(world, django_capture_on_commit_callbacks, "accounts.csv", content)

    assert (job.status, job.created, job.rejected) == (ImportStatus.SUCCEEDED, 1, 0)


def test_a_control_character_in_a_column_not_imported_does_not_matter(
    world, django_capture_on_commit_callbacks
):
    content = b"external_id;name;ignored\nX-1;Alfa;a\x01b\n"

    job = api_import(world, django_capture_on_commit_callbacks, "accounts.csv", content)

    assert (job.status, job.created, job.rejected) == (ImportStatus.SUCCEEDED, 1, 0)


def test_a_column_name_with_a_control_character_is_refused(world, client_for):
    response = web_upload(client_for("director"), "accounts.csv", b"external_id;na\x02me\n1;A\n")

    assert response.status_code == 200
    assert page_errors(response) == [
        "Line 1, column 2: the column name contains a control character (U+0002). "
        "Remove it and upload the file again."
    ]


# --- item 3: a million columns ----------------------------------------------------------------


WIDE = (";".join(f"c{i}" for i in range(1_000_000)) + "\n" + "x;" * 999_999 + "x\n").encode()
TOO_WIDE = "Line 1 has 1,000,000 columns; at most 16,384 are allowed."


def test_a_million_columns_is_a_form_error_on_upload(world, client_for):
    response = web_upload(client_for("director"), "wide.csv", WIDE)

    assert response.status_code == 200
    assert page_errors(response) == [TOO_WIDE]
    assert not ImportJob.objects.exists()


def test_a_million_columns_fails_the_api_job_with_the_limit(
    world, django_capture_on_commit_callbacks
):
    job = api_import(world, django_capture_on_commit_callbacks, "wide.csv", WIDE)

    assert job.status == ImportStatus.FAILED
    assert job.message == TOO_WIDE


def test_a_data_row_wider_than_the_limit_names_its_line(world, client_for):
    content = b"external_id;name\n1;A\n" + b";" * MAX_COLUMNS + b"\n"

    response = web_upload(client_for("director"), "accounts.csv", content)

    assert page_errors(response) == ["Line 3 has 16,385 columns; at most 16,384 are allowed."]


# --- item 5: no server paths -------------------------------------------------------------------


def _workbook_with_an_invalid_value() -> bytes:
    """A workbook openpyxl refuses with a ValueError that names the file it read."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["external_id", "name"])
    workbook.active.append(["1", "Alfa"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b'state="visible"', b'state="bogus"')
            target.writestr(info, data)
    return out.getvalue()


def test_a_damaged_workbook_is_described_without_the_server_path(world, client_for, settings):
    response = web_upload(
        client_for("director"), "accounts.xlsx", _workbook_with_an_invalid_value()
    )

    [message] = page_errors(response)
    assert message.startswith("The XLSX file is damaged or uses features that cannot be read")
    assert "Value must be one of" in message  # the cause: what is wrong in the file
    assert "uploads" not in message and str(settings.DATA_DIR) not in message
    assert ".xlsx" not in message


def test_an_api_job_message_has_no_server_path(world, django_capture_on_commit_callbacks):
    job = api_import(
        world,
        django_capture_on_commit_callbacks,
        "accounts.xlsx",
        _workbook_with_an_invalid_value(),
    )

    assert job.status == ImportStatus.FAILED
    assert "uploads" not in job.message and ".xlsx" not in job.message


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "could not read from /srv/keyplan/var/uploads/imports/ab-12.xlsx.",
            "could not read from …",
        ),
        ("[Errno 13] Permission denied: '/var/data/x.csv'", "[Errno 13] Permission denied: '…'"),
        (r"cannot open C:\keyplan\uploads\x.xlsx now", "cannot open … now"),
        (
            "row xl/worksheets/sheet1.xml, 05/01/2024, 1/2",
            "row xl/worksheets/sheet1.xml, 05/01/2024, 1/2",
        ),
    ],
)
def test_paths_are_cut_out_of_messages(text, shown):
    assert without_paths(text) == shown


def test_a_date_format_with_a_nul_is_refused_by_the_api(world):
    _token, raw = token_create(user=world.director, name="import script")
    response = Client().post(
        "/api/v1/imports",
        {
            "kind": "accounts",
            "date_format": "%d.%m.%Y\x00",
            "file": SimpleUploadedFile("a.csv", b"external_id;name\n1;A\n"),
        },
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )

    assert response.status_code in (400, 422), response.content
    assert not ImportJob.objects.exists()
