"""The `keyplan` command line: its help, and each command dispatched to its management
command (the commands' own tests are beside their apps: tests/accounts/test_createuser.py,
tests/users/test_tokens.py, tests/core/test_commands.py, tests/test_demo.py)."""

from __future__ import annotations

import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from keyplan import cli
from keyplan.users.models import ApiToken

REPO = Path(__file__).resolve().parent.parent

# --- keyplan --help, dispatch ----------------------------------------------------------------


def test_help_lists_every_command_once(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: keyplan COMMAND")
    lines = out.splitlines()
    for name, (_command, help_) in cli.COMMANDS.items():
        matching = [line for line in lines if re.match(rf"^\s+{re.escape(name)}\s", line)]
        assert len(matching) == 1, (name, matching)
        assert help_ in matching[0]
    command_lines = [line for line in lines if re.match(r"^  \S", line)]
    assert len(command_lines) == len(cli.COMMANDS)


@pytest.mark.parametrize("argv", [[], ["-h"], ["help"]])
def test_no_command_prints_the_help(argv, capsys):
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in cli.COMMANDS)


def test_data_commands_skip_the_system_checks(monkeypatch, capsys):
    # The checks load every URLconf and API schema: 3-4 s of each `keyplan pareto`.
    from django.core import checks

    ran = []
    monkeypatch.setattr(checks, "run_checks", lambda *a, **k: ran.append(k) or [])
    assert cli.main(["import", "presets"]) == 0
    assert "generic" in capsys.readouterr().out
    assert ran == []


@pytest.mark.parametrize("name", sorted(cli.CHECKED))
def test_the_server_and_setup_commands_keep_the_system_checks(name):
    command = cli.utility()(["keyplan", name]).fetch_command(name)
    default = type(command).requires_system_checks
    assert command.requires_system_checks == default


@pytest.mark.parametrize("name", sorted(set(cli.COMMANDS) - cli.CHECKED))
def test_the_other_commands_do_not_check(name):
    assert cli.utility()(["keyplan", name]).fetch_command(name).requires_system_checks == []


def test_every_command_maps_to_a_management_command():
    from django.core.management import get_commands

    available = get_commands()
    for name, (command, _help) in cli.COMMANDS.items():
        assert command in available, name
    assert cli.COMMANDS["check"][0] == "deploycheck"
    assert cli.COMMANDS["seed-demo"][0] == "seed_demo"


def test_unknown_command_exits_2_with_a_message(capsys):
    assert cli.main(["frobnicate", "--x"]) == 2
    captured = capsys.readouterr()
    assert "unknown command “frobnicate”" in captured.err
    assert "usage: keyplan COMMAND" in captured.err
    assert captured.out == ""


def test_console_script_exit_status():
    script = Path(sys.executable).parent / "keyplan"
    if not script.exists():
        pytest.skip("the keyplan console script is not installed")
    result = subprocess.run([str(script), "frobnicate"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "unknown command" in result.stderr


def test_dispatch_runs_the_management_command(transactional_db, world, capsys):
    # execute_from_command_line closes the database connections when the command ends,
    # as the real CLI does; outside a test transaction the next query reconnects.
    assert cli.main(["token", "create", "owner", "--name", "via-cli"]) == 0
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("kp_")
    assert ApiToken.objects.get(user=world.owner).name == "via-cli"


def test_keyplan_check_exits_1_on_failed_checks(monkeypatch, capsys):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    with pytest.raises(SystemExit) as excinfo:
        cli.main(["check"])
    assert excinfo.value.code == 1
    assert "security.W012" in capsys.readouterr().err


# --- `keyplan COMMAND --help` loads no heavy library ----------------------------------------

HEAVY = ("statsmodels", "pandas", "numpy", "scipy", "openpyxl")
PROBE = """
import json, sys
from keyplan.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.mark.parametrize("command", ["pareto", "import", "seed-demo", "demo", "serve", "scores"])
def test_command_help_imports_no_heavy_library(command):
    # What is imported, not how long it takes: a timing would be flaky on a busy machine,
    # and these libraries are what made `--help` slow (statsmodels alone takes a second).
    result = subprocess.run(
        [sys.executable, "-c", PROBE, command, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stderr
    help_text, _sep, modules_json = result.stdout.rpartition("\n[")
    assert "usage:" in help_text
    loaded = set(json.loads("[" + modules_json))
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_web_workers_load_the_heavy_libraries_at_start():
    from keyplan import warmup

    assert "statsmodels.tsa.exponential_smoothing.ets" in warmup.HEAVY_MODULES
    assert warmup.preload(("json",)) == ["json"]
    package = Path(warmup.__file__).parent
    # keyplan.wsgi when a server imports the application; `keyplan serve` in gunicorn's
    # master, before the workers fork.
    for module in ("wsgi.py", "core/management/commands/serve.py"):
        assert "preload()" in (package / module).read_text(), module
        assert "freeze_heap()" in (package / module).read_text(), module


def test_the_loaded_heap_is_frozen_out_of_the_collectors_way():
    # In a child: freezing the test process itself would change its collector.
    code = (
        "import gc; from keyplan import warmup; warmup.preload(('json', 'decimal'));"
        "n = warmup.freeze_heap(); print(n, gc.get_freeze_count(), len(gc.get_objects()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    frozen, count, tracked = map(int, result.stdout.split())
    assert frozen == count > 1000
    assert tracked < frozen  # what the collector still walks is what came after


# --- each command's usage is `keyplan NAME ...` ---------------------------------------------


@pytest.mark.parametrize("name", list(cli.COMMANDS))
def test_a_command_s_help_names_it_once(name, capsys):
    # Django would name the parser after "prog subcommand": `keyplan import import`.
    with pytest.raises(SystemExit) as excinfo:
        cli.main([name, "--help"])
    assert excinfo.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: keyplan {name} ["), out[:200]
    command = cli.COMMANDS[name][0]
    assert f"keyplan {name} {command}" not in out


# --- output into a pipe whose reader quits early --------------------------------------------

PIPE_ROWS = 3000  # enough output to fill the pipe (64 KiB) many times over


def _pipe_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEYPLAN_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="keyplan.settings.dev",
        KEYPLAN_DATA_DIR=str(data_dir),
        PYTHONPATH=str(REPO),
    )
    return env


def _shell(env: dict[str, str], command: str) -> subprocess.CompletedProcess:
    keyplan = f"{shlex.quote(sys.executable)} -m keyplan.cli"
    return subprocess.run(
        command.replace("keyplan", keyplan, 1),
        shell=True,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_output_piped_into_head_ends_quietly(tmp_path):
    env = _pipe_env(tmp_path)
    assert _shell(env, "keyplan migrate -v 0").returncode == 0
    source = tmp_path / "invoices.csv"
    with source.open("w", encoding="utf-8") as f:
        f.write("document,line,date,account_external_id,account_name,revenue,cost\n")
        for i in range(PIPE_ROWS):
            f.write(f"INV-{i},1,2024-03-01,C-{i},Customer {i},{i + 1}.00,1.00\n")
    imported = _shell(env, f"keyplan import invoices {source} --format json")
    assert imported.returncode == 0, imported.stderr
    # Many jobs in the history, so that the listing is long too.
    db = sqlite3.connect(tmp_path / "keyplan.sqlite3")
    columns = ", ".join(
        f'"{c[1]}"' for c in db.execute("PRAGMA table_info(imports_importjob)") if c[1] != "id"
    )
    db.execute(
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {PIPE_ROWS}) "
        f"INSERT INTO imports_importjob ({columns}) SELECT {columns} FROM imports_importjob, n"
    )
    db.commit()
    db.close()

    pareto = _shell(env, "keyplan pareto --metric revenue --all --format csv | head -1")
    assert pareto.stdout.startswith("rank,external_id,name,") and pareto.stdout.count("\n") == 1
    assert pareto.stderr == ""
    jobs = _shell(env, "keyplan import jobs | head -1")
    assert jobs.stdout.split()[:3] == ["id", "created", "kind"]
    assert jobs.stderr == ""
    # The whole output, for comparison: far more than one pipe's worth.
    assert len(_shell(env, "keyplan import jobs").stdout) > 4 * 65536
