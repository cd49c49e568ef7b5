"""Alignment checkpoints over REST (SPEC §6.3), under the one access rule: whoever sees
the account reads its checkpoints and results; its owner, team and administrators and
directors open checkpoints and answer (viewers 403); outsiders and portal users 404.

- GET  /accounts/{id}/checkpoints       the account's checkpoints with results, newest first
- POST /accounts/{id}/checkpoints       open the current period's checkpoint of a kind
                                        (201 opened, 200 it was open already)
- GET  /checkpoints/{id}                one checkpoint: per-element results and every
                                        rater's scores and comments
- PUT  /checkpoints/{id}/answers        my ratings of every element; `updated_at` (the
                                        latest of my answers as read) guards against a
                                        lost update (409)
- GET  /alignment                       portfolio: latest SAA and 7S per account

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from ninja import Query, Router, Status

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.schemas import ErrorOut

from ..models import ELEMENTS, Checkpoint, CheckpointAnswer, Element
from . import domain, selectors, services
from .schemas import (
    AnswersIn,
    CheckpointDetailOut,
    CheckpointOut,
    CheckpointPage,
    CheckpointPortfolioQuery,
    ListQuery,
    MyAnswersOut,
    OpenIn,
    PortfolioPage,
)

router = Router(tags=["checkpoints"])


def _summary(summary: domain.Summary) -> dict:
    return {
        "raters": summary.raters,
        "average": None if summary.average is None else round(summary.average, 4),
        "weakest": summary.weakest,
        "disagreements": list(summary.disagreements),
        "elements": [
            {
                "element": stats.element,
                "label": str(Element(stats.element).label),
                "raters": stats.raters,
                "average": None if stats.average is None else round(stats.average, 4),
                "spread": None if stats.spread is None else round(stats.spread, 4),
                "low": stats.low,
                "high": stats.high,
                "disagreement": stats.disagreement,
            }
            for stats in summary.elements
        ],
    }


def _checkpoint(checkpoint: Checkpoint, summary: domain.Summary) -> dict:
    return {
        "id": checkpoint.pk,
        "account_id": checkpoint.account_id,
        "kind": checkpoint.kind,
        "period_start": checkpoint.period_start,
        "due_on": checkpoint.due_on,
        "reminded_at": checkpoint.reminded_at,
        "created_at": checkpoint.created_at,
        "results": _summary(summary),
    }


def _pages(count: int, page_size: int) -> int:
    return max(1, -(-count // page_size))


@router.get(
    "/accounts/{account_id}/checkpoints",
    response={200: CheckpointPage, **ERRORS},
    summary="The account's checkpoints with their results, newest first",
)
def list_checkpoints(request, account_id: int, filters: Query[ListQuery]):
    user = request.auth
    account = account_for_user(user, account_id).account
    found = Checkpoint.objects.filter(account=account)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    count = found.count()
    start = (filters.page - 1) * filters.page_size
    page = list(found.order_by("-period_start", "kind", "pk")[start : start + filters.page_size])
    summaries = selectors.summaries_for(page)
    return {
        "items": [_checkpoint(c, summaries[c.pk]) for c in page],
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": _pages(count, filters.page_size),
    }


@router.post(
    "/accounts/{account_id}/checkpoints",
    response={200: CheckpointOut, 201: CheckpointOut, **BODY_ERRORS},
    summary="Open the current period's checkpoint of a kind (idempotent)",
)
def open_checkpoint(request, account_id: int, payload: OpenIn):
    user = request.auth
    access = account_for_user(user, account_id, write=True)
    before = Checkpoint.objects.filter(account=access.account).count()
    checkpoint = services.checkpoint_open(user=user, account=access.account, kind=payload.kind)
    results = selectors.checkpoint_results(checkpoint)
    return Status(
        201 if Checkpoint.objects.filter(account=access.account).count() > before else 200,
        _checkpoint(checkpoint, results.summary),
    )


@router.get(
    "/checkpoints/{checkpoint_id}",
    response={200: CheckpointDetailOut, **ERRORS},
    summary="One checkpoint: results per element and every rater's answers",
)
def get_checkpoint(request, checkpoint_id: int):
    checkpoint, _access = selectors.checkpoint_for_user(request.auth, checkpoint_id)
    results = selectors.checkpoint_results(checkpoint)
    order = {element: index for index, element in enumerate(ELEMENTS[checkpoint.kind])}
    return _checkpoint(checkpoint, results.summary) | {
        "raters_answers": [
            {
                "user_id": row.user_id,
                "name": row.name,
                "updated_at": row.updated_at,
                "answers": [
                    {"element": element, "score": score, "comment": comment}
                    for element, (score, comment) in sorted(
                        row.scores.items(), key=lambda item: order.get(item[0], 99)
                    )
                ],
            }
            for row in results.raters
        ]
    }


@router.put(
    "/checkpoints/{checkpoint_id}/answers",
    response={200: MyAnswersOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Rate every element of the checkpoint (replaces my earlier ratings)",
)
def put_my_answers(request, checkpoint_id: int, payload: AnswersIn):
    user = request.auth
    checkpoint, _access = selectors.checkpoint_for_user(user, checkpoint_id, write=True)
    answers = {
        str(element): (item.score, item.comment) for element, item in payload.answers.items()
    }
    services.answers_submit(
        user=user, checkpoint=checkpoint, answers=answers, seen_updated_at=payload.updated_at
    )
    saved = list(CheckpointAnswer.objects.filter(checkpoint=checkpoint, user=user))
    order = {element: index for index, element in enumerate(ELEMENTS[checkpoint.kind])}
    saved.sort(key=lambda answer: order.get(answer.element, 99))
    return {
        "checkpoint_id": checkpoint.pk,
        "updated_at": max(answer.updated_at for answer in saved),
        "answers": [{"element": a.element, "score": a.score, "comment": a.comment} for a in saved],
    }


def _cell(cell: selectors.KindCell) -> dict:
    return {
        "average": None if cell.average is None else round(cell.average, 4),
        "weakest": cell.weakest,
        "trend": cell.trend,
        "period_start": cell.period_start,
    }


@router.get(
    "/alignment",
    response={200: PortfolioPage, **ERRORS},
    summary="Latest SAA and 7S results of the visible accounts of a class",
)
def portfolio_alignment(request, filters: Query[CheckpointPortfolioQuery]):
    user = request.auth
    rows = selectors.portfolio_alignment(
        user,
        account_class="" if filters.account_class == "all" else filters.account_class,
        sort=filters.sort,
    )
    start = (filters.page - 1) * filters.page_size
    return {
        "items": [
            {
                "account_id": row.account.pk,
                "name": row.account.name,
                "account_class": row.account.account_class,
                "owner": str(row.account.owner) if row.account.owner else "",
                "saa": _cell(row.saa),
                "seven_s": _cell(row.seven_s),
            }
            for row in rows[start : start + filters.page_size]
        ],
        "count": len(rows),
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": _pages(len(rows), filters.page_size),
    }
