"""Rows for tests/test_routes_authz.py ROUTES (merged there): the alignment checkpoints.

Checkpoints and results are read by whoever sees the account; its owner, team members and
administrators and directors open rounds and answer (viewers 403); outsiders and portal
users get 404. The portfolio list is open to every internal user (scoped to what they see).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from keyplan.execution.models import Checkpoint, CheckpointAnswer
from tests.test_routes_authz import Call, api_account, internal, scoped

BACK = "/execution/alignment/account/"
SCORES = {"score_information": "4", "score_people": "3", "score_action": "2"}


def account(w) -> dict[str, Any]:
    return {"pk": w.account.pk}


def _checkpoint(w) -> Checkpoint:
    w.checkpoint = Checkpoint.objects.create(
        account=w.account, kind="saa", period_start=date(2026, 1, 1), due_on=date(2026, 1, 31)
    )
    return w.checkpoint


def web_checkpoint(w) -> dict[str, Any]:
    return {"pk": _checkpoint(w).pk}


def api_checkpoint(w) -> dict[str, Any]:
    return {"checkpoint_id": _checkpoint(w).pk}


def _opened(w) -> bool:
    return Checkpoint.objects.filter(account=w.account, kind="saa").exists()


def _answered(w) -> bool:
    return CheckpointAnswer.objects.filter(checkpoint=w.checkpoint).count() == 3


ROUTES: dict[str, tuple[Call, ...]] = {
    "checkpoints:portfolio": (Call("get", lambda w: {}, internal(200)),),
    "checkpoints:account": (Call("get", account, scoped(200)),),
    "checkpoints:open": (
        Call(
            "post",
            account,
            scoped(BACK, viewer=403),
            data=lambda w: {"kind": "saa"},
            effect=_opened,
        ),
    ),
    "checkpoints:detail": (Call("get", web_checkpoint, scoped(200)),),
    "checkpoints:answer": (
        Call(
            "post",
            web_checkpoint,
            scoped(BACK, viewer=403),
            data=lambda w: SCORES,
            effect=_answered,
        ),
    ),
    # --- API -------------------------------------------------------------------------------
    "api:list_checkpoints": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "api:open_checkpoint": (
        Call(
            "post",
            api_account,
            scoped(201, viewer=403, anonymous=401),
            data=lambda w: {"kind": "saa"},
            api=True,
            effect=_opened,
        ),
    ),
    "api:get_checkpoint": (Call("get", api_checkpoint, scoped(200, anonymous=401), api=True),),
    "api:put_my_answers": (
        Call(
            "put",
            api_checkpoint,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {
                "answers": {
                    "information": {"score": 4},
                    "people": {"score": 3, "comment": "so-so"},
                    "action": {"score": 2},
                }
            },
            api=True,
            effect=_answered,
        ),
    ),
    "api:portfolio_alignment": (Call("get", lambda w: {}, internal(200, anonymous=401), api=True),),
}
