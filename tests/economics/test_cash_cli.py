"""`keyplan economics cash`: table, JSON and CSV; --user scoping; --account; bad options."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from .support import AS_OF, ledger


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("economics", "cash", *args, stdout=out)
    return out.getvalue()


def test_json_over_the_whole_company(world):
    ledger(world)
    document = json.loads(run("--as-of", AS_OF.isoformat(), "--format", "json"))
    assert document["total"]["open"] == "190.0001"
    assert {a["name"] for a in document["accounts"]} == {"Polmet Sp. z o.o.", "Other Customer GmbH"}


def test_user_sees_only_own_accounts(world):
    ledger(world)
    document = json.loads(run("--as-of", AS_OF.isoformat(), "--format", "json", "--user", "owner"))
    assert [a["name"] for a in document["accounts"]] == ["Polmet Sp. z o.o."]
    assert document["total"]["open"] == "150.0001"


def test_csv_and_table(world):
    ledger(world)
    rows = list(csv.reader(io.StringIO(run("--as-of", AS_OF.isoformat(), "--format", "csv"))))
    assert rows[0][:4] == ["external_id", "name", "class", "owner"]
    assert len(rows) == 3
    table = run("--as-of", AS_OF.isoformat())
    assert "Receivables at 2026-06-30, in PLN" in table
    assert "190.00" in table  # the total open


def test_one_account_with_its_trend(world):
    ledger(world)
    document = json.loads(
        run(
            "--as-of", AS_OF.isoformat(), "--account", world.account.external_id, "--format", "json"
        )
    )
    assert document["cash"]["open"] == "150.0001"
    assert len(document["trend"]) == 12
    text = run("--as-of", AS_OF.isoformat(), "--account", str(world.account.pk))
    assert "Cash of Polmet Sp. z o.o. at 2026-06-30" in text


def test_bad_options_name_the_option(world):
    with pytest.raises(CommandError, match="--as-of"):
        run("--as-of", "31.12.2025")
    with pytest.raises(CommandError, match="--as-of"):
        run("--as-of", "2999-01-01")
    with pytest.raises(CommandError, match="--account"):
        run("--account", "nope", "--user", "outsider")
    with pytest.raises(CommandError, match="--account"):
        run("--account", str(world.account.pk), "--user", "outsider")  # not theirs
    with pytest.raises(CommandError, match="--user"):
        run("--user", "ghost")


def test_without_payments_it_says_what_to_do(world):
    assert "import payments first" in run()
