"""The portfolio over REST, continued: the score sheet and scores, reclassification
suggestions, the portfolio norms, and an account's share of wallet and SAM fitness.

The same rules as `api`: reads through the one access rule, portfolio-wide actions
(recompute scores, generate and decide suggestions) for administrators and directors.
No `from __future__ import annotations` here: ninja resolves the annotations of a
@paginate-wrapped view in the pagination module's namespace (see accounts/api.py).
"""

from decimal import Decimal
from typing import Any, Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AwareDatetime

from keyplan.accounts.access import account_for_user, visible_accounts
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import MAX_ID, ErrorOut, InputSchema, PatchSchema, Timestamp, UserRef
from keyplan.core.errors import ConflictError

from . import norms, scoring, suggestions, wallet
from .access import require_portfolio_manager
from .api import BODY_ERRORS, CURRENCY, ERRORS, PeriodOut, _jsonable, _pk, _user_ref
from .metrics import account_metrics
from .models import (
    AccountScore,
    Criterion,
    Fitness,
    SamFitness,
    Suggestion,
    SuggestionStatus,
    WalletEstimate,
)
from .rollups import default_period

router = Router(tags=["portfolio"])

# A 409 when the client sent the updated_at of something that was removed since.
_GONE = {
    "detail": "It was changed by someone else since you read it; nothing was saved.",
    "errors": {"updated_at": ["It was removed since you read it."]},
}


class AccountRef(Schema):
    id: int
    external_id: str
    name: str


# --- scores ----------------------------------------------------------------------------------


class ScoreSheetQuery(InputSchema):
    page: int = Field(1, ge=1, le=1_000_000, description="50 accounts per page")
    sort: Literal[tuple(scoring.SORTS)] = "-total"  # type: ignore[valid-type]
    account_class: Literal["", "strategic", "regular", "prospect", "suspect"] = Field(
        "", alias="class"
    )
    owner: int | None = Field(None, ge=1, le=MAX_ID, description="Owner's user id")
    country: str = Field("", max_length=2)
    candidates: bool = Field(False, description="Only candidates: high score, not strategic")


class SheetCriterionOut(Schema):
    id: int
    key: str
    label: str
    weight: Decimal
    normalised_weight: Decimal
    is_data: bool
    metric: str
    method: str
    low: Decimal | None
    high: Decimal | None
    higher_is_better: bool


class ScoreCellOut(Schema):
    criterion_id: int
    key: str
    score: int | None
    from_data: bool
    value: Decimal | None
    rationale: str
    scored_by: UserRef | None
    scored_at: Timestamp | None
    updated_at: Timestamp | None

    @staticmethod
    def resolve_scored_by(obj) -> dict | None:
        return _user_ref(obj["scored_by"])


class ScoreRowOut(Schema):
    account_id: int
    external_id: str
    name: str
    owner: str
    country: str
    account_class: str
    scores: dict[str, ScoreCellOut]
    total: Decimal | None = Field(..., description="Weighted total, 1-10")
    coverage: Decimal = Field(..., description="Share of the weight that has scores, 0-1")
    headroom: Decimal | None
    share_of_wallet: Decimal | None
    candidate: bool


class ScoreSheetOut(Schema):
    criteria: list[SheetCriterionOut]
    weights_error: str
    currency: str
    candidate_score: Decimal
    period: PeriodOut | None
    candidates: int
    items: list[ScoreRowOut]
    count: int
    page: int
    page_size: int
    pages: int


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
    sheet = scoring.score_sheet(user=request.auth, params=params)
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


class ScoreIn(InputSchema):
    score: int = Field(..., ge=1, le=10)
    rationale: str = Field("", max_length=2000)
    updated_at: AwareDatetime | None = Field(
        None,
        description="The score's `updated_at` you last read; 409 if it changed since. "
        "Leave it out for an account that had no score.",
    )


class ScoreOut(Schema):
    account_id: int
    criterion_id: int
    criterion: str
    score: int
    from_data: bool
    value: Decimal | None
    rationale: str
    scored_by: UserRef | None
    scored_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_criterion(obj) -> str:
        return obj.criterion.key

    @staticmethod
    def resolve_scored_by(obj) -> dict | None:
        return _user_ref(obj.scored_by)


@router.put(
    "/accounts/{account_id}/scores/{criterion_id}",
    response={200: ScoreOut, 409: ErrorOut, **BODY_ERRORS},
    tags=["portfolio", "accounts"],
    summary="Score an account on a criterion scored by people",
)
def set_account_score(request, account_id: int, criterion_id: int, payload: ScoreIn):
    """Criteria scored from data are refused (422); they are recomputed from the sales."""
    access = account_for_user(request.auth, account_id, write=True)
    criterion = Criterion.objects.filter(pk=_pk(criterion_id)).first()
    if criterion is None:
        raise Http404
    try:
        score = scoring.set_score(
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
        return Status(409, _GONE)
    return AccountScore.objects.select_related("criterion", "scored_by").get(pk=score.pk)


class ComputedOut(Schema):
    written: int


@router.post(
    "/portfolio/scores/compute",
    response={200: ComputedOut, **BODY_ERRORS},
    summary="Recompute the scores of the data-scored criteria (administrators and directors)",
)
def compute_scores(request):
    require_portfolio_manager(request.auth)
    return {"written": scoring.compute_data_scores(user=request.auth)}


# --- suggestions -----------------------------------------------------------------------------


class SuggestionOut(Schema):
    id: int
    account: AccountRef
    from_class: str
    to_class: str
    reason: str
    reason_text: str
    evidence: dict[str, Any]
    status: str
    created_at: Timestamp
    decided_by: UserRef | None
    decided_at: Timestamp | None
    comment: str

    @staticmethod
    def resolve_reason_text(obj) -> str:
        return str(suggestions.reason_text(obj))

    @staticmethod
    def resolve_decided_by(obj) -> dict | None:
        return _user_ref(obj.decided_by)

    @staticmethod
    def resolve_evidence(obj) -> dict:
        return _jsonable(obj.evidence or {})


class SuggestionQuery(InputSchema):
    status: Literal[tuple(["", *SuggestionStatus.values])] = "pending"  # type: ignore[valid-type]


@router.get(
    "/portfolio/suggestions",
    response={200: list[SuggestionOut], **ERRORS},
    summary="Reclassification suggestions for the accounts you may see",
)
@paginate(Pagination)
def list_suggestions(request, filters: Query[SuggestionQuery]):
    """Pending ones by default; `status=` (empty) for all."""
    queryset = Suggestion.objects.filter(account__in=visible_accounts(request.auth))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset.select_related("account", "decided_by").order_by("-created_at", "-pk")


class GeneratedOut(Schema):
    generated: int
    pending: int


@router.post(
    "/portfolio/suggestions/generate",
    response={200: GeneratedOut, **BODY_ERRORS},
    summary="Generate suggestions from the data (administrators and directors)",
)
def generate_suggestions(request):
    """Idempotent: with the same data, a second run creates nothing new."""
    require_portfolio_manager(request.auth)
    generated = suggestions.generate_suggestions(user=request.auth)
    pending = Suggestion.objects.filter(status=SuggestionStatus.PENDING).count()
    return {"generated": len(generated), "pending": pending}


class DecisionIn(InputSchema):
    accept: bool
    comment: str = Field("", max_length=2000, description="Required when rejecting")


@router.post(
    "/portfolio/suggestions/{suggestion_id}/decision",
    response={200: SuggestionOut, **BODY_ERRORS},
    summary="Accept or reject a suggestion (administrators and directors)",
)
def decide_suggestion(request, suggestion_id: int, payload: DecisionIn):
    """Accepting changes the account's class (recorded in its history). A decided
    suggestion cannot be decided again (422)."""
    suggestion = (
        Suggestion.objects.filter(pk=_pk(suggestion_id), account__in=visible_accounts(request.auth))
        .select_related("account")
        .first()
    )
    if suggestion is None:
        raise Http404
    require_portfolio_manager(request.auth)
    decided = suggestions.decide(
        user=request.auth, suggestion=suggestion, accept=payload.accept, comment=payload.comment
    )
    return Suggestion.objects.select_related("account", "decided_by").get(pk=decided.pk)


# --- norms -----------------------------------------------------------------------------------


class ShareBlockOut(Schema):
    total: Decimal
    strategic: Decimal
    share: Decimal | None = Field(..., description="%; null when the total is zero")
    target: Decimal
    meets: bool | None


class AccountsNormOut(Schema):
    total: int
    strategic: int
    share: Decimal | None
    norm: Decimal
    within: bool | None


class PerKamOut(Schema):
    owner_id: int | None
    owner: str
    strategic: int
    over: bool


class FitnessRowOut(Schema):
    account_id: int
    name: str
    owner: str
    verdict: str = Field(..., description="yes, no, unknown, or missing (never assessed)")
    answers: dict[str, str] | None
    note: str
    updated_at: Timestamp | None


class NormsOut(Schema):
    period: PeriodOut | None
    currency: str
    missing_rates: list[str]
    revenue: ShareBlockOut
    gross_profit: ShareBlockOut
    accounts: AccountsNormOut
    max_per_kam: int
    per_kam: list[PerKamOut]
    over_max: int
    fitness: list[FitnessRowOut]
    fitness_counts: dict[str, int]


@router.get(
    "/portfolio/norms",
    response={200: NormsOut, **ERRORS},
    by_alias=True,
    summary="Portfolio norms: strategic share of revenue and accounts, per KAM, SAM fitness",
)
def portfolio_norms(request):
    """Over the accounts you may see: the share of revenue and gross profit from strategic
    accounts against the target, the share of accounts that are strategic against the
    norm, strategic accounts per KAM against the maximum, and the SAM fitness of each
    strategic account. Shares are percentages."""
    result = norms.portfolio_norms(user=request.auth)
    period = result["period"]
    return result | {"period": period.to_json() if period is not None else None}


# --- share of wallet and SAM fitness ---------------------------------------------------------


class WalletOut(Schema):
    account_id: int
    category_spend: Decimal | None
    currency: str | None
    source: str
    updated_by: UserRef | None
    updated_at: Timestamp | None
    share_of_wallet: Decimal | None = Field(
        None, description="What the account bought from us in the period, % of the estimate"
    )
    headroom: Decimal | None = Field(
        None, description="The estimate less what it bought from us, in the base currency"
    )


def _wallet_json(account) -> dict:
    estimate = WalletEstimate.objects.select_related("updated_by").filter(account=account).first()
    figures: dict = {}
    if estimate is not None:
        period = default_period()
        if period is not None:
            figures = account_metrics(period, [account.pk]).get(account.pk, {})
    return {
        "account_id": account.pk,
        "category_spend": estimate.category_spend if estimate else None,
        "currency": estimate.currency if estimate else None,
        "source": estimate.source if estimate else "",
        "updated_by": _user_ref(estimate.updated_by) if estimate else None,
        "updated_at": estimate.updated_at if estimate else None,
        "share_of_wallet": figures.get("share_of_wallet"),
        "headroom": figures.get("headroom"),
    }


@router.get(
    "/accounts/{account_id}/wallet",
    response={200: WalletOut, **ERRORS},
    tags=["portfolio", "accounts"],
    summary="An account's share-of-wallet estimate (nulls when none is entered)",
)
def get_wallet(request, account_id: int):
    return _wallet_json(account_for_user(request.auth, account_id).account)


class WalletIn(InputSchema):
    category_spend: Decimal = Field(..., ge=0, max_digits=18, decimal_places=2)
    currency: str = Field(..., pattern=CURRENCY)
    source: str = Field("", max_length=255)
    updated_at: AwareDatetime | None = Field(
        None, description="The `updated_at` you last read; 409 if the estimate changed since."
    )


@router.put(
    "/accounts/{account_id}/wallet",
    response={200: WalletOut, 409: ErrorOut, **BODY_ERRORS},
    tags=["portfolio", "accounts"],
    summary="Enter an account's yearly spend in our category",
)
def set_wallet(request, account_id: int, payload: WalletIn):
    access = account_for_user(request.auth, account_id, write=True)
    try:
        wallet.set_wallet(
            user=request.auth,
            account=access.account,
            category_spend=payload.category_spend,
            currency=payload.currency.upper(),
            source=payload.source,
            seen_updated_at=payload.updated_at,
        )
    except ConflictError as exc:
        if exc.current is not None:
            raise
        return Status(409, _GONE)
    return _wallet_json(access.account)


Answer = Literal[tuple(Fitness.values)]  # type: ignore[valid-type]


class SamFitnessOut(Schema):
    account_id: int
    sells_directly: str
    continuing_need: str
    values_added_value: str
    trust_possible: str
    note: str
    verdict: str
    assessed_by: UserRef | None
    updated_at: Timestamp | None


def _fitness_json(account) -> dict:
    fitness = SamFitness.objects.select_related("assessed_by").filter(account=account).first()
    shown = fitness or SamFitness(account=account)
    return {
        "account_id": account.pk,
        **{name: getattr(shown, name) for name in SamFitness.CONDITIONS},
        "note": shown.note,
        "verdict": shown.verdict,
        "assessed_by": _user_ref(fitness.assessed_by) if fitness else None,
        "updated_at": fitness.updated_at if fitness else None,
    }


@router.get(
    "/accounts/{account_id}/sam-fitness",
    response={200: SamFitnessOut, **ERRORS},
    tags=["portfolio", "accounts"],
    summary="An account's SAM fitness: the four conditions of seed 001 and the verdict",
)
def get_sam_fitness(request, account_id: int):
    return _fitness_json(account_for_user(request.auth, account_id).account)


class SamFitnessIn(PatchSchema):
    """The answers sent change; those left out keep their value ("unknown" at first)."""

    NULLABLE = frozenset({"updated_at"})

    sells_directly: Answer | None = None
    continuing_need: Answer | None = None
    values_added_value: Answer | None = None
    trust_possible: Answer | None = None
    note: str | None = Field(None, max_length=2000)
    updated_at: AwareDatetime | None = Field(
        None, description="The `updated_at` you last read; 409 if the assessment changed since."
    )


@router.put(
    "/accounts/{account_id}/sam-fitness",
    response={200: SamFitnessOut, 409: ErrorOut, **BODY_ERRORS},
    tags=["portfolio", "accounts"],
    summary="Assess an account's SAM fitness (answers yes, no or unknown; partial)",
)
def set_sam_fitness(request, account_id: int, payload: SamFitnessIn):
    access = account_for_user(request.auth, account_id, write=True)
    answers = payload.model_dump(exclude_unset=True)
    seen = answers.pop("updated_at", None)
    try:
        wallet.set_sam_fitness(
            user=request.auth, account=access.account, seen_updated_at=seen, **answers
        )
    except ConflictError as exc:
        if exc.current is not None:
            raise
        return Status(409, _GONE)
    return _fitness_json(access.account)
