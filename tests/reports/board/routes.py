"""Rows for tests/test_routes_authz.py ROUTES (merged there): the board pack page and API
(administrators and directors; others 403, portal users 404) and the account review
pack's files (the one access rule)."""

from __future__ import annotations

from typing import Any

from tests.test_routes_authz import Call, account, managers, no_kwargs, scoped

PAGE = "/reports/board/"


def _pack(w, *, done: bool = False):
    from django.core.files.base import ContentFile

    from keyplan.reports.models import BoardPack

    pack = BoardPack.objects.create(format="pdf", requested_by=w.director)
    if done:
        pack.file.save("routes.pdf", ContentFile(b"%PDF-1.4 routes"), save=False)
        pack.status = "done"
        pack.progress = 100
        pack.save()
    return pack


def pack(w) -> dict[str, Any]:
    return {"pk": _pack(w).pk}


def done_pack(w) -> dict[str, Any]:
    return {"pk": _pack(w, done=True).pk}


def api_pack(w) -> dict[str, Any]:
    return {"pack_id": _pack(w, done=True).pk}


def _requested(w) -> bool:
    from keyplan.reports.models import BoardPack

    return BoardPack.objects.filter(format="pdf").exists()


ROUTES: dict[str, tuple[Call, ...]] = {
    "reports:board": (
        Call("get", no_kwargs, managers(200)),
        Call(
            "post", no_kwargs, managers(PAGE), data=lambda w: {"format": "pdf"}, effect=_requested
        ),
    ),
    "reports:board-status": (Call("get", pack, managers(200)),),
    "reports:board-file": (Call("get", done_pack, managers(200)),),
    "reports:review-pdf": (Call("get", account, scoped(200)),),
    "reports:review-pptx": (Call("get", account, scoped(200)),),
    "api:start_board_pack": (
        Call(
            "post",
            no_kwargs,
            managers(202, anonymous=401),
            data=lambda w: {"format": "pdf"},
            api=True,
            effect=_requested,
        ),
    ),
    "api:list_board_packs": (Call("get", no_kwargs, managers(200, anonymous=401), api=True),),
    "api:get_board_pack": (Call("get", api_pack, managers(200, anonymous=401), api=True),),
    "api:board_pack_file": (Call("get", api_pack, managers(200, anonymous=401), api=True),),
}
