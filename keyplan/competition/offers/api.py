"""The customer's buying criteria, the offer scores, the offer comparison and the unique
advantage sent to the plan over REST. What hangs on an account follows the account's
rule (keyplan.competition.access). A stale `updated_at` answers 409.

No `from __future__ import annotations` here: ninja reads the annotations as types.
"""

from decimal import Decimal

from django.db import transaction
from ninja import Query, Router, Status

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS, SeenQuery
from keyplan.core.api.schemas import ErrorOut

from .. import access
from ..common.api import patch_data
from ..models import BuyingCriterion
from . import services
from .schemas import (
    CriterionIn,
    OfferComparisonOut,
    OfferCriterionOut,
    OfferCriterionPatch,
    OfferValueItemOut,
    ScoresIn,
)
from .selectors import criteria_for_account, offer_comparison

router = Router(tags=["competition"])

_FOUR = Decimal("0.0001")


def _criterion_out(criterion: BuyingCriterion) -> BuyingCriterion:
    return BuyingCriterion.objects.prefetch_related("scores").get(pk=criterion.pk)


@router.get(
    "/accounts/{account_id}/buying-criteria", response={200: list[OfferCriterionOut], **ERRORS}
)
def list_buying_criteria(request, account_id: int):
    account = account_for_user(request.auth, account_id).account
    return list(criteria_for_account(account).prefetch_related("scores"))


@router.post(
    "/accounts/{account_id}/buying-criteria",
    response={201: OfferCriterionOut, 409: ErrorOut, **BODY_ERRORS},
)
def create_buying_criterion(request, account_id: int, payload: CriterionIn):
    user = request.auth
    data = payload.model_dump(exclude_none=True)
    criterion = services.criterion_create(user=user, account=account_id, data=data)
    return Status(201, _criterion_out(criterion))


@router.get("/buying-criteria/{criterion_id}", response={200: OfferCriterionOut, **ERRORS})
def get_buying_criterion(request, criterion_id: int):
    criterion, _access = access.criterion_for_user(request.auth, criterion_id)
    return _criterion_out(criterion)


@router.patch(
    "/buying-criteria/{criterion_id}",
    response={200: OfferCriterionOut, 409: ErrorOut, **BODY_ERRORS},
)
def update_buying_criterion(request, criterion_id: int, payload: OfferCriterionPatch):
    user = request.auth
    criterion, _access = access.criterion_for_user(user, criterion_id, write=True)
    data, seen = patch_data(payload)
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
    response={200: OfferCriterionOut, 409: ErrorOut, **BODY_ERRORS},
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
    response={201: OfferValueItemOut, 409: ErrorOut, **BODY_ERRORS},
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
    comparison = offer_comparison(account)
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
