"""Rows for tests/test_routes_authz.py ROUTES (merged there): every new URL name -> calls."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tests.test_routes_authz import Call, api_account, internal, managers, no_kwargs, scoped


def _criterion(key: str):
    from keyplan.portfolio.models import Criterion

    return Criterion.objects.get(key=key)


def _snapshot(w) -> dict[str, Any]:
    from keyplan.portfolio.models import Snapshot, SnapshotRow

    snapshot = Snapshot.objects.create(
        metric="gp", date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), currency="PLN"
    )
    SnapshotRow.objects.create(
        snapshot=snapshot, account=w.account, class_before="regular", class_after="strategic"
    )
    return {"snapshot_id": snapshot.pk}


def _suggestion(w) -> dict[str, Any]:
    from keyplan.portfolio.models import Suggestion

    suggestion = Suggestion.objects.create(
        account=w.account, from_class="strategic", to_class="regular", reason="decline"
    )
    return {"suggestion_id": suggestion.pk}


def _score_kwargs(w) -> dict[str, Any]:
    return {"account_id": w.account.pk, "criterion_id": _criterion("partnership").pk}


def _rejected(w) -> bool:
    from keyplan.portfolio.models import Suggestion

    return Suggestion.objects.filter(account=w.account, status="rejected").exists()


def _scored(w) -> bool:
    from keyplan.portfolio.models import AccountScore

    return AccountScore.objects.filter(account=w.account, score=7).exists()


def _wallet_set(w) -> bool:
    from keyplan.sales.models import WalletEstimate

    return WalletEstimate.objects.filter(account=w.account).exists()


def _fitness_set(w) -> bool:
    from keyplan.portfolio.models import SamFitness

    return SamFitness.objects.filter(account=w.account, sells_directly="yes").exists()


def _rate_set(w) -> bool:
    from keyplan.sales.models import ExchangeRate

    return ExchangeRate.objects.filter(currency="EUR", rate=Decimal("4.3")).exists()


def _snapshot_saved(w) -> bool:
    from keyplan.portfolio.models import Snapshot

    return Snapshot.objects.filter(note="authz").exists()


def _decision_expect():
    # Only managers decide; the account's people see the suggestion (403), others 404.
    return scoped(200, viewer=403, member=403, anonymous=401) | {"owner": 403}


ROUTES: dict[str, tuple[Any, ...]] = {
    # --- portfolio API: reads for every internal user, under the access rule ----------------
    "api:portfolio_pareto": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:classification_preview": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:classification_apply": (
        Call(
            "post",
            no_kwargs,
            managers(201, anonymous=401),
            data=lambda w: {"note": "authz"},
            api=True,
            effect=_snapshot_saved,
        ),
    ),
    "api:list_snapshots": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:get_snapshot": (Call("get", _snapshot, internal(200, anonymous=401), api=True),),
    "api:list_criteria": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:update_criterion": (
        Call(
            "patch",
            lambda w: {"criterion_id": _criterion("partnership").pk},
            managers(200, anonymous=401),
            data=lambda w: {"weight": "5"},
            api=True,
            effect=lambda w: _criterion("partnership").weight == Decimal("5"),
        ),
    ),
    "api:score_sheet": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:set_account_score": (
        Call(
            "put",
            _score_kwargs,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"score": 7, "rationale": "long partnership"},
            api=True,
            effect=_scored,
        ),
    ),
    "api:compute_scores": (Call("post", no_kwargs, managers(200, anonymous=401), api=True),),
    "api:list_suggestions": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:generate_suggestions": (Call("post", no_kwargs, managers(200, anonymous=401), api=True),),
    "api:decide_suggestion": (
        Call(
            "post",
            _suggestion,
            _decision_expect(),
            data=lambda w: {"accept": False, "comment": "not yet"},
            api=True,
            effect=_rejected,
        ),
    ),
    "api:portfolio_norms": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:get_wallet": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "api:set_wallet": (
        Call(
            "put",
            api_account,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"category_spend": "1000000", "currency": "PLN", "source": "CFO"},
            api=True,
            effect=_wallet_set,
        ),
    ),
    "api:get_sam_fitness": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "api:set_sam_fitness": (
        Call(
            "put",
            api_account,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"sells_directly": "yes"},
            api=True,
            effect=_fitness_set,
        ),
    ),
    "api:list_exchange_rates": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:set_exchange_rate": (
        Call(
            "put",
            no_kwargs,
            managers(200, anonymous=401),
            data=lambda w: {"currency": "EUR", "rate": "4.30"},
            api=True,
            effect=_rate_set,
        ),
    ),
}
