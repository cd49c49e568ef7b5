"""`keyplan import ... --format json` is machine-readable whatever happens (issue #15): one
JSON object on stdout with "status" (and "error" unless it succeeded), and an exit status
that says which."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from keyplan import cli
from keyplan.imports.jobs import services
from keyplan.imports.models import ImportJob, ImportStatus

from .support import write_csv

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def _refused(*args: str) -> tuple[dict, CommandError]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import", *args, "--format", "json", stdout=out, stderr=err)
    return json.loads(out.getvalue()), info.value  # exactly one JSON document


def _files(tmp_path):
    no_revenue = write_csv(
        tmp_path / "no-revenue.csv",
        [["document", "line", "date", "account_name"], ["F1", "1", "2024-01-02", "Alfa"]],
    )
    image = tmp_path / "prices.csv"
    image.write_bytes(PNG)
    return {"no-revenue": no_revenue, "image": image, "missing": tmp_path / "nothing.csv"}


@pytest.mark.parametrize(
    ("case", "args", "error", "job_recorded"),
    [
        ("required columns not found", ("invoices", "no-revenue"), "revenue", True),
        ("unreadable file", ("invoices", "image"), "PNG image", True),
        ("no such file", ("invoices", "missing"), "No such file", False),
        ("unknown preset", ("invoices", "no-revenue", "--preset", "sap"), "preset", False),
        ("unknown kind", ("invoice", "no-revenue"), "unknown kind", False),
        ("bad --map", ("invoices", "no-revenue", "--map", "Revenue"), "--map", False),
        ("no FILE", ("invoices",), "FILE", False),
    ],
)
def test_a_refused_file_answers_in_json(world, tmp_path, case, args, error, job_recorded):
    files = _files(tmp_path)
    args = tuple(str(files.get(a, a)) for a in args)
    data, exc = _refused(*args)
    assert data["status"] == "refused", case
    assert error in data["error"], (case, data)
    assert data["error"] == str(exc)
    assert exc.returncode == 1
    if job_recorded:  # the job is in the history, failed, with the same message
        job = ImportJob.objects.get(pk=data["job"])
        assert (job.status, job.message) == (ImportStatus.FAILED, data["error"])
    else:
        assert data["job"] is None
        assert not ImportJob.objects.exists()


def test_a_successful_import_says_succeeded(world, tmp_path):
    path = write_csv(
        tmp_path / "sales.csv",
        [
            ["document", "line", "date", "account_name", "revenue", "cost"],
            ["F1", "1", "2024-01-02", "A", "5", "3"],
        ],
    )
    out = io.StringIO()
    call_command("import", "invoices", str(path), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["status"], data["created"], data["job"]) == (
        "succeeded",
        1,
        ImportJob.objects.get().pk,
    )
    assert "error" not in data


def test_an_internal_error_exits_3_with_the_job_s_message(world, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "run_import", broken)
    path = write_csv(tmp_path / "a.csv", [["name"], ["Alfa"]])
    data, exc = _refused("accounts", str(path))
    assert exc.returncode == 3
    assert data["status"] == "failed"
    assert "Internal error: RuntimeError" in data["error"]
    assert ImportJob.objects.get(pk=data["job"]).status == ImportStatus.FAILED


# --- through `keyplan`, as a script sees it --------------------------------------------------


def test_the_exit_status_says_refused(transactional_db, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["import", "invoices", str(tmp_path / "nothing.csv"), "--format", "json"])
    assert info.value.code == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["status"] == "refused" and "No such file" in data["error"]
    assert "No such file" in captured.err  # and for a person, on stderr


def test_a_wrong_command_line_exits_2_in_json_too(transactional_db, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["import", "invoices", "x.csv", "--format", "json", "--language", "xx"])
    assert info.value.code == 2
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["status"] == "usage" and "--language" in data["error"]
    assert captured.err.startswith("usage: keyplan import ")


def test_the_help_documents_the_exit_status(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["import", "--help"])
    assert info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Exit status: 0 imported" in out and "1 refused" in out and "3 stopped" in out
    assert '"status"' in out and '"error"' in out
