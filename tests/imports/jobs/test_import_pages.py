"""The web import flow (SPEC §9): upload, mapping, dry run, import, rejected rows, history."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from keyplan.imports.models import ImportJob, ImportRowError, ImportStatus, SavedMapping
from keyplan.sales.models import InvoiceLine, MonthlyRollup

HEADER = "Document;Line;Date;Customer ID;Customer name;Product code;Revenue;Cost;Ilość"
INVOICES = "\n".join(
    [
        HEADER,
        "FV/1;1;05.01.2024;C-1;Alfa Sp. z o.o.;P-1;1 000,50;600,25;2",
        "FV/1;2;05.01.2024;C-1;Alfa Sp. z o.o.;P-2;200,00;150,00;1",
        "FV/2;1;10.02.2024;C-2;Beta SA;P-1;300,00;100,00;3",
        "FV/3;1;31.02.2024;C-2;Beta SA;P-1;50,00;10,00;1",
        "FV/4;1;11.02.2024;C-2;Beta SA;P-1;=SUM(A1);10,00;1",
    ]
).encode()
# The preset's guess for the columns above; "Ilość" (quantity) it does not know.
PRESET_GUESS = {
    "col_0": "document",
    "col_1": "line",
    "col_2": "date",
    "col_3": "account_external_id",
    "col_4": "account_name",
    "col_5": "product_code",
    "col_6": "revenue",
    "col_7": "cost",
    "col_8": "",
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
FORBIDDEN = ["owner", "member", "viewer", "outsider", "portal"]


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    """Uploaded files go to a temporary data directory, not the developer's var/."""
    settings.DATA_DIR = tmp_path
    return tmp_path / "uploads" / "imports"


def upload(client: Client, content: bytes = INVOICES, name: str = "faktury.csv", **fields):
    data = {
        "kind": "invoices",
        "preset": "generic",
        "encoding": "auto",
        "delimiter": "auto",
        "decimal": "auto",
        "date_format": "auto",
        "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        **fields,
    }
    return client.post(reverse("imports:upload"), data)


def selected(html: str, name: str) -> str:
    """The value of the selected option of <select name=...> ("" when none is)."""
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select {name}"
    option = re.search(r'<option value="([^"]*)"[^>]*selected', match.group(1))
    return option.group(1) if option else ""


def form_errors(response) -> list[str]:
    return [
        unescape(e)
        for e in re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.content.decode())
    ]


def start(client: Client, job: ImportJob, action: str, django_capture_on_commit_callbacks, **cols):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:mapping", args=[job.pk]),
            {"preset": "generic", **PRESET_GUESS, **cols, "action": action},
        )
    return response


def error_csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


# --- who may --------------------------------------------------------------------------------


def _urls(job: ImportJob) -> list[tuple[str, str]]:
    return [
        ("get", reverse("imports:list")),
        ("get", reverse("imports:upload")),
        ("post", reverse("imports:upload")),
        ("get", reverse("imports:detail", args=[job.pk])),
        ("get", reverse("imports:mapping", args=[job.pk])),
        ("post", reverse("imports:mapping", args=[job.pk])),
        ("get", reverse("imports:progress", args=[job.pk])),
        ("post", reverse("imports:run", args=[job.pk])),
        ("post", reverse("imports:remap", args=[job.pk])),
        ("get", reverse("imports:errors-csv", args=[job.pk])),
    ]


def _failed_job(world) -> ImportJob:
    job = ImportJob.objects.create(
        kind="invoices",
        status=ImportStatus.FAILED,
        dry_run=True,
        file_path="/nonexistent/secret.csv",
        original_name="secret-prices.csv",
        message="The file is empty.",
        created_by=world.director,
        rejected=1,
    )
    ImportRowError.objects.create(job=job, line=7, column="Revenue", value="42", reason="secret")
    return job


@pytest.mark.parametrize("name", FORBIDDEN)
def test_every_import_url_is_404_for_everyone_but_admins_and_directors(world, client_for, name):
    job = _failed_job(world)
    client = client_for(name)
    for method, url in _urls(job):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (name, method, url)
        assert b"secret" not in response.content
    assert ImportJob.objects.count() == 1
    assert not SavedMapping.objects.exists()


def test_anonymous_people_are_sent_to_the_login_page(world):
    job = _failed_job(world)
    for method, url in _urls(job):
        response = getattr(Client(), method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("name", ["admin", "director"])
def test_admins_and_directors_see_every_import_page(world, client_for, name):
    job = _failed_job(world)  # created by the director: the admin sees it too
    client = client_for(name)
    assert client.get(reverse("imports:list")).status_code == 200
    assert client.get(reverse("imports:upload")).status_code == 200
    page = client.get(reverse("imports:detail", args=[job.pk]))
    assert page.status_code == 200
    assert "The file is empty." in page.content.decode()  # a failed job shows its message
    assert client.get(reverse("imports:progress", args=[job.pk])).status_code == 200
    assert client.get(reverse("imports:errors-csv", args=[job.pk])).status_code == 200


def test_the_imports_entry_is_in_the_navigation_only_for_importers(world, client_for):
    url = reverse("imports:list")
    assert f'href="{url}"' in client_for("director").get(reverse("portfolio")).content.decode()
    assert f'href="{url}"' not in client_for("owner").get(reverse("portfolio")).content.decode()


def test_posts_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.director)
    response = upload(client)
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_missing_and_huge_job_ids_are_404(world, client_for):
    client = client_for("admin")
    assert client.get(reverse("imports:detail", args=[12345])).status_code == 404
    assert client.get(f"/imports/{2**70}/").status_code == 404
    assert client.get(f"/imports/{2**70}/rejected-rows.csv").status_code == 404


# --- the whole journey ----------------------------------------------------------------------


def test_upload_map_dry_run_then_import(world, client_for, django_capture_on_commit_callbacks):
    client = client_for("director")

    # Upload: the job waits for its mapping.
    response = upload(client)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:mapping", args=[job.pk])
    assert job.status == ImportStatus.UPLOADED
    assert job.created_by == world.director and job.original_name == "faktury.csv"

    # Mapping screen: the detected format, the preview, one select per column.
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "UTF-8" in html and "semicolon (;)" in html
    assert "Alfa Sp. z o.o." in html and "1 000,50" in html
    assert len(page.context["preview"].rows) == 5
    for name, value in PRESET_GUESS.items():
        assert selected(html, name) == value, name
    assert "— ignore —" in html
    assert not page.context["remembered"]

    # A mapping without cost or profit is refused with the pipeline's reason; nothing runs.
    refused = start(client, job, "dry_run", django_capture_on_commit_callbacks, col_7="")
    assert refused.status_code == 200
    assert any("cost" in e and "gross profit" in e for e in form_errors(refused))
    assert ImportJob.objects.get().status == ImportStatus.UPLOADED
    # A field chosen twice is refused too.
    twice = start(client, job, "dry_run", django_capture_on_commit_callbacks, col_8="revenue")
    assert any("more than one column" in e for e in form_errors(twice))

    # Dry run with the quantity column mapped by hand: counts, nothing written.
    response = start(client, job, "dry_run", django_capture_on_commit_callbacks, col_8="quantity")
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.dry_run and job.status == ImportStatus.SUCCEEDED, job.message
    assert job.mapping["quantity"] == "Ilość"
    assert (job.rows_read, job.created, job.updated, job.rejected) == (5, 3, 0, 2)
    assert InvoiceLine.objects.count() == 0
    assert MonthlyRollup.objects.count() == 0
    saved = SavedMapping.objects.get()
    assert saved.kind == "invoices" and saved.mapping["quantity"] == "Ilość"

    page = client.get(response["Location"])
    html = page.content.decode()
    assert "would be created" in html
    assert reverse("imports:run", args=[job.pk]) in html
    assert 'hx-trigger="every' not in html  # finished: no polling
    assert "31.02.2024" in html  # the rejected rows are listed

    # The real import, from the dry run's page, with the same mapping.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:run", args=[job.pk]))
    real = ImportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("imports:detail", args=[real.pk])
    assert not real.dry_run and real.status == ImportStatus.SUCCEEDED, real.message
    assert real.mapping == job.mapping and real.file_path == job.file_path
    assert (real.rows_read, real.created, real.updated, real.rejected) == (5, 3, 0, 2)
    assert InvoiceLine.objects.count() == 3
    assert MonthlyRollup.objects.count() == 2  # Alfa in January, Beta in February
    assert str(real.revenue_total) == "1500.50"
    html = client.get(reverse("imports:detail", args=[real.pk])).content.decode()
    assert reverse("imports:run", args=[real.pk]) not in html  # no second "for real"
    assert "1,500.50" in html  # the revenue total, formatted

    # Both runs are in the history, newest first.
    history = client.get(reverse("imports:list"))
    assert [j.pk for j in history.context["page"].object_list] == [real.pk, job.pk]

    # The rejected rows as CSV: line numbers, reasons, and no live formula.
    response = client.get(reverse("imports:errors-csv", args=[real.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = error_csv_rows(response)
    assert rows[0] == ["line", "column", "value", "reason"]
    by_line = {row[0]: row for row in rows[1:]}
    assert set(by_line) == {"5", "6"}
    assert by_line["5"][1] == "Date" and by_line["5"][2] == "31.02.2024" and by_line["5"][3]
    assert by_line["6"][2] == "'=SUM(A1)"


def test_quantity_mapped_by_hand_reaches_the_invoice_lines(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("admin")
    upload(client)
    job = ImportJob.objects.get()
    start(client, job, "import", django_capture_on_commit_callbacks, col_8="quantity")
    job.refresh_from_db()
    assert not job.dry_run and job.status == ImportStatus.SUCCEEDED, job.message
    quantities = sorted(InvoiceLine.objects.values_list("quantity", flat=True))
    assert [int(q) for q in quantities] == [1, 2, 3]


def test_the_mapping_is_remembered_for_the_same_header(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("director")
    upload(client)
    first = ImportJob.objects.get()
    start(client, first, "dry_run", django_capture_on_commit_callbacks, col_8="quantity")

    # Same columns, other rows, other spelling of the header's case: the choice comes back.
    other = INVOICES.replace(b"Ilo\xc5\x9b\xc4\x87", "ILOŚĆ".encode()).replace(b"FV/", b"FK/")
    response = upload(client, other, name="next-month.csv")
    second = ImportJob.objects.exclude(pk=first.pk).get()
    page = client.get(response["Location"])
    assert page.context["remembered"]
    assert selected(page.content.decode(), "col_8") == "quantity"

    # Switching the preset explicitly shows the preset's own guess instead.
    switched = client.get(reverse("imports:mapping", args=[second.pk]), {"preset": "generic"})
    assert not switched.context["remembered"]
    assert selected(switched.content.decode(), "col_8") == ""


def test_a_running_job_is_polled_and_a_finished_one_is_not(world, client_for):
    client = client_for("director")
    job = ImportJob.objects.create(
        kind="invoices",
        status=ImportStatus.RUNNING,
        file_path="/nowhere.csv",
        original_name="big.csv",
        rows_read=2500,
        rows_estimate=10000,
    )
    url = reverse("imports:progress", args=[job.pk])
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html  # the fragment alone
    assert 'id="job-status"' in html
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 1s"' in html
    assert re.search(r'<progress[^>]*value="2500" max="10000"', html)
    assert (
        f'hx-get="{url}"' in client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    )

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.SUCCEEDED, rows_read=10000, rows_estimate=10000
    )
    html = client.get(url).content.decode()
    assert 'hx-trigger="every' not in html
    assert re.search(r'<progress[^>]*value="1" max="1"', html)


# --- what is refused ------------------------------------------------------------------------


def test_a_png_renamed_to_csv_is_a_form_error(world, client_for, _uploads):
    response = upload(client_for("director"), PNG, name="prices.csv")
    assert response.status_code == 200
    assert any("PNG image" in e for e in form_errors(response))
    assert not ImportJob.objects.exists()
    assert not _uploads.exists() or not any(_uploads.iterdir())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b";;;\n1;2;3;4\n", "no column names"),
        (b"a;b;a\n1;2;3\n", "repeat"),
        (b"PK\x03\x04" + b"\x00" * 40, "damaged"),
    ],
)
def test_unreadable_files_are_form_errors(world, client_for, _uploads, content, message):
    response = upload(client_for("admin"), content)
    assert response.status_code == 200
    assert any(message in e for e in form_errors(response)), form_errors(response)
    assert not ImportJob.objects.exists()
    assert not _uploads.exists() or not any(_uploads.iterdir())


def test_a_preset_for_another_kind_is_refused(world, client_for):
    response = upload(client_for("director"), preset="salesforce-accounts")
    assert response.status_code == 200
    errors = form_errors(response)
    assert any("salesforce-accounts" in e and "Accounts" in e for e in errors), errors
    assert not ImportJob.objects.exists()


def test_the_upload_form_offers_presets_with_their_kinds(world, client_for):
    html = client_for("director").get(reverse("imports:upload")).content.decode()
    assert 'value="1c-sales" data-kinds="invoices"' in html
    assert 'data-kind-field="id_kind"' in html
    for label in ("Encoding", "Delimiter", "Decimal separator", "Date format", "File"):
        assert f">{label}" in html


def test_the_mapping_screen_offers_only_the_kinds_presets(world, client_for):
    client = client_for("director")
    response = upload(client)
    html = client.get(response["Location"]).content.decode()
    switcher = re.search(r'<select name="preset"[^>]*>(.*?)</select>', html, re.S).group(1)
    offered = re.findall(r'<option value="([^"]+)"', switcher)
    assert offered == ["generic", "1c-sales", "orderlines"]


def test_a_started_job_cannot_be_mapped_again(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("director")
    upload(client)
    job = ImportJob.objects.get()
    start(client, job, "dry_run", django_capture_on_commit_callbacks, col_8="quantity")
    again = start(client, job, "import", django_capture_on_commit_callbacks)
    assert again["Location"] == reverse("imports:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.dry_run and ImportJob.objects.count() == 1
    assert InvoiceLine.objects.count() == 0
    page = client.get(reverse("imports:mapping", args=[job.pk]))
    assert page.status_code == 302


def test_only_a_successful_dry_run_can_be_imported_for_real(world, client_for):
    job = _failed_job(world)
    response = client_for("director").post(reverse("imports:run", args=[job.pk]))
    assert response["Location"] == reverse("imports:detail", args=[job.pk])
    assert ImportJob.objects.count() == 1


def test_remap_starts_a_new_job_on_the_same_file(world, client_for):
    job = _failed_job(world)
    response = client_for("admin").post(reverse("imports:remap", args=[job.pk]))
    new = ImportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("imports:mapping", args=[new.pk])
    assert new.status == ImportStatus.UPLOADED and new.file_path == job.file_path
    assert new.created_by == world.admin


# --- history --------------------------------------------------------------------------------


def test_history_is_empty_at_first(world, client_for):
    html = client_for("director").get(reverse("imports:list")).content.decode()
    assert "Nothing has been imported yet." in html


@pytest.mark.parametrize("page", ["2", "0", "-1", "abc", "9" * 40, "1e9", "", "\x00"])
def test_history_page_numbers_never_fail(world, client_for, page, settings):
    settings.KEYPLAN_PAGE_SIZE = 2
    for n in range(5):
        ImportJob.objects.create(
            kind="accounts", file_path=f"/x{n}.csv", original_name=f"file{n}.csv",
            created_by=world.admin,
        )  # fmt: skip
    response = client_for("admin").get(reverse("imports:list"), {"page": page})
    assert response.status_code == 200
    assert response.context["page"].object_list


def test_history_lists_newest_first_with_who_and_counts(world, client_for):
    old = ImportJob.objects.create(
        kind="accounts", file_path="/a.csv", original_name="old.csv", created_by=world.admin
    )
    new = ImportJob.objects.create(
        kind="invoices",
        status=ImportStatus.SUCCEEDED,
        file_path="/b.csv",
        original_name="new.csv",
        created_by=world.director,
        created=1234,
        rejected=5,
    )
    response = client_for("admin").get(reverse("imports:list"))
    assert [j.pk for j in response.context["page"].object_list] == [new.pk, old.pk]
    html = response.content.decode()
    assert str(world.director) in html and "1,234" in html and "Invoice lines" in html
    assert reverse("imports:mapping", args=[old.pk]) in html  # not mapped yet: map it
    assert reverse("imports:detail", args=[new.pk]) in html


def test_history_query_count_does_not_grow_with_the_page(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("admin")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("imports:list")).status_code == 200
        return len(captured)

    ImportJob.objects.create(
        kind="accounts", file_path="/a.csv", original_name="a.csv", created_by=world.admin
    )
    queries()  # the first request of a session also stamps it
    few = queries()
    for n in range(10):
        ImportJob.objects.create(
            kind="invoices", file_path=f"/{n}.csv", original_name=f"{n}.csv",
            created_by=world.director if n % 2 else world.admin,
        )  # fmt: skip
    assert queries() == few
