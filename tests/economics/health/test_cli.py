"""`keyplan health`: the list, one account, recording a month; bad options."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from keyplan.economics.models import HealthSnapshot
from keyplan.economics.signals.selectors import last_full_month


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("health", *args, stdout=out)
    return out.getvalue()


def test_the_list_as_json_csv_and_table(world):
    document = json.loads(run("--format", "json"))
    assert {a["name"] for a in document["accounts"]} == {"Polmet Sp. z o.o.", "Other Customer GmbH"}
    mine = json.loads(run("--format", "json", "--user", "owner"))
    assert [a["account_id"] for a in mine["accounts"]] == [world.account.pk]
    rows = list(csv.reader(io.StringIO(run("--format", "csv"))))
    assert rows[0][:5] == ["account_id", "name", "class", "owner", "score"] and len(rows) == 3
    assert "Polmet Sp. z o.o." in run()


def test_one_account(world):
    document = json.loads(run("--account", str(world.account.pk), "--format", "json"))
    assert document["account_id"] == world.account.pk and len(document["components"]) == 8
    assert "Revenue trend" in run("--account", str(world.account.pk), "--month", "2026-06")


def test_recording_a_month(world):
    out = run("--record", "--month", "2026-06")
    assert "Recorded the health of 2 accounts for 2026-06." in out
    assert HealthSnapshot.objects.filter(month=date(2026, 6, 1)).count() == 2
    run("--record")
    assert HealthSnapshot.objects.filter(month=last_full_month(date.today())).count() == 2


def test_bad_options(world):
    with pytest.raises(CommandError, match="--month"):
        run("--month", "June")
    with pytest.raises(CommandError, match="--month"):
        run("--month", "2999-01")
    with pytest.raises(CommandError, match="--account"):
        run("--account", "999999")
