"""Rows for tests/test_routes_authz.py ROUTES (merged there): every new URL name -> calls.

WEB-B: the score sheet, criteria, suggestions, norms and the account panel's forms."""

from __future__ import annotations

from typing import Any

from tests.test_routes_authz import Call, account, internal, managers, no_kwargs, scoped


def _partnership():
    from keyplan.portfolio.models import Criterion

    return Criterion.objects.get(key="partnership")


def score_cell(w) -> dict[str, Any]:
    return {"account_pk": w.account.pk, "criterion_pk": _partnership().pk}


def _scored(w) -> bool:
    from keyplan.portfolio.models import AccountScore

    return AccountScore.objects.filter(
        account=w.account, criterion__key="partnership", score=8
    ).exists()


def criteria_form(w, **changes) -> dict[str, Any]:
    """The criteria page's form as it stands, with `changes` ({"partnership-weight": "5"})."""
    from keyplan.portfolio.models import Criterion

    data: dict[str, Any] = {}
    for c in Criterion.objects.all():
        if c.enabled:
            data[f"{c.key}-enabled"] = "on"
        data[f"{c.key}-weight"] = str(c.weight)
        data[f"{c.key}-metric"] = c.metric
        data[f"{c.key}-method"] = c.method
        data[f"{c.key}-low"] = "" if c.low is None else str(c.low)
        data[f"{c.key}-high"] = "" if c.high is None else str(c.high)
        if c.higher_is_better:
            data[f"{c.key}-higher_is_better"] = "on"
    data.update(changes)
    return data


def _reweighted(w) -> bool:
    from keyplan.portfolio.models import Criterion

    return Criterion.objects.get(key="partnership").weight == 5


def pending_suggestion(w) -> dict[str, Any]:
    from keyplan.portfolio.models import Suggestion

    suggestion = Suggestion.objects.create(
        account=w.account,
        from_class="strategic",
        to_class="regular",
        reason="decline",
        evidence={"currency": "PLN", "revenue": "100.00", "previous_revenue": "200.00"},
    )
    return {"pk": suggestion.pk}


def _rejected(w) -> bool:
    from keyplan.portfolio.models import Suggestion

    return Suggestion.objects.filter(account=w.account, status="rejected").exists()


def _wallet_saved(w) -> bool:
    from keyplan.sales.models import WalletEstimate

    return WalletEstimate.objects.filter(account=w.account).exists()


def _fitness_saved(w) -> bool:
    from keyplan.portfolio.models import SamFitness

    return SamFitness.objects.filter(account=w.account, sells_directly="yes").exists()


ROUTES: dict[str, tuple[Any, ...]] = {
    "scoring:scores": (Call("get", no_kwargs, internal(200)),),
    "scoring:scores-recompute": (Call("post", no_kwargs, managers("/portfolio/scores/")),),
    "scoring:score-cell": (
        # Anyone who may change the account scores it; the read-only viewer may not.
        Call(
            "post",
            score_cell,
            scoped("/portfolio/scores/", viewer=403),
            data=lambda w: {"score": "8", "rationale": "Ten years of joint projects"},
            effect=_scored,
        ),
    ),
    "scoring:criteria": (
        Call("get", no_kwargs, internal(200)),
        Call(
            "post",
            no_kwargs,
            managers("/portfolio/criteria/"),
            data=lambda w: criteria_form(w, **{"partnership-weight": "5"}),
            effect=_reweighted,
        ),
    ),
    "scoring:suggestions": (Call("get", no_kwargs, internal(200)),),
    "scoring:suggestions-generate": (Call("post", no_kwargs, managers("/portfolio/suggestions/")),),
    "scoring:suggestion-decide": (
        Call(
            "post",
            pending_suggestion,
            managers("/portfolio/suggestions/"),
            data=lambda w: {"decision": "reject", "comment": "Still our biggest customer"},
            effect=_rejected,
        ),
    ),
    "scoring:norms": (Call("get", no_kwargs, internal(200)),),
    "scoring:wallet": (
        Call(
            "post",
            account,
            scoped("/accounts/", viewer=403),
            data=lambda w: {"category_spend": "500000", "currency": "PLN", "source": "Customer"},
            effect=_wallet_saved,
        ),
    ),
    "scoring:sam-fitness": (
        Call(
            "post",
            account,
            scoped("/accounts/", viewer=403),
            data=lambda w: {
                "sells_directly": "yes",
                "continuing_need": "yes",
                "values_added_value": "unknown",
                "trust_possible": "yes",
                "note": "",
            },
            effect=_fitness_saved,
        ),
    ),
}
