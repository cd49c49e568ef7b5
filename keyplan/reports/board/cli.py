"""`keyplan report board`: a board pack from the command line, generated at once (not by
the worker) and kept in the archive like one asked for on the page.

    keyplan report board --format pptx|pdf [--output FILE] [--user USERNAME]
                         [--language en|ru|pl]

--user: whose view of the portfolio (an administrator or director; default: the first
active administrator). Without --output the file stays in the archive (/reports/board/).
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from keyplan.users.models import Role, User

from ..models import BoardPackStatus
from .services import board_pack_request, board_pack_run


def add_board_parser(sub) -> None:
    board = sub.add_parser("board", help="The board pack of the portfolio (PPTX or PDF).")
    board.add_argument("--format", choices=["pptx", "pdf"], default="pptx")
    board.add_argument("--output", help="The file to write (default: only kept in the archive).")
    board.add_argument("--user", help="Whose view: an administrator's or director's username.")
    board.add_argument("--language", choices=["en", "ru", "pl"], default="en")


def _user(username: str | None) -> User:
    found = User.objects.filter(is_active=True)
    if username:
        user = found.filter(username=username).first()
        if user is None:
            raise CommandError("--user: " + _("no active user “%(name)s”.") % {"name": username})
        return user
    user = found.filter(role=Role.ADMIN).order_by("pk").first()
    if user is None:
        raise CommandError("--user: " + _("give the administrator or director to act as."))
    return user


def run_board(options, write) -> None:
    """Generate the pack; write a line per progress step and the result with `write`."""
    user = _user(options.get("user"))
    with translation.override(options["language"]):
        try:
            pack = board_pack_request(
                user=user, file_format=options["format"], language=options["language"]
            )
        except PermissionDenied:
            raise CommandError(
                "--user: " + _("only administrators and directors make board packs.")
            ) from None
        pack = board_pack_run(pack)
        if pack.status != BoardPackStatus.DONE:
            raise CommandError(pack.error)
        output = options.get("output")
        if output:
            with pack.file.open("rb") as handle:
                Path(output).write_bytes(handle.read())
        write(
            _("Board pack %(id)s (%(format)s): wrote %(file)s")
            % {"id": pack.pk, "format": pack.format, "file": output or pack.file.name}
        )
