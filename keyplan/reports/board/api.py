"""The board packs over REST (SPEC §6.5): start one (it is generated in the background),
list them, read one's status and progress, download its file. Administrators and
directors only: other internal users get 403, portal users 404 (the internal API's auth).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Query, Router, Status

from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.pagination import Pagination

from ..models import BoardPackStatus
from . import selectors, services
from .schemas import BoardPackIn, BoardPackOut, BoardPackPageOut, pack_out

router = Router(tags=["reports"])
PATH = "/reports/board-packs"


def _out(request, pack) -> dict:
    url = None
    if pack.status == BoardPackStatus.DONE and pack.file:
        url = reverse("api:board_pack_file", kwargs={"pack_id": pack.pk})
    return pack_out(pack, url)


@router.post(PATH, response={202: BoardPackOut, **BODY_ERRORS}, summary="Start a board pack")
def start_board_pack(request, payload: BoardPackIn) -> Status:
    """Queue a board pack (PPTX or PDF) over the accounts you see; poll its status."""
    with transaction.atomic():
        pack = services.board_pack_request(
            user=request.auth, file_format=payload.format, language=get_language()
        )
    pack.refresh_from_db()
    return Status(202, _out(request, pack))


@router.get(
    PATH, response={200: BoardPackPageOut, **ERRORS}, summary="The board packs, newest first"
)
def list_board_packs(request, filters: Query[Pagination.Input]):
    page = Pagination().paginate_queryset(selectors.board_packs(request.auth), filters)
    return {**page, "items": [_out(request, pack) for pack in page["items"]]}


@router.get(
    PATH + "/{pack_id}", response={200: BoardPackOut, **ERRORS}, summary="A board pack's status"
)
def get_board_pack(request, pack_id: int):
    return _out(request, selectors.board_pack_for_user(request.auth, pack_id))


@router.get(
    PATH + "/{pack_id}/file",
    response={200: None, **ERRORS},
    summary="A board pack's file (404 until it is done)",
)
def board_pack_file(request, pack_id: int):
    return selectors.board_pack_file(selectors.board_pack_for_user(request.auth, pack_id))
