"""An account's share of wallet and SAM fitness over REST (read access to read, write
access to change, by the one access rule).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from ninja import Router, Status

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.schemas import ErrorOut
from keyplan.core.errors import ConflictError
from keyplan.sales.figures.selectors import account_metrics, default_period
from keyplan.sales.models import WalletEstimate

from ..common.schemas import GONE, user_ref
from ..models import PortfolioSettings, SamFitness
from . import services
from .schemas import SamFitnessIn, SamFitnessOut, WalletIn, WalletOut

router = Router(tags=["portfolio"])


def _wallet_json(account) -> dict:
    estimate = WalletEstimate.objects.select_related("updated_by").filter(account=account).first()
    figures: dict = {}
    if estimate is not None:
        period = default_period()
        if period is not None:
            figures = account_metrics(
                period, [account.pk], base=PortfolioSettings.load().base_currency
            ).get(account.pk, {})
    return {
        "account_id": account.pk,
        "category_spend": estimate.category_spend if estimate else None,
        "currency": estimate.currency if estimate else None,
        "source": estimate.source if estimate else "",
        "updated_by": user_ref(estimate.updated_by) if estimate else None,
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


@router.put(
    "/accounts/{account_id}/wallet",
    response={200: WalletOut, 409: ErrorOut, **BODY_ERRORS},
    tags=["portfolio", "accounts"],
    summary="Enter an account's yearly spend in our category",
)
def set_wallet(request, account_id: int, payload: WalletIn):
    access = account_for_user(request.auth, account_id, write=True)
    try:
        services.set_wallet(
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
        return Status(409, GONE)
    return _wallet_json(access.account)


def _fitness_json(account) -> dict:
    fitness = SamFitness.objects.select_related("assessed_by").filter(account=account).first()
    shown = fitness or SamFitness(account=account)
    return {
        "account_id": account.pk,
        **{name: getattr(shown, name) for name in SamFitness.CONDITIONS},
        "note": shown.note,
        "verdict": shown.verdict,
        "assessed_by": user_ref(fitness.assessed_by) if fitness else None,
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
        services.set_sam_fitness(
            user=request.auth, account=access.account, seen_updated_at=seen, **answers
        )
    except ConflictError as exc:
        if exc.current is not None:
            raise
        return Status(409, GONE)
    return _fitness_json(access.account)
