"""The customer's buying criteria, the offer scores, the offer comparison, the account's
competition alerts and the portfolio view over REST; mounted on the competition router
(keyplan.competition.api), same access rule and conventions.

No `from __future__ import annotations` here: ninja reads the annotations as types.
"""

from decimal import Decimal

from django.db import transaction
from ninja import Query, Router, Status

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import ERRORS
from keyplan.core.api.schemas import ErrorOut

from . import access, selectors, services
from .models import BuyingCriterion
from .schemas import (
    AlertOut,
    CompetitorRowOut,
    CriterionIn,
    CriterionOut,
    CriterionPatch,
    OfferComparisonOut,
    PortfolioQuery,
    ScoresIn,
    SeenQuery,
    ValueItemOut,
)

router = Router(tags=["competition"])

BODY_ERRORS = {**ERRORS, 400: ErrorOut, 409: ErrorOut, 413: ErrorOut}
_FOUR = Decimal("0.0001")


def _patch(payload) -> tuple[dict, object]:
    data = payload.model_dump(exclude_unset=True)
    return data, data.pop("updated_at", None)


# --- buying criteria and offers -----------------------------------------------------------


def _criterion_out(criterion: BuyingCriterion) -> BuyingCriterion:
    return BuyingCriterion.objects.prefetch_related("scores").get(pk=criterion.pk)


@router.get("/accounts/{account_id}/buying-criteria", response={200: list[CriterionOut], **ERRORS})
def list_buying_criteria(request, account_id: int):
    account = account_for_user(request.auth, account_id).account
    return list(selectors.criteria_for_account(account).prefetch_related("scores"))


@router.post("/accounts/{account_id}/buying-criteria", response={201: CriterionOut, **BODY_ERRORS})
def create_buying_criterion(request, account_id: int, payload: CriterionIn):
    user = request.auth
    data = payload.model_dump(exclude_none=True)
    criterion = services.criterion_create(user=user, account=account_id, data=data)
    return Status(201, _criterion_out(criterion))


@router.get("/buying-criteria/{criterion_id}", response={200: CriterionOut, **ERRORS})
def get_buying_criterion(request, criterion_id: int):
    criterion, _access = access.criterion_for_user(request.auth, criterion_id)
    return _criterion_out(criterion)


@router.patch("/buying-criteria/{criterion_id}", response={200: CriterionOut, **BODY_ERRORS})
def update_buying_criterion(request, criterion_id: int, payload: CriterionPatch):
    user = request.auth
    criterion, _access = access.criterion_for_user(user, criterion_id, write=True)
    data, seen = _patch(payload)
    updated = services.criterion_update(
        user=user, criterion=criterion, data=data, seen_updated_at=seen
    )
    return _criterion_out(updated)


@router.delete("/buying-criteria/{criterion_id}", response={204: None, 409: ErrorOut, **ERRORS})
def delete_buying_criterion(request, criterion_id: int, filters: Query[SeenQuery]):
    user = request.auth
    criterion, _access = access.criterion_for_user(user, criterion_id, write=True)
    services.criterion_delete(user=user, criterion=criterion, seen_updated_at=filters.updated_at)
    return Status(204, None)


@router.put(
    "/buying-criteria/{criterion_id}/scores",
    response={200: CriterionOut, **BODY_ERRORS},
    summary="Set scores on a criterion: ours (competitor_id null) and competitors'",
)
def set_offer_scores(request, criterion_id: int, payload: ScoresIn):
    """Each entry sets one offer's score; a null score removes it. All or nothing."""
    user = request.auth
    criterion, _access = access.criterion_for_user(user, criterion_id, write=True)
    with transaction.atomic():
        for entry in payload.scores:
            services.offer_score_set(
                user=user,
                criterion=criterion,
                competitor_id=entry.competitor_id,
                score=entry.score,
                note=entry.note,
                seen_updated_at=entry.updated_at,
            )
    return _criterion_out(criterion)


@router.post(
    "/buying-criteria/{criterion_id}/unique-value",
    response={201: ValueItemOut, **BODY_ERRORS},
    summary="Add a unique advantage to the current plan's unique value",
)
def add_advantage_to_plan(request, criterion_id: int):
    user = request.auth
    criterion, _access = access.criterion_for_user(user, criterion_id, write=True)
    return Status(201, services.advantage_to_plan(user=user, criterion=criterion))


@router.get(
    "/accounts/{account_id}/offer-comparison",
    response={200: OfferComparisonOut, **ERRORS},
    summary="Our offer against the competitors' on the customer's buying criteria",
)
def get_offer_comparison(request, account_id: int):
    account = account_for_user(request.auth, account_id).account
    comparison = selectors.offer_comparison(account)
    return {
        "offers": [
            {
                "key": c.key,
                "competitor_id": None if c.competitor is None else c.competitor.pk,
                "name": c.name,
                "total": c.total,
                "coverage": c.coverage,
                "scored": c.scored,
            }
            for c in comparison.columns
        ],
        "criteria": [
            {
                "id": row.criterion.pk,
                "name": row.criterion.name,
                "weight": row.criterion.weight,
                "share": row.share.quantize(_FOUR),
                "is_top": row.is_top,
                "is_unique_advantage": row.is_unique_advantage,
                "scores": {cell.column: cell.value for cell in row.cells},
            }
            for row in comparison.rows
        ],
        "top_criterion_id": comparison.top_criterion.pk if comparison.top_criterion else None,
        "unique_advantage_ids": [c.pk for c in comparison.unique_advantages],
        "radar": comparison.radar,
    }


@router.get(
    "/accounts/{account_id}/competition-alerts",
    response={200: list[AlertOut], **ERRORS},
    summary="Support rising at a competitor; a competitor ahead on the top criterion",
)
def list_competition_alerts(request, account_id: int):
    account = account_for_user(request.auth, account_id).account
    return [
        {
            "code": a.code,
            "competitor_id": a.competitor_id,
            "competitor": a.competitor,
            "message": a.message,
        }
        for a in selectors.account_alerts(account)
    ]


@router.get(
    "/competition/portfolio",
    response={200: list[CompetitorRowOut], **ERRORS},
    summary="Each competitor across the accounts you see",
)
def get_competition_portfolio(request, filters: Query[PortfolioQuery]):
    user = request.auth
    return [
        {
            "competitor": {"id": row.competitor.pk, "name": row.competitor.name},
            "accounts": row.accounts,
            "of_class": row.of_class,
            "incumbent": row.incumbent,
            "share_avg": row.share_avg,
            "share_known": row.share_known,
            "spend_by_currency": row.spend_by_currency,
            "support_rising": row.support_rising,
        }
        for row in selectors.portfolio_competition(user, account_class=filters.account_class)
    ]
