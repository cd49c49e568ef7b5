"""`keyplan report monthly`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError
from pypdf import PdfReader

from keyplan.cli import main
from keyplan.reports.models import MonthlyReport
from tests.support import run

from .support import month_of_work

pytestmark = pytest.mark.django_db


def test_pdf_to_a_file_drafting_it_first(world, tmp_path):
    month_of_work(world)
    target = tmp_path / "march.pdf"
    out, err = run(
        "report",
        "monthly",
        "--account",
        str(world.account.pk),
        "--month",
        "2025-03",
        "--output",
        str(target),
    )
    assert "Drafted version 1 of 2025-03." in err
    assert "Polmet Sp. z o.o., 2025-03, version 1 (Draft): wrote" in out
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Visit the Poznań plant" in text
    out, err = run(
        "report",
        "monthly",
        "--account",
        str(world.account.pk),
        "--month",
        "2025-03",
        "--output",
        str(target),
    )
    assert err == "" and MonthlyReport.objects.count() == 1


def test_html_to_stdout(world):
    month_of_work(world)
    out, _err = run(
        "report",
        "monthly",
        "--account",
        str(world.account.pk),
        "--month",
        "2025-03",
        "--format",
        "html",
        "--language",
        "ru",
    )
    assert out.startswith("<!DOCTYPE html>") and 'lang="ru"' in out
    assert "Visit the Poznań plant" in out


def test_draft_all_is_idempotent(world):
    month_of_work(world)
    out, _ = run("report", "monthly", "--draft-all", "--month", "2025-03")
    assert out.strip() == "2025-03: 1 new drafts."
    out, _ = run("report", "monthly", "--draft-all", "--month", "2025-03")
    assert out.strip() == "2025-03: 0 new drafts."


def test_bad_options(world):
    with pytest.raises(CommandError, match="--month"):
        run("report", "monthly", "--account", "1", "--month", "2025-13")
    with pytest.raises(CommandError, match="--account"):
        run("report", "monthly", "--account", "999999", "--month", "2025-03")
    with pytest.raises(CommandError, match="--output"):
        run("report", "monthly", "--account", str(world.account.pk), "--month", "2025-03")
    with pytest.raises(CommandError):
        run("report", "monthly", "--month", "2025-03")


def test_the_keyplan_command_lists_it(capsys):
    assert main(["--help"]) == 0
    assert "report monthly --account ID --month YYYY-MM" in capsys.readouterr().out
