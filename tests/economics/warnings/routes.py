"""Rows for tests/test_routes_authz.py ROUTES (to merge there): the early warnings' pages
and API. Read by whoever sees the account; decided by its writers (viewers 403);
outsiders and portal users 404.

world.account has no link at all, so it always raises "relationship:no_links".
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from keyplan.economics.models import WarningState
from tests.test_routes_authz import Call, api_account, internal, scoped

KEY = "relationship:no_links"
BACK = "/economics/accounts/"


def _web(w) -> dict[str, Any]:
    return {"pk": w.account.pk, "key": KEY}


def _api(w) -> dict[str, Any]:
    return {"account_id": w.account.pk, "key": KEY}


def _decided(w) -> bool:
    return WarningState.objects.filter(account=w.account, key=KEY).exists()


def _decide(w) -> dict[str, Any]:
    WarningState.objects.create(account=w.account, key=KEY, decision="resolved", note="n")
    return _web(w)


def _decide_api(w) -> dict[str, Any]:
    _decide(w)
    return _api(w)


def _until(w) -> dict[str, Any]:
    return {"until": (timezone.localdate() + timedelta(days=3)).isoformat(), "note": "n"}


ROUTES: dict[str, tuple[Call, ...]] = {
    "economics:warnings": (Call("get", lambda w: {}, internal(200)),),
    "economics:account-warnings": (Call("get", lambda w: {"pk": w.account.pk}, scoped(200)),),
    "economics:warning-snooze": (
        Call("post", _web, scoped(BACK, viewer=403), data=_until, effect=_decided),
    ),
    "economics:warning-resolve": (
        Call("post", _web, scoped(BACK, viewer=403), data=lambda w: {"note": "n"}, effect=_decided),
    ),
    "economics:warning-reopen": (
        Call("post", _decide, scoped(BACK, viewer=403), effect=lambda w: not _decided(w)),
    ),
    "api:economics_warnings": (Call("get", lambda w: {}, internal(200, anonymous=401), api=True),),
    "api:account_warning_list": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "api:snooze_warning": (
        Call(
            "post",
            _api,
            scoped(200, viewer=403, anonymous=401),
            data=_until,
            api=True,
            effect=_decided,
        ),
    ),
    "api:resolve_warning": (
        Call(
            "post",
            _api,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"note": "n"},
            api=True,
            effect=_decided,
        ),
    ),
    "api:reopen_warning": (
        Call(
            "delete",
            _decide_api,
            scoped(204, viewer=403, anonymous=401),
            api=True,
            effect=lambda w: not _decided(w),
        ),
    ),
}
