"""The whitespace over REST: one account's ranked lines, and a line added to its current
plan as a goal or an action, under the one access rule (an account you may not see
answers 404 like a missing one; a read-only role gets 403 on the writes).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from ninja import Router, Status

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS

from .schemas import WhitespaceAddedOut, WhitespaceAddIn, WhitespaceOut
from .selectors import account_whitespace, plan_lines
from .services import whitespace_add
from .titles import ACTION, GOAL

router = Router(tags=["economics"])


def _document(account, result, held) -> dict:
    whitespace = result.whitespace
    period = result.period
    return {
        "account_id": account.pk,
        "period": {"from": period.date_from, "to": period.date_to} if period else None,
        "currency": result.currency,
        "status": result.reason or "ok",
        "rule": whitespace.rule if whitespace else None,
        "size_band": whitespace.peers.band if whitespace else None,
        "peers": whitespace.peer_count if whitespace else 0,
        "few_peers": bool(whitespace and whitespace.peers.few),
        "revenue": format(whitespace.revenue if whitespace else 0, "f"),
        "missing_rates": result.missing_rates,
        "plan_id": getattr(held.plan, "pk", None),
        "lines": [
            {
                "product_line": line.product_line,
                "penetration": format(line.penetration, "f"),
                "buyers": line.buyers,
                "spend": format(line.spend, "f"),
                "opportunity": format(line.opportunity, "f"),
                "in_plan_as_goal": held.holds(GOAL, line.product_line),
                "in_plan_as_action": held.holds(ACTION, line.product_line),
            }
            for line in result.lines
        ],
    }


@router.get(
    "/accounts/{account_id}/whitespace",
    response={200: WhitespaceOut, **ERRORS},
    by_alias=True,
    summary="The product lines similar accounts buy and this one does not",
)
def account_whitespace_detail(request, account_id: int):
    """Peers: the other accounts of the same industry, size band (a third of the
    industry's buying accounts by our revenue from them) and country that bought from us
    in the 12 months up to the latest sales month; with fewer than 5, the country is
    dropped, then the size band (`rule` says which). For each line the peers buy and this
    account had no sale on: the share of peers buying it, the spend of a peer of this size
    (the peers' spend on it / all they bought from us x this account's revenue) and the
    opportunity (share x spend), ranked by opportunity then share. Peers the caller may
    not see count in the figures but are never named."""
    access = account_for_user(request.auth, account_id)
    result = account_whitespace(account=access.account)
    held = plan_lines(access.account, [line.product_line for line in result.lines])
    return _document(access.account, result, held)


def _add(request, account_id: int, kind: str, payload: WhitespaceAddIn):
    access = account_for_user(request.auth, account_id, write=True)
    item = whitespace_add(
        user=request.auth, account=access.account, product_line=payload.product_line, kind=kind
    )
    return Status(
        201, {"kind": kind, "item_id": item.pk, "plan_id": item.plan_id, "title": item.label}
    )


@router.post(
    "/accounts/{account_id}/whitespace/goal",
    response={201: WhitespaceAddedOut, **BODY_ERRORS},
    summary="Add a whitespace line to the account's current plan as a goal",
)
def account_whitespace_goal(request, account_id: int, payload: WhitespaceAddIn):
    """The goal names the line and its figures (target: the spend of a peer of this size,
    in the base currency). 422 when the line is not whitespace for the account, the
    account has no current plan, the plan is approved, or the line is already a goal."""
    return _add(request, account_id, GOAL, payload)


@router.post(
    "/accounts/{account_id}/whitespace/action",
    response={201: WhitespaceAddedOut, **BODY_ERRORS},
    summary="Add a whitespace line to the account's current plan as an action",
)
def account_whitespace_action(request, account_id: int, payload: WhitespaceAddIn):
    """The action names the line and its figures, linked to the line's goal when the plan
    has one. 422 as for the goal."""
    return _add(request, account_id, ACTION, payload)
