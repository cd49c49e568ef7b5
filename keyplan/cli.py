"""The `keyplan` command: one entry point over keyplan's management commands."""

from __future__ import annotations

import os
import sys

EXIT_PIPE = 128 + 13  # what a shell reports for a process ended by SIGPIPE (13)

# name on the command line -> (management command, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("demo", "Set up the database, load the demo portfolio, run web server and worker"),
    "serve": ("serve", "Run the web server (gunicorn) [--bind HOST:PORT] [--workers N]"),
    "worker": ("worker", "Run the background task worker [--concurrency N]"),
    "migrate": ("migrate", "Create or upgrade the database schema"),
    "createuser": ("createuser", "Create a user with a role (--role ROLE [--account ID])"),
    "users": ("users", "Users: users invite EMAIL --role ROLE [--unit CODE]; users list"),
    "token": ("token", "Manage personal API tokens: token create USER, token list, token revoke"),
    "seed-demo": ("seed_demo", "Load the demo portfolio [--seed N] [--reset]"),
    "check": ("deploycheck", "Run Django's deployment checks (use production settings)"),
    "import": ("import", "Import a CSV/XLSX file: import KIND FILE [--preset P]; import presets"),
    "rollup": ("rollup", "Rebuild the monthly sales rollups from invoice lines: rollup rebuild"),
    "pareto": ("pareto", "Pareto analysis: pareto --metric revenue|gp [--from M --to M | --all]"),
    "classify": ("classify", "Classify accounts strategic/regular/prospect/suspect [--apply]"),
    "scores": ("scores", "Selection scores: scores export|import FILE; scores compute"),
    "suggest": ("suggest", "Generate and list reclassification suggestions"),
    "economics": (
        "economics",
        "Account economics: economics cash [--account ID] [--as-of D] [--format table|json|csv]",
    ),
    "health": (
        "health",
        "Account health: health [--account ID] [--record] [--month YYYY-MM] [--format F]",
    ),
    "time-allocation": (
        "time_allocation",
        "Selling time by account class vs the norms [--user U] [--from D --to D] [--team CODE]",
    ),
    "profiles": ("profiles", "Hunters and farmers: list the sales profiles [--derive]"),
    "checkpoints": ("checkpoints", "Alignment checkpoints: schedule [--date D]; list [--due]"),
    "report": (
        "report",
        "Monthly report: report monthly --account ID --month YYYY-MM [--format pdf|html] "
        "[--output FILE]; report monthly --draft-all [--month YYYY-MM]",
    ),
    "notify": ("notify", "Send due reminders: actions due soon, checkpoints [--date D]"),
}


def usage() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = [
        "usage: keyplan COMMAND [options]",
        "",
        "keyplan: strategic account management. Commands:",
        "",
    ]
    lines += [f"  {name.ljust(width)}  {help_}" for name, (_cmd, help_) in COMMANDS.items()]
    lines += [
        "",
        "Run `keyplan COMMAND --help` for a command's options.",
        "Settings come from the environment: KEYPLAN_DATA_DIR, KEYPLAN_DATABASE_URL, "
        "KEYPLAN_SECRET_KEY, KEYPLAN_ALLOWED_HOSTS (see README).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        status = _main(args)
        sys.stdout.flush()  # here, where a closed pipe can still be handled quietly
    except BrokenPipeError:
        return _reader_gone()
    return status


def _main(args: list[str]) -> int:
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"keyplan: unknown command “{name}”.\n", file=sys.stderr)
        print(usage(), file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyplan.settings.dev")
    _run_command(name, rest)
    return 0


# The commands that run Django's system checks first (they load every URLconf and API
# schema: seconds on a small machine). The data commands skip them: a deployment is
# checked by `keyplan check`, and the server checks itself when it starts.
CHECKED = frozenset({"demo", "serve", "migrate", "check"})


def _run_command(name: str, rest: list[str]) -> None:
    utility()(["keyplan", name, *rest]).execute()


def utility():
    """Django's command runner with `keyplan NAME` where manage.py has `COMMAND`: each
    command is fetched under its management name, while its parser is named after
    argv[:2], so that its usage reads `keyplan import ...`, `keyplan seed-demo ...`; the
    commands outside CHECKED run without the system checks."""
    from django.core.management import BaseCommand, ManagementUtility

    class Utility(ManagementUtility):
        def fetch_command(self, subcommand: str) -> BaseCommand:
            command = super().fetch_command(COMMANDS[subcommand][0])
            if subcommand not in CHECKED:
                command.requires_system_checks = []
            return command

    return Utility


def _reader_gone() -> int:
    """The output went to a pipe whose reader has quit (`keyplan ... | head -1`): stop
    quietly, as `cat` does, instead of a traceback. Python would flush stdout once more at
    exit and complain on stderr; point stdout at /dev/null so that it has nowhere to fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (tests capture it): nothing to silence
        pass
    finally:
        os.close(devnull)
    return EXIT_PIPE


if __name__ == "__main__":
    sys.exit(main())
