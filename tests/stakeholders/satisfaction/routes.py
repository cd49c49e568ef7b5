"""Rows for tests/test_routes_authz.py ROUTES (merged there): an account's satisfaction
answers, pages and API. Whoever sees the account reads them; its team writes (viewers
403); outsiders and portal users 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from keyplan.stakeholders.models import SatisfactionAnswer
from tests.test_routes_authz import Call, account, api_account, scoped

LIST = "/satisfaction/accounts/"  # every write goes back to the account's answers


def _answer(w) -> SatisfactionAnswer:
    return SatisfactionAnswer.objects.create(
        account=w.account, answered_on=date(2026, 2, 1), score=5
    )


def answer(w) -> dict[str, Any]:
    return {"pk": _answer(w).pk}


def api_answer(w) -> dict[str, Any]:
    return {"answer_id": _answer(w).pk}


def _form(w) -> dict[str, Any]:
    return {"answered_on": timezone.localdate().isoformat(), "score": 9, "comment": "authz"}


def _added(w) -> bool:
    return SatisfactionAnswer.objects.filter(comment="authz").exists()


def _changed(w) -> bool:
    return SatisfactionAnswer.objects.filter(score=9, comment="authz").exists()


def _gone(w) -> bool:
    return not SatisfactionAnswer.objects.exists()


ROUTES: dict[str, tuple[Call, ...]] = {
    "satisfaction:account": (Call("get", account, scoped(200)),),
    "satisfaction:answer-create": (
        Call("get", account, scoped(200, viewer=403)),
        Call("post", account, scoped(LIST, viewer=403), data=_form, effect=_added),
    ),
    "satisfaction:answer-edit": (
        Call("get", answer, scoped(200, viewer=403)),
        Call("post", answer, scoped(LIST, viewer=403), data=_form, effect=_changed),
    ),
    "satisfaction:answer-delete": (
        Call("get", answer, scoped(200, viewer=403)),
        Call("post", answer, scoped(LIST, viewer=403), effect=_gone),
    ),
    "api:list_satisfaction_answers": (
        Call("get", api_account, scoped(200, anonymous=401), api=True),
    ),
    "api:create_satisfaction_answer": (
        Call(
            "post",
            api_account,
            scoped(201, viewer=403, anonymous=401),
            data=_form,
            api=True,
            effect=_added,
        ),
    ),
    "api:get_satisfaction_answer": (Call("get", api_answer, scoped(200, anonymous=401), api=True),),
    "api:update_satisfaction_answer": (
        Call(
            "patch",
            api_answer,
            scoped(200, viewer=403, anonymous=401),
            data=_form,
            api=True,
            effect=_changed,
        ),
    ),
    "api:delete_satisfaction_answer": (
        Call(
            "delete",
            api_answer,
            scoped(204, viewer=403, anonymous=401),
            api=True,
            effect=_gone,
        ),
    ),
}
