"""The board pack as a background job: queued, its progress, done with its file or failed
with the reason; the page, its polling and download; the API; the command line."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from keyplan.reports.board import services
from keyplan.reports.models import BoardPack

from .support import pdf_text, portfolio, presentation

pytestmark = pytest.mark.django_db
PAGE = "/reports/board/"


def _request(world, django_capture_on_commit_callbacks, file_format="pptx") -> BoardPack:
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.board_pack_request(user=world.director, file_format=file_format)
    pack.refresh_from_db()
    return pack


def test_request_runs_the_task_and_keeps_the_file(world, django_capture_on_commit_callbacks):
    portfolio(world)
    pack = _request(world, django_capture_on_commit_callbacks)
    assert (pack.status, pack.progress, pack.error) == ("done", 100, "")
    assert pack.period_start and pack.period_end and pack.finished_at
    with pack.file.open("rb") as handle:
        deck = presentation(handle.read())
    assert len(deck.slides) >= 9


def test_progress_is_recorded_while_running(world, monkeypatch):
    pack = BoardPack.objects.create(format="pdf", requested_by=world.director, language="en")
    seen = []
    real = services.board_content

    def watching(*, user, progress):
        def step(value):
            progress(value)
            seen.append(BoardPack.objects.get(pk=pack.pk).progress)

        return real(user=user, progress=step)

    monkeypatch.setattr(services, "board_content", watching)
    services.board_pack_run(pack)
    assert seen == sorted(seen) and 0 < seen[0] < seen[-1] < 100
    assert BoardPack.objects.get(pk=pack.pk).status == "done"


def test_failure_is_recorded_with_the_reason(world, monkeypatch):
    def broken(content, file_format):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "render_board", broken)
    pack = BoardPack.objects.create(format="pptx", requested_by=world.director, language="en")
    services.board_pack_run(pack)
    pack.refresh_from_db()
    assert pack.status == "failed" and "RuntimeError" in pack.error and not pack.file


def test_a_requester_no_longer_manager_fails(world):
    pack = BoardPack.objects.create(format="pptx", requested_by=world.owner, language="en")
    services.board_pack_run(pack)
    pack.refresh_from_db()
    assert pack.status == "failed" and pack.error


def test_only_managers_request(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.board_pack_request(user=world.owner, file_format="pdf")
    assert not BoardPack.objects.exists()


# --- the page --------------------------------------------------------------------------------


def test_page_generates_and_lists_with_download(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("director")
    empty = client.get(PAGE)
    assert empty.status_code == 200 and b"No board pack yet" in empty.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"format": "pdf"})
    assert response.status_code == 302
    pack = BoardPack.objects.get()
    page = client.get(PAGE).content.decode()
    assert reverse("reports:board-file", args=[pack.pk]) in page and "Done" in page
    download = client.get(reverse("reports:board-file", args=[pack.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "board pack" in pdf_text(b"".join(download.streaming_content))


def test_page_polls_an_unfinished_pack(world, client_for):
    pack = BoardPack.objects.create(format="pptx", requested_by=world.director, progress=40)
    page = client_for("admin").get(PAGE).content.decode()
    assert reverse("reports:board-status", args=[pack.pk]) in page and 'value="40"' in page
    row = client_for("admin").get(reverse("reports:board-status", args=[pack.pk]))
    assert row.status_code == 200 and b"hx-trigger" in row.content
    assert client_for("admin").get(reverse("reports:board-file", args=[pack.pk])).status_code == 404


def test_page_rejects_an_unknown_format(world, client_for):
    response = client_for("director").post(PAGE, {"format": "docx"})
    assert response.status_code == 422 and not BoardPack.objects.exists()


@pytest.mark.parametrize(("user", "status"), [("owner", 403), ("outsider", 403), ("portal", 404)])
def test_page_refused_to_others(world, client_for, user, status):
    pack = BoardPack.objects.create(format="pptx", requested_by=world.director)
    client = client_for(user)
    assert client.get(PAGE).status_code == status
    assert client.post(PAGE, {"format": "pdf"}).status_code == status
    assert client.get(reverse("reports:board-status", args=[pack.pk])).status_code == status
    assert client.get(reverse("reports:board-file", args=[pack.pk])).status_code == status
    assert BoardPack.objects.count() == 1


def test_list_paginates_with_fixed_queries(world, client_for, django_assert_max_num_queries):
    BoardPack.objects.bulk_create(
        BoardPack(format="pdf", requested_by=world.director, status="done") for _ in range(45)
    )
    client = client_for("director")
    with django_assert_max_num_queries(12):
        page = client.get(PAGE + "?page=2")
    assert page.status_code == 200 and b"Page 2 of 3" in page.content


# --- the API ---------------------------------------------------------------------------------

API = "/reports/board-packs"


def test_api_start_status_list_and_file(world, api, django_capture_on_commit_callbacks):
    portfolio(world)
    client = api("director")
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(API, {"format": "pptx"})
    assert started.status_code == 202, started.content
    pack_id = started.json()["id"]
    status = client.get(f"{API}/{pack_id}").json()
    assert status["status"] == "done" and status["progress"] == 100
    assert status["file_url"] == f"/api/v1{API}/{pack_id}/file"
    listed = client.get(API).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == pack_id
    file = client.get(f"{API}/{pack_id}/file")
    assert file.status_code == 200
    deck = presentation(b"".join(file.streaming_content))
    assert len(deck.slides) >= 9


@pytest.mark.parametrize(("user", "status"), [("owner", 403), ("outsider", 403), ("portal", 404)])
def test_api_refused_to_others(world, api, user, status):
    pack = BoardPack.objects.create(format="pptx", requested_by=world.director)
    client = api(user)
    assert client.post(API, {"format": "pdf"}).status_code == status
    assert client.get(API).status_code == status
    assert client.get(f"{API}/{pack.pk}").status_code == status
    assert client.get(f"{API}/{pack.pk}/file").status_code == status
    assert BoardPack.objects.count() == 1


def test_api_missing_pack_and_bad_format(world, api):
    client = api("admin")
    assert client.get(f"{API}/999999").status_code == 404
    assert client.post(API, {"format": "docx"}).status_code == 422


# --- the command line ------------------------------------------------------------------------


def test_cli_writes_the_pack(world, tmp_path, capsys):
    portfolio(world)
    target = tmp_path / "board.pdf"
    call_command(
        "report", "board", "--format", "pdf", "--output", str(target), "--user", "director"
    )
    assert world.account.name in pdf_text(target.read_bytes())
    assert "wrote" in capsys.readouterr().out
    assert BoardPack.objects.get().status == "done"


def test_cli_pptx_default_user_is_an_administrator(world, tmp_path):
    target = tmp_path / "board.pptx"
    call_command("report", "board", "--format", "pptx", "--output", str(target))
    assert BoardPack.objects.get().requested_by == world.admin
    assert len(presentation(target.read_bytes()).slides) >= 8


def test_cli_refuses_a_kam_and_unknown_user(world):
    with pytest.raises(CommandError):
        call_command("report", "board", "--user", "owner")
    with pytest.raises(CommandError):
        call_command("report", "board", "--user", "nobody")
    assert not BoardPack.objects.exists()
