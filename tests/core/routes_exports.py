"""Rows for tests/test_routes_authz.py ROUTES (merged there): the list exports."""

from __future__ import annotations

from tests.test_routes_authz import Call, internal, scoped


def _fmt(fmt: str):
    return lambda w: {"fmt": fmt}


def _account(fmt: str):
    return lambda w: {"account_pk": w.account.pk, "fmt": fmt}


ROUTES: dict[str, tuple[Call, ...]] = {
    "accounts:export": (
        Call("get", _fmt("csv"), internal(200)),
        Call("get", _fmt("xlsx"), internal(200)),
    ),
    "people:export": (Call("get", _account("csv"), scoped(200)),),
    "interactions:export": (Call("get", _account("xlsx"), scoped(200)),),
    "scoring:scores-export": (Call("get", _fmt("csv"), internal(200)),),
    "resources:board-export": (Call("get", _fmt("xlsx"), internal(200)),),
    "plans:my-actions-export": (Call("get", _fmt("csv"), internal(200)),),
}
