"""Reads of the board pack archive: administrators and directors only (PermissionDenied,
403, for other internal users, as every portfolio-wide page); a missing pack is 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from keyplan.core.web import parse_pk
from keyplan.portfolio.access import require_portfolio_manager

from ..models import BoardPack, BoardPackStatus

CONTENT_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}


def board_packs(user) -> QuerySet[BoardPack]:
    """Every board pack, newest first, with its requester joined."""
    require_portfolio_manager(user)
    return BoardPack.objects.select_related("requested_by").order_by("-requested_at", "-pk")


def board_pack_for_user(user, pk: object) -> BoardPack:
    require_portfolio_manager(user)
    return get_object_or_404(BoardPack.objects.select_related("requested_by"), pk=parse_pk(pk))


def download_name(pack: BoardPack) -> str:
    return f"board-pack-{pack.requested_at:%Y%m%d-%H%M}-{pack.pk}.{pack.format}"


def board_pack_file(pack: BoardPack) -> FileResponse:
    """The pack's file as an attachment; 404 while it is not done or once the file is gone."""
    if pack.status != BoardPackStatus.DONE or not pack.file:
        raise Http404
    try:
        handle = pack.file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(pack),
        content_type=CONTENT_TYPES.get(pack.format, "application/octet-stream"),
    )
