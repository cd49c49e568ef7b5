"""An import whose process died says so (issue #15): a running job whose process is gone
(asked directly on the same host) or that gave no sign of life for too long is shown, and
recorded, as interrupted, with what it committed and how to complete it; a new import,
the job pages, the API and `keyplan import jobs` all look."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from keyplan.imports.jobs import services
from keyplan.imports.jobs.domain import (
    STALE_AFTER,
    Liveness,
    is_dead,
    resume_command,
    this_host,
)
from keyplan.imports.models import ImportJob, ImportStatus
from keyplan.imports.pipeline import services as pipeline
from keyplan.imports.pipeline.services import ImportOptions, run_import
from keyplan.sales.models import InvoiceLine

from ..support import write_csv

HEADER = ["document", "line", "date", "account_external_id", "account_name", "revenue", "cost"]


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture(scope="module")
def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _invoices(path: Path, rows: int = 6) -> Path:
    lines = [
        [f"INV-{i}", "1", "2024-01-15", f"C-{i % 2}", f"Customer {i % 2}", "100.00", "60.00"]
        for i in range(rows)
    ]
    return write_csv(path, [HEADER, *lines])


def _running(world, *, pid: int | None, host: str, silent_for: timedelta, **fields) -> ImportJob:
    """A job as a process leaves it when it dies after committing 5,000 rows."""
    last = timezone.now() - silent_for
    values = {
        "kind": "invoices",
        "status": ImportStatus.RUNNING,
        "file_path": "/data/imports/invoices.csv",
        "original_name": "invoices.csv",
        "created_by": world.director,
        "started_at": last - timedelta(minutes=1),
        "heartbeat_at": last,
        "pid": pid,
        "host": host,
        "rows_read": 5000,
        "rows_estimate": 60000,
        "created": 4990,
        "rejected": 10,
        **fields,
    }
    return ImportJob.objects.create(**values)


# --- the rule, without a database ----------------------------------------------------------


def test_a_process_gone_on_this_host_is_dead_at_once():
    now = timezone.now()
    signs = Liveness(last_sign=now, pid=4242, host="web-1 pid:[1]")
    assert is_dead(signs, now=now, host="web-1 pid:[1]", exists=lambda pid: False)
    assert not is_dead(signs, now=now, host="web-1 pid:[1]", exists=lambda pid: True)


def test_elsewhere_only_silence_tells():
    now = timezone.now()

    def asked(pid: int) -> bool:
        raise AssertionError("a process on another host cannot be asked")

    recent = Liveness(last_sign=now - STALE_AFTER + timedelta(seconds=5), pid=1, host="worker")
    silent = Liveness(last_sign=now - STALE_AFTER - timedelta(seconds=1), pid=1, host="worker")
    assert not is_dead(recent, now=now, host="web", exists=asked)
    assert is_dead(silent, now=now, host="web", exists=asked)
    # A process id alive here may belong to another process by now: silence still tells.
    assert is_dead(silent, now=now, host="worker", exists=lambda pid: True)


def test_this_host_tells_process_id_namespaces_apart():
    host = this_host()
    assert host and host == this_host()
    if Path("/proc/self/ns/pid").exists():
        assert "pid:[" in host


def test_the_resume_command_repeats_the_options_quoted():
    command = resume_command(
        kind="invoices",
        path="/data/my sales.csv",
        preset="subiekt",
        options={"encoding": "cp1250", "delimiter": "\t", "decimal": "auto", "date_format": ""},
        mapping={"revenue": "Net value"},
        dry_run=True,
        user="director",
    )
    assert command == (
        "keyplan import invoices '/data/my sales.csv' --preset subiekt --encoding cp1250 "
        "--delimiter tab --map 'Net value=revenue' --dry-run --user director"
    )


# --- where people look ---------------------------------------------------------------------


def test_a_dead_job_is_shown_interrupted_on_its_page_and_in_the_api(
    world, client_for, api, dead_pid
):
    job = _running(world, pid=dead_pid, host=this_host(), silent_for=timedelta(minutes=10))

    page = client_for("director").get(reverse("imports:detail", args=[job.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Interrupted" in html and "The import was interrupted before the end." in html
    assert 'hx-trigger="every' not in html  # no longer polled
    assert "5,000 rows read, 4,990 created, 0 updated, 0 unchanged, 10 rejected" in html
    assert reverse("imports:resume", args=[job.pk]) in html

    job.refresh_from_db()
    assert job.status == ImportStatus.INTERRUPTED
    assert job.finished_at == job.heartbeat_at  # its last sign of life
    assert "keyplan import invoices /data/imports/invoices.csv --user director" in job.message
    assert (job.rows_read, job.created, job.rejected) == (5000, 4990, 10)  # counters kept

    body = api("director").get(f"/imports/{job.pk}").json()
    assert body["status"] == "interrupted"
    assert body["message"] == job.message
    assert body["rows_read"] == 5000 and body["created"] == 4990


def test_the_history_page_and_the_api_list_look_too(world, client_for, api, dead_pid):
    first = _running(world, pid=dead_pid, host=this_host(), silent_for=timedelta(minutes=10))
    html = client_for("admin").get(reverse("imports:list")).content.decode()
    assert "Interrupted" in html
    assert ImportJob.objects.get(pk=first.pk).status == ImportStatus.INTERRUPTED

    second = _running(world, pid=dead_pid, host=this_host(), silent_for=timedelta(minutes=10))
    items = api("director").get("/imports").json()["items"]
    assert {i["id"]: i["status"] for i in items} == {
        first.pk: "interrupted",
        second.pk: "interrupted",
    }


def test_a_live_job_stays_running(world, client_for, api):
    here = _running(world, pid=os.getpid(), host=this_host(), silent_for=timedelta(minutes=2))
    elsewhere = _running(world, pid=1, host="worker-7", silent_for=timedelta(seconds=30))
    client = client_for("director")
    assert client.get(reverse("imports:list")).status_code == 200
    for job in (here, elsewhere):
        html = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
        assert 'hx-trigger="every 1s"' in html
        assert api("director").get(f"/imports/{job.pk}").json()["status"] == "running"
    assert set(ImportJob.objects.values_list("status", flat=True)) == {ImportStatus.RUNNING}


def test_a_silent_job_on_another_host_is_interrupted(world, client_for):
    job = _running(world, pid=1, host="worker-7", silent_for=STALE_AFTER + timedelta(seconds=5))
    html = client_for("director").get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "The import was interrupted before the end." in html
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.INTERRUPTED


def test_a_job_running_before_heartbeats_existed_is_judged_by_its_start(world):
    job = _running(world, pid=None, host="", silent_for=timedelta(hours=1), heartbeat_at=None)
    assert services.import_jobs_check_running() == [job]
    job.refresh_from_db()
    assert job.status == ImportStatus.INTERRUPTED
    assert job.finished_at == job.started_at


def test_the_message_is_in_the_language_of_whoever_started_the_job(world, dead_pid):
    job = _running(world, pid=dead_pid, host=this_host(), silent_for=timedelta(0), language="pl")
    services.import_jobs_check_running()
    job.refresh_from_db()
    assert job.status == ImportStatus.INTERRUPTED
    assert "5\xa0000" in job.message or "5 000" in job.message  # Polish digit grouping
    assert "keyplan import invoices" in job.message


def test_a_new_import_says_which_earlier_one_was_interrupted(world, tmp_path, dead_pid):
    dead = _running(world, pid=dead_pid, host=this_host(), silent_for=timedelta(seconds=1))
    out, err = io.StringIO(), io.StringIO()
    path = _invoices(tmp_path / "sales.csv")
    call_command("import", "invoices", str(path), "--format", "json", stdout=out, stderr=err)
    assert json.loads(out.getvalue())["status"] == "succeeded"
    assert f"Import {dead.pk} of invoices.csv: The import was interrupted" in err.getvalue()
    assert ImportJob.objects.get(pk=dead.pk).status == ImportStatus.INTERRUPTED


def test_the_cli_lists_the_jobs_and_their_state(world, tmp_path, dead_pid):
    dead = _running(world, pid=dead_pid, host=this_host(), silent_for=timedelta(seconds=1))
    out = io.StringIO()
    call_command("import", "jobs", "--format", "json", stdout=out)
    (listed,) = json.loads(out.getvalue())["jobs"]
    assert (listed["id"], listed["status"]) == (dead.pk, "interrupted")
    assert (listed["rows_read"], listed["created"], listed["rejected"]) == (5000, 4990, 10)
    assert "keyplan import invoices" in listed["message"]

    text = io.StringIO()
    call_command("import", "jobs", stdout=text)
    lines = text.getvalue().splitlines()
    assert lines[0].split()[:4] == ["id", "created", "kind", "status"]
    assert lines[1].split()[4:6] == ["interrupted", "5000"]  # created: date and time
    assert lines[2].strip().startswith("The import was interrupted")


# --- the running side ----------------------------------------------------------------------


def test_a_run_records_its_process_and_beats_while_it_reads(world, tmp_path, monkeypatch):
    path = _invoices(tmp_path / "sales.csv", rows=9)
    beats: list[int] = []
    monkeypatch.setattr(pipeline, "HEARTBEAT_ROWS", 2)
    summary = run_import(path, ImportOptions(kind="invoices"), on_heartbeat=lambda: beats.append(1))
    assert summary.created == 9
    assert len(beats) == 2 * (10 // 2)  # 10 lines (header included), read in both passes

    seen = []
    monkeypatch.setattr(services, "HEARTBEAT_SECONDS", 0)
    real_beat = services._beat

    def beat(job: ImportJob) -> None:
        real_beat(job)
        seen.append(ImportJob.objects.get(pk=job.pk))

    monkeypatch.setattr(services, "_beat", beat)
    job = services.import_job_create(user=world.director, kind="invoices", source=path)
    services.import_job_run(job)
    assert seen and all(s.status == ImportStatus.RUNNING for s in seen)
    assert {(s.pid, s.host) for s in seen} == {(os.getpid(), this_host())}
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED
    assert job.heartbeat_at is not None and job.heartbeat_at <= job.finished_at


def test_a_job_taken_for_dead_that_beats_again_is_running_again(world):
    job = _running(world, pid=1, host="worker-7", silent_for=STALE_AFTER * 2)
    services.import_jobs_check_running()
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.INTERRUPTED
    services._beat(job)
    job.refresh_from_db()
    assert (job.status, job.message, job.finished_at) == (ImportStatus.RUNNING, "", None)


def test_ctrl_c_marks_the_job_interrupted_at_once(world, tmp_path, monkeypatch):
    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(services, "run_import", stopped)
    job = services.import_job_create(
        user=world.director, kind="invoices", source=_invoices(tmp_path / "s.csv")
    )
    with pytest.raises(KeyboardInterrupt):
        services.import_job_run(job)
    job.refresh_from_db()
    assert job.status == ImportStatus.INTERRUPTED
    assert "The import was interrupted" in job.message


# --- resuming ------------------------------------------------------------------------------


def test_resume_imports_the_same_file_again_and_completes_it(
    world, client_for, tmp_path, monkeypatch, django_capture_on_commit_callbacks, dead_pid
):
    path = _invoices(tmp_path / "sales.csv", rows=6)
    # The first batch of 4 rows is committed; then the process dies.
    write = pipeline.WRITERS["invoices"]
    calls = []

    def dies(ctx, batch, **kwargs):
        calls.append(len(batch))
        if len(calls) > 1:
            raise RuntimeError("killed")
        return write(ctx, batch, **kwargs)

    monkeypatch.setitem(pipeline.WRITERS, "invoices", dies)
    with pytest.raises(RuntimeError):
        run_import(path, ImportOptions(kind="invoices", batch_size=4))
    monkeypatch.undo()
    assert InvoiceLine.objects.count() == 4
    old = _running(
        world,
        pid=dead_pid,
        host=this_host(),
        silent_for=timedelta(minutes=1),
        file_path=str(path),
        rows_read=4,
        created=4,
        rejected=0,
    )
    client = client_for("director")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("imports:detail", args=[old.pk]))  # seen: interrupted
        response = client.post(reverse("imports:resume", args=[old.pk]))
    new = ImportJob.objects.exclude(pk=old.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=[new.pk])
    assert new.status == ImportStatus.SUCCEEDED, new.message
    assert (new.rows_read, new.created, new.unchanged) == (6, 2, 4)
    assert InvoiceLine.objects.count() == 6
    assert ImportJob.objects.get(pk=old.pk).status == ImportStatus.INTERRUPTED


def test_only_an_interrupted_job_resumes(world, client_for):
    job = _running(world, pid=os.getpid(), host=this_host(), silent_for=timedelta(0))
    response = client_for("director").post(reverse("imports:resume", args=[job.pk]))
    assert response["Location"] == reverse("imports:detail", args=[job.pk])
    assert ImportJob.objects.count() == 1


def test_an_interrupted_dry_run_says_nothing_was_written(world, dead_pid):
    job = _running(
        world, pid=dead_pid, host=this_host(), silent_for=timedelta(seconds=1), dry_run=True
    )
    services.import_jobs_check_running()
    job.refresh_from_db()
    assert job.status == ImportStatus.INTERRUPTED
    assert "4,990 would be created" in job.message and "Nothing was written." in job.message
    assert job.message.endswith("--dry-run --user director")
