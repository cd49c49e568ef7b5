"""The `keyplan` command line and the management commands behind it."""

from __future__ import annotations

import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.test import Client, override_settings
from django_tasks import TaskResultStatus, task

from keyplan import cli
from keyplan.accounts.models import Account
from keyplan.demo.generator import generate
from keyplan.users.models import ApiToken, Role, User

NEW_PASSWORD = "plum-orchard-quietly-42"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run(*args, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def api_me(raw_token: str):
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw_token}")


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


# --- createuser ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PORTAL])
def test_createuser_creates_each_internal_role(role, db, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    out, _err = run("createuser", f"new-{role}", role=role, email=f"{role}@example.com")
    user = User.objects.get(username=f"new-{role}")
    assert user.role == role
    assert user.portal_account is None
    assert user.is_superuser == user.is_staff == (role == Role.ADMIN)
    assert user.check_password(NEW_PASSWORD)
    client = Client()
    response = client.post("/login/", {"username": f"new-{role}", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/api/v1/me").json()["role"] == role
    assert f"Created new-{role}" in out


def test_createuser_portal_user_with_account(world, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    run("createuser", "client", "--role", "portal", "--account", str(world.other_account.pk))
    user = User.objects.get(username="client")
    assert user.role == Role.PORTAL
    assert user.portal_account == world.other_account
    assert not user.is_staff


def test_createuser_portal_needs_an_account(db, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match="portal user needs the account"):
        run("createuser", "client", role="portal")
    assert not User.objects.filter(username="client").exists()


def test_createuser_account_only_for_portal_users(world, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match="Only portal users"):
        run("createuser", "kam2", role="kam", account=world.account.pk)
    assert not User.objects.filter(username="kam2").exists()


def test_createuser_bad_account_id(db, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match=r"--account: no account with id 987654\."):
        run("createuser", "client", role="portal", account=987654)
    assert not User.objects.filter(username="client").exists()


def test_createuser_unknown_role(db, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match="invalid choice"):
        run("createuser", "someone", role="emperor")
    assert not User.objects.filter(username="someone").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short. It must contain at least 10 characters."),
        ("1234567890", "This password is entirely numeric."),
        ("password123", "This password is too common."),
    ],
)
def test_createuser_rejects_a_weak_password(password, message, db, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", password)
    with pytest.raises(CommandError) as excinfo:
        run("createuser", "weakling", role="kam")
    assert f"password: {message}" in str(excinfo.value)
    assert not User.objects.filter(username="weakling").exists()


def test_createuser_rejects_a_taken_name(world, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match="already exists"):
        run("createuser", "OWNER", role="kam")
    assert User.objects.filter(username__iexact="owner").count() == 1


def test_createuser_rejects_an_invalid_user_name(db, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match="username: Enter a valid username"):
        run("createuser", "no spaces please", role="kam")
    assert not User.objects.exists()


def test_createuser_asks_for_the_password(db, monkeypatch):
    monkeypatch.delenv("KEYPLAN_PASSWORD", raising=False)
    answers = iter([NEW_PASSWORD, "something-else-entirely"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="the passwords differ"):
        run("createuser", "typist", role="team")
    assert not User.objects.filter(username="typist").exists()

    answers = iter([NEW_PASSWORD, NEW_PASSWORD])
    run("createuser", "typist", role="team")
    assert User.objects.get(username="typist").check_password(NEW_PASSWORD)


# --- token -----------------------------------------------------------------------------------


def test_token_create_list_revoke(world):
    out, err = run("token", "create", "owner", "--name", "nightly export")
    raw = out.strip()
    assert raw.startswith("kp_") and "\n" not in raw
    assert "shown once" in err and raw not in err
    response = api_me(raw)
    assert response.status_code == 200
    assert response.json()["username"] == "owner"
    token = ApiToken.objects.get(user=world.owner)
    assert token.name == "nightly export"
    assert raw not in token.key_hash

    out, _err = run("token", "list", "owner")
    (line,) = out.strip().splitlines()
    assert line.split("\t") == [str(token.pk), f"{raw[:8]}…", "nightly export", "active"]

    out, _err = run("token", "revoke", str(token.pk))
    assert f"Revoked token {token.pk}" in out
    assert api_me(raw).status_code == 401
    out, _err = run("token", "list", "owner")
    assert "\trevoked " in out and "\tactive" not in out

    with pytest.raises(CommandError, match="No such active token"):
        run("token", "revoke", str(token.pk))


def test_token_errors(world):
    with pytest.raises(CommandError, match="no user “nobody”"):
        run("token", "create", "nobody")
    with pytest.raises(CommandError, match="no token 424242"):
        run("token", "revoke", "424242")
    with pytest.raises(CommandError, match="Give the token a name"):
        run("token", "create", "owner", "--name", "   ")
    world.owner.is_active = False
    world.owner.save()
    with pytest.raises(CommandError, match="deactivated"):
        run("token", "create", "owner")
    assert not ApiToken.objects.exists()


# --- seed_demo -------------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path):
    """demo_load writes the demo logins into the data dir; keep them out of ./var/."""
    with override_settings(DATA_DIR=tmp_path):
        yield tmp_path


def test_seed_demo_loads_accounts_and_users(db, data_dir):
    out, _err = run("seed_demo", "--accounts", "40", "--seed", "7")
    portfolio = generate(seed=7, accounts=40)
    assert Account.objects.count() == 40
    assert set(Account.objects.values_list("name", flat=True)) == {
        a.name for a in portfolio.accounts
    }
    assert "Demo portfolio loaded: 40 accounts" in out
    for spec in portfolio.users:
        user = User.objects.get(username=spec.username)
        assert user.role == spec.role
        assert user.check_password(spec.password)
        assert f"{spec.username}" in out
    portal = User.objects.get(role=Role.PORTAL)
    assert portal.portal_account is not None
    logins = (data_dir / "demo-logins.txt").read_text()
    assert all(spec.password in logins for spec in portfolio.users)
    assert (data_dir / "demo-logins.txt").stat().st_mode & 0o077 == 0


def test_seed_demo_refuses_a_second_run(db, data_dir):
    run("seed_demo", "--accounts", "40")
    names = set(Account.objects.values_list("name", flat=True))
    with pytest.raises(CommandError, match="already holds accounts; use --reset"):
        run("seed_demo", "--accounts", "40", "--seed", "8")
    assert set(Account.objects.values_list("name", flat=True)) == names


def test_seed_demo_refuses_on_any_existing_account(world, data_dir):
    with pytest.raises(CommandError, match="use --reset"):
        run("seed_demo", "--accounts", "40")
    assert Account.objects.count() == 2


def test_seed_demo_reset_replaces_the_portfolio(db, data_dir, monkeypatch):
    run("seed_demo", "--accounts", "40", "--seed", "1")
    # A real user, made with createuser, is not part of the demo.
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    run("createuser", "karolina", role="viewer")

    run("seed_demo", "--accounts", "50", "--seed", "2", "--reset")

    portfolio = generate(seed=2, accounts=50)
    assert Account.objects.count() == 50
    assert set(Account.objects.values_list("name", flat=True)) == {
        a.name for a in portfolio.accounts
    }
    for spec in portfolio.users:
        assert User.objects.get(username=spec.username).check_password(spec.password)
    assert User.objects.filter(role=Role.PORTAL).count() == 1
    assert User.objects.get(username="karolina").check_password(NEW_PASSWORD)


def test_seed_demo_account_count_bounds(db, data_dir):
    with pytest.raises(CommandError, match="between 10 and 100000"):
        run("seed_demo", "--accounts", "5")
    assert not Account.objects.exists()


# --- worker ----------------------------------------------------------------------------------

RESULTS: list[int] = []


@task()
def add_numbers(a: int, b: int) -> int:
    RESULTS.append(a + b)
    return a + b


def test_worker_needs_the_database_backend(db):
    # The test settings run tasks immediately; there is nothing for a worker to do.
    with pytest.raises(CommandError, match=r"ImmediateBackend.*django_tasks_db\.DatabaseBackend"):
        run("worker", "--batch")


@pytest.mark.django_db(transaction=True)
def test_worker_batch_runs_queued_tasks_and_exits():
    RESULTS.clear()
    with override_settings(TASKS=DB_TASKS):
        result = add_numbers.enqueue(2, 3)
        second = add_numbers.enqueue(10, 20)
        assert RESULTS == []  # queued, not run
        assert result.status == TaskResultStatus.READY

        run("worker", "--batch", "--interval", "0")

        result.refresh()
        second.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert result.return_value == 5
        assert second.return_value == 30
        assert sorted(RESULTS) == [5, 30]


# --- deploycheck -----------------------------------------------------------------------------

SECURE = {
    "DEBUG": False,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
}


def test_deploycheck_fails_on_the_test_settings(monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    with pytest.raises(SystemCheckError) as excinfo:
        run("deploycheck")
    message = str(excinfo.value)
    assert "security.W012" in message  # SESSION_COOKIE_SECURE
    assert "security.W016" in message  # CSRF_COOKIE_SECURE
    assert "security.W008" in message  # SECURE_SSL_REDIRECT

    with override_settings(**{**SECURE, "DEBUG": True}), pytest.raises(SystemCheckError) as exc:
        run("deploycheck")
    assert "security.W018" in str(exc.value)  # DEBUG


def test_deploycheck_passes_once_the_settings_are_secure(monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    with override_settings(**SECURE):
        out, _err = run("deploycheck")
    assert "Deployment checks passed." in out


def test_keyplan_check_exits_1_on_failed_checks(monkeypatch, capsys):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    with pytest.raises(SystemExit) as excinfo:
        cli.main(["check"])
    assert excinfo.value.code == 1
    assert "security.W012" in capsys.readouterr().err
