"""The score sheet and scores over REST (reads through the one access rule; recomputing
the data scores is for administrators and directors).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.http import Http404
from ninja import Query, Router, Status

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.schemas import ErrorOut
from keyplan.core.errors import ConflictError
from keyplan.core.web import parse_pk

from ..access import require_portfolio_manager
from ..common.schemas import GONE
from ..models import AccountScore, Criterion
from . import selectors, services
from .schemas import ComputedOut, ScoreIn, ScoreOut, ScoreSheetOut, ScoreSheetQuery

router = Router(tags=["portfolio"])


@router.get(
    "/portfolio/scores",
    response={200: ScoreSheetOut, **ERRORS},
    by_alias=True,
    summary="The score sheet: accounts × criteria, weighted total, class, candidates",
)
def score_sheet(request, query: Query[ScoreSheetQuery]):
    """The accounts you may see (not closed), with their score on each criterion in use,
    the weighted total (weights normalised among the criteria that have a score) and
    whether they are candidates for key accounts: a total of at least the candidate
    score while not yet strategic. 50 accounts per page."""
    params = {
        "page": query.page,
        "sort": query.sort,
        "class": query.account_class,
        "owner": query.owner or "",
        "country": query.country,
        "candidates": "1" if query.candidates else "",
    }
    sheet = selectors.score_sheet(user=request.auth, params=params)
    page = sheet["page"]
    period = sheet["period"]
    return {
        "criteria": sheet["criteria"],
        "weights_error": str(sheet["weights_error"]),
        "currency": sheet["currency"],
        "candidate_score": sheet["candidate_score"],
        "period": period.to_json() if period is not None else None,
        "candidates": sheet["candidates"],
        "items": sheet["rows"],
        "count": sheet["count"],
        # Beyond the last page the sheet shows the last one; say which.
        "page": page.number,
        "page_size": page.paginator.per_page,
        "pages": page.paginator.num_pages,
    }


@router.put(
    "/accounts/{account_id}/scores/{criterion_id}",
    response={200: ScoreOut, 409: ErrorOut, **BODY_ERRORS},
    tags=["portfolio", "accounts"],
    summary="Score an account on a criterion scored by people",
)
def set_account_score(request, account_id: int, criterion_id: int, payload: ScoreIn):
    """Criteria scored from data are refused (422); they are recomputed from the sales."""
    access = account_for_user(request.auth, account_id, write=True)
    criterion = Criterion.objects.filter(pk=parse_pk(criterion_id)).first()
    if criterion is None:
        raise Http404
    try:
        score = services.set_score(
            user=request.auth,
            account=access.account,
            criterion=criterion,
            score=payload.score,
            rationale=payload.rationale,
            seen_updated_at=payload.updated_at,
        )
    except ConflictError as exc:
        if exc.current is not None:
            raise
        return Status(409, GONE)
    return AccountScore.objects.select_related("criterion", "scored_by").get(pk=score.pk)


@router.post(
    "/portfolio/scores/compute",
    response={200: ComputedOut, **BODY_ERRORS},
    summary="Recompute the scores of the data-scored criteria (administrators and directors)",
)
def compute_scores(request):
    require_portfolio_manager(request.auth)
    return {"written": services.compute_data_scores(user=request.auth)}
