"""Writes of the board packs (SPEC §6.5): ask for one (queued for the background worker),
and generate it (the worker, or the command line at once), recording its progress, its
file or why it failed.

Only administrators and directors ask for board packs; the content covers the accounts
the requester may see (keyplan.accounts.access), checked again when it is generated.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from keyplan.portfolio.access import can_manage_portfolio, require_portfolio_manager

from ..models import BoardPack, BoardPackFormat, BoardPackStatus
from . import domain
from .content import board_content, board_period
from .tasks import generate_board_pack_task

logger = logging.getLogger(__name__)


def render_board(content: domain.BoardContent, file_format: str) -> bytes:
    """The pack's bytes in `file_format` (pptx or pdf), in the active language."""
    if file_format == BoardPackFormat.PPTX:
        from .pptx_render import render_board_pptx

        return render_board_pptx(content)
    from .pdf import render_board_pdf

    return render_board_pdf(content)


def board_pack_request(*, user, file_format: str, language: str | None = None) -> BoardPack:
    """Queue a board pack in `file_format` for `user` (PermissionDenied unless an
    administrator or director; ValidationError for an unknown format). The worker starts
    it once the transaction commits."""
    require_portfolio_manager(user)
    if file_format not in BoardPackFormat.values:
        raise ValidationError(
            {
                "format": [
                    _("Choose one of: %(list)s.") % {"list": ", ".join(BoardPackFormat.values)}
                ]
            }
        )
    period = board_period()
    pack = BoardPack.objects.create(
        format=file_format,
        requested_by=user,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        period_start=period.date_from,
        period_end=period.date_to,
    )
    transaction.on_commit(lambda: generate_board_pack_task.enqueue(pack_id=pack.pk))
    return pack


def _update(pack: BoardPack, **fields) -> None:
    BoardPack.objects.filter(pk=pack.pk).update(**fields)
    for name, value in fields.items():
        setattr(pack, name, value)


def board_pack_run(pack: BoardPack) -> BoardPack:
    """Generate `pack` now: running, its progress 0-100 as the sections are read, then
    done with its file, or failed with the reason (the error is logged, never raised: a
    failed pack is a result the page shows)."""
    if pack.status == BoardPackStatus.DONE:
        return pack
    _update(pack, status=BoardPackStatus.RUNNING, progress=5, error="")
    with translation.override(pack.language or settings.LANGUAGE_CODE):
        try:
            _generate(pack)
        except Exception as exc:
            logger.exception("Board pack %s failed", pack.pk)
            reason = str(exc) if isinstance(exc, PermissionDenied) else type(exc).__name__
            _update(
                pack,
                status=BoardPackStatus.FAILED,
                error=_("The board pack could not be generated: %(reason)s") % {"reason": reason},
                finished_at=timezone.now(),
            )
    return pack


def _generate(pack: BoardPack) -> None:
    if not can_manage_portfolio(pack.requested_by):
        raise PermissionDenied(_("The requester may no longer see the whole portfolio."))
    content = board_content(
        user=pack.requested_by, progress=lambda value: _update(pack, progress=value)
    )
    data = render_board(content, pack.format)
    _update(pack, progress=95)
    name = domain.file_name("board-pack", content.generated_at, pack.format)
    pack.file.save(name, ContentFile(data), save=False)
    _update(
        pack,
        file=pack.file.name,
        status=BoardPackStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
        period_start=content.period_start,
        period_end=content.period_end,
    )
