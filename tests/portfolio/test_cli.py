"""The portfolio commands: keyplan pareto, classify, scores, suggest."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from keyplan import cli
from keyplan.accounts.models import Account
from keyplan.portfolio.models import AccountScore, Criterion, Snapshot, Suggestion
from keyplan.portfolio.scoring.services import set_score
from keyplan.sales.models import MonthlyRollup
from tests.factories import AccountFactory

D = Decimal
CONVENTION = (
    "Accounts whose metric is zero or negative are listed and counted separately with their "
    "total; they are not on the cumulative curve, so cumulative shares never exceed 100% or "
    "decrease."
)
ACCOUNT_KEYS = {"external_id", "name", "value", "share", "cumulative_share", "rank", "class"}


def run(*args, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def sale(account, month, revenue, cost=0, currency="PLN"):
    return MonthlyRollup.objects.create(
        account=account, month=month, revenue=D(revenue), cost=D(cost), currency=currency, lines=1
    )


@pytest.fixture
def sales(world):
    """2024: Polmet 1000 / gross profit 400, the other account 500 / -100, a prospect
    that bought 300 / 100."""
    third = AccountFactory(name="Third Customer SA", account_class="prospect")
    sale(world.account, date(2024, 3, 1), 600, 360)
    sale(world.account, date(2024, 9, 1), 400, 240)
    sale(world.other_account, date(2024, 5, 1), 500, 600)
    sale(third, date(2024, 12, 1), 300, 200)
    return third


def help_text(name: str) -> str:
    parser = load_command_class("keyplan.portfolio", name).create_parser("keyplan", name)
    return " ".join(parser.format_help().split())


# --- keyplan pareto --------------------------------------------------------------------------


def test_the_commands_are_on_the_keyplan_command_line():
    for name in ("pareto", "classify", "scores", "suggest"):
        assert cli.COMMANDS[name][0] == name


def test_pareto_help_states_the_zero_and_negative_convention():
    text = help_text("pareto")

    assert CONVENTION in text
    for option in ("--metric", "--from", "--to", "--all", "--level", "--format", "--user"):
        assert option in text


def test_pareto_json_is_exactly_the_documented_document(world, sales):
    out, _err = run("pareto", "--metric", "gp", "--format", "json")

    body = json.loads(out)
    assert list(body) == [
        "metric",
        "period",
        "level",
        "currency",
        "total",
        "positive_total",
        "negative_total",
        "accounts_for_80pct",
        "share_of_accounts_for_80pct",
        "negative_accounts",
        "concentration",
        "missing_rates",
        "accounts",
    ]
    assert body["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert (body["total"], body["positive_total"], body["negative_total"]) == (
        "400.00",
        "500.00",
        "-100.00",
    )
    assert body["accounts_for_80pct"] == 1
    assert body["share_of_accounts_for_80pct"] == "0.333333"
    assert body["negative_accounts"] == 1
    assert all(set(a) == ACCOUNT_KEYS for a in body["accounts"])
    assert [(a["name"], a["rank"], a["cumulative_share"]) for a in body["accounts"]] == [
        ("Polmet Sp. z o.o.", 1, "0.800000"),
        ("Third Customer SA", 2, "1.000000"),
        ("Other Customer GmbH", None, None),
    ]


def test_pareto_runs_as_the_whole_company_or_as_a_user(world, sales):
    company = json.loads(run("pareto", "--metric", "revenue", "--format", "json")[0])
    owner = json.loads(
        run("pareto", "--metric", "revenue", "--format", "json", "--user", "owner")[0]
    )

    assert len(company["accounts"]) == 3
    assert [a["name"] for a in owner["accounts"]] == ["Polmet Sp. z o.o."]
    assert owner["total"] == "1000.00"


def test_pareto_period_options(world, sales):
    march = json.loads(
        run(
            "pareto",
            "--metric",
            "revenue",
            "--from",
            "2024-03",
            "--to",
            "2024-03",
            "--format",
            "json",
        )[0]
    )
    assert march["period"] == {"from": "2024-03-01", "to": "2024-03-31"}
    assert [a["value"] for a in march["accounts"]] == ["600.00"]

    whole = json.loads(run("pareto", "--metric", "revenue", "--all", "--format", "json")[0])
    assert whole["period"] == {"from": "2024-03-01", "to": "2024-12-31"}

    group = json.loads(
        run("pareto", "--metric", "revenue", "--level", "group", "--format", "json")[0]
    )
    assert group["level"] == "group"


def test_pareto_csv(world, sales):
    out, _err = run("pareto", "--metric", "gp", "--format", "csv")

    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "rank",
        "external_id",
        "name",
        "class",
        "country",
        "owner",
        "members",
        "revenue",
        "gross_profit",
        "value",
        "share",
        "cumulative_share",
        "in_head",
    ]
    assert [(r["rank"], r["name"], r["value"], r["cumulative_share"]) for r in rows] == [
        ("1", "Polmet Sp. z o.o.", "400.00", "0.800000"),
        ("2", "Third Customer SA", "100.00", "1.000000"),
        ("", "Other Customer GmbH", "-100.00", ""),
    ]
    assert rows[0]["revenue"] == "1000.00" and rows[0]["in_head"] == "yes"


def test_pareto_table(world, sales):
    out, _err = run("pareto", "--metric", "gp")

    lines = out.splitlines()
    assert lines[0] == "Pareto of gross profit, 2024-01 to 2024-12, by account, in PLN"
    header = next(line for line in lines if line.startswith("#"))
    assert re.split(r"\s{2,}", header) == [
        "#",
        "External id",
        "Name",
        "Class",
        "Value",
        "Share",
        "Cumulative",
    ]
    first = next(line for line in lines if "Polmet" in line)
    assert first.split()[0] == "1" and first.endswith("80.00%")
    assert "Zero or negative (not on the cumulative curve): 1, total -100.00" in out
    assert "Total 400.00 PLN = positive 500.00 + zero or negative -100.00" in out
    assert "1 of 3 accounts (33.33%) make 80% of the positive total" in out
    assert "Gini" in out


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--from", "2024-13", "--to", "2024-12"], "--from"),
        (["--from", "March", "--to", "2024-12"], "--from"),
        (["--from", "2024-01"], "--to"),
        (["--to", "2024-01"], "--from"),
        (["--from", "2024-06", "--to", "2024-01"], "--from"),
        (["--all", "--from", "2024-01", "--to", "2024-02"], "--all"),
        (["--owner", "nobody"], "--owner"),
        (["--business-unit", "nope"], "--business-unit"),
        (["--country", "POL"], "--country"),
        (["--industry", "spaceflight"], "--industry"),
        (["--user", "nobody"], "--user"),
        (["--level", "planet"], "--level"),
        (["--format", "yaml"], "--format"),
    ],
)
def test_pareto_bad_options_name_the_option(world, args, option):
    with pytest.raises(CommandError) as excinfo:
        run("pareto", "--metric", "revenue", *args)

    assert option in str(excinfo.value)


def test_pareto_needs_a_valid_metric(world):
    with pytest.raises(CommandError, match="--metric"):
        run("pareto")
    with pytest.raises(CommandError, match="--metric"):
        run("pareto", "--metric", "profit")


def test_pareto_bad_option_exits_non_zero(transactional_db, capsys):
    with pytest.raises(SystemExit) as excinfo:
        cli.main(["pareto", "--metric", "revenue", "--from", "2024-13", "--to", "2024-12"])

    assert excinfo.value.code != 0
    assert "--from" in capsys.readouterr().err


# --- keyplan classify ------------------------------------------------------------------------


def test_classify_preview_changes_nothing(world, sales):
    out, _err = run("classify", "--format", "json")

    body = json.loads(out)
    assert body["counts_before"] == {"strategic": 1, "regular": 1, "prospect": 1, "suspect": 0}
    assert sum(body["counts_after"].values()) == 3
    assert body["applied"] is False and body["snapshot"] is None
    change = next(c for c in body["changes"] if c["name"] == "Third Customer SA")
    assert (change["current"], change["proposed"]) == ("prospect", "regular")
    assert not Snapshot.objects.exists()
    assert Account.objects.get(pk=sales.pk).account_class == "prospect"

    table, _err = run("classify")
    assert "Strategic" in table and "before" in table and "after" in table
    assert "Third Customer SA" in table and "prospect → regular" in table
    assert "Preview only" in table


def test_classify_apply_as_a_director_prints_the_snapshot(world, sales):
    out, _err = run("classify", "--apply", "--user", "director", "--note", "year end")

    snapshot = Snapshot.objects.get()
    assert f"snapshot {snapshot.pk}" in out
    assert snapshot.created_by == world.director and snapshot.note == "year end"
    assert Account.objects.get(pk=sales.pk).account_class == "regular"


def test_classify_apply_without_user_runs_as_the_system(world, sales):
    out, _err = run("classify", "--apply", "--format", "json")

    body = json.loads(out)
    snapshot = Snapshot.objects.get()
    assert body["applied"] is True and body["snapshot"] == snapshot.pk
    assert snapshot.created_by is None
    assert Account.objects.get(pk=sales.pk).account_class == "regular"


@pytest.mark.parametrize("name", ["owner", "viewer"])
def test_classify_apply_refuses_non_managers(world, sales, name):
    with pytest.raises(CommandError, match="--user"):
        run("classify", "--apply", "--user", name)

    assert not Snapshot.objects.exists()
    assert Account.objects.get(pk=sales.pk).account_class == "prospect"


def test_classify_help_documents_who_applies():
    text = help_text("classify")
    assert "without --user the command acts as the system" in text


# --- keyplan scores --------------------------------------------------------------------------


@pytest.fixture
def scored(world):
    partnership = Criterion.objects.get(key="partnership")
    set_score(
        user=world.director,
        account=world.account,
        criterion=partnership,
        score=8,
        rationale="Ten years, two projects",
    )
    return partnership


def _export(tmp_path, name="scores.csv", *extra) -> str:
    path = tmp_path / name
    run("scores", "export", str(path), *extra)
    return str(path)


def test_scores_export_is_a_wide_csv(world, scored, tmp_path):
    path = _export(tmp_path)

    with open(path, encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    keys = list(Criterion.objects.filter(enabled=True).values_list("key", flat=True))
    assert rows[0] == ["external_id", "name", *keys, *(k + "_rationale" for k in keys)]
    polmet = next(r for r in rows if r[1] == "Polmet Sp. z o.o.")
    assert polmet[0] == world.account.external_id
    assert polmet[2 + keys.index("partnership")] == "8"
    assert polmet[2 + len(keys) + keys.index("partnership")] == "Ten years, two projects"
    assert len(rows) == 3  # the header and two accounts


@pytest.mark.parametrize("name", ["scores.csv", "scores.xlsx"])
def test_scores_round_trip_changes_nothing(world, scored, tmp_path, name):
    path = _export(tmp_path, name)
    before = AccountScore.history.count()

    out, _err = run("scores", "import", path, "--user", "director")

    assert "0 scores written, 1 unchanged" in out
    assert AccountScore.history.count() == before
    assert AccountScore.objects.get().updated_at == AccountScore.objects.get().updated_at


def test_scores_import_writes_the_changed_cells(world, scored, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(
        "external_id,name,partnership,partnership_rationale\n"
        f"{world.account.external_id},Polmet,9,Grew this year\n"
        f"{world.other_account.external_id},Other,4,\n",
        encoding="utf-8",
    )

    out, _err = run("scores", "import", str(path), "--user", "director")

    assert "2 scores written" in out
    assert AccountScore.objects.get(account=world.account).score == 9
    other = AccountScore.objects.get(account=world.other_account)
    assert other.score == 4 and other.scored_by == world.director
    # and again: nothing more
    out, _err = run("scores", "import", str(path), "--user", "director")
    assert "0 scores written, 2 unchanged" in out


def test_scores_import_with_bad_rows_writes_nothing_and_reports_each(world, scored, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(
        "external_id;name;partnership;partnership_rationale;tenure\n"
        f"{world.other_account.external_id};Other;6;fine;3\n"
        "NOPE-1;Ghost;5;;\n"
        f"{world.account.external_id};Polmet;11;;\n"
        ";Nobody Known;;why;\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as excinfo:
        run("scores", "import", str(path), "--user", "director")

    message = str(excinfo.value)
    assert "3 rows rejected; nothing was written." in message
    assert "line 3: no account with external id “NOPE-1”" in message
    assert "line 4: partnership: “11” is not a score from 1 to 10." in message
    assert "line 5: no account with name “Nobody Known”" in message
    assert "line 2" not in message
    assert not AccountScore.objects.filter(account=world.other_account).exists()
    assert AccountScore.objects.get(account=world.account).score == 8


def test_scores_import_respects_the_users_access(world, scored, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(
        "external_id,partnership\n"
        f"{world.account.external_id},3\n"
        f"{world.other_account.external_id},3\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="line 3: no account"):
        run("scores", "import", str(path), "--user", "owner")
    with pytest.raises(CommandError, match="line 2: you may not change this account"):
        run("scores", "import", str(path), "--user", "viewer")
    assert AccountScore.objects.get(account=world.account).score == 8


def test_scores_import_rejects_a_disabled_criterion_through_the_service(world, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(
        f"external_id,partnership,culture_fit\n{world.account.external_id},7,5\n", encoding="utf-8"
    )

    with pytest.raises(CommandError, match="line 2: culture_fit: criterion"):
        run("scores", "import", str(path), "--user", "director")
    assert not AccountScore.objects.exists()  # the good cell was rolled back too


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,partnership\nX,5\n", "line 1: no “external_id” column"),
        ("external_id,loyalty\nX,5\n", "line 1: unknown column “loyalty”"),
        ("", "line 1: the file is empty"),
    ],
)
def test_scores_import_checks_the_header(world, tmp_path, content, message):
    path = tmp_path / "scores.csv"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        run("scores", "import", str(path), "--user", "director")


def test_scores_import_needs_a_user_and_a_file(world, tmp_path):
    with pytest.raises(CommandError, match="--user"):
        run("scores", "import", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="FILE"):
        run("scores", "export")
    with pytest.raises(CommandError, match="No such file"):
        run("scores", "import", str(tmp_path / "missing.csv"), "--user", "director")


def test_scores_compute(world, sales):
    out, _err = run("scores", "compute")

    written = int(re.search(r"Computed (\d+) data scores", out)[1])
    assert written > 0
    assert AccountScore.objects.filter(from_data=True).count() == written
    with pytest.raises(CommandError, match="--user"):
        run("scores", "compute", "--user", "owner")


def test_scores_help_describes_the_import_rules():
    text = help_text("scores")
    assert "nothing is written" in text and "importing the same file twice changes nothing" in text


# --- keyplan suggest -------------------------------------------------------------------------


def test_suggest_generates_and_lists_pending(world, sales):
    out, _err = run("suggest", "--format", "json")

    body = json.loads(out)
    assert body["generated"] >= 1
    first_sale = next(s for s in body["pending"] if s["name"] == "Third Customer SA")
    assert set(first_sale) == {
        "id",
        "account_id",
        "external_id",
        "name",
        "from_class",
        "to_class",
        "reason",
        "reason_text",
        "evidence",
        "created_at",
    }
    assert (first_sale["from_class"], first_sale["to_class"]) == ("prospect", "regular")
    assert first_sale["reason"] == "first_sale" and first_sale["reason_text"]
    pending = Suggestion.objects.filter(status="pending").count()

    again = json.loads(run("suggest", "--format", "json")[0])
    assert again["generated"] == 0
    assert Suggestion.objects.filter(status="pending").count() == pending

    table, _err = run("suggest", "--list")
    assert f"{pending} pending:" in table and "Third Customer SA" in table


def test_suggest_as_a_user(world, sales):
    run("suggest")
    out, _err = run("suggest", "--list", "--user", "owner", "--format", "json")
    assert all(s["account_id"] == world.account.pk for s in json.loads(out)["pending"])
    with pytest.raises(CommandError, match="--user"):
        run("suggest", "--user", "owner")
