"""Rows for tests/test_routes_authz.py ROUTES (merged there): every new URL name -> calls.

WEB-A: the Pareto page and its exports, the drill-down, classes, snapshots, settings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.test_routes_authz import Call, account, internal, managers, no_kwargs, scoped


def _snapshot(w) -> dict[str, Any]:
    from keyplan.portfolio.models import Snapshot, SnapshotRow

    snapshot = Snapshot.objects.create(
        created_by=w.director,
        metric="gp",
        date_from="2024-01-01",
        date_to="2024-12-31",
        currency="PLN",
    )
    SnapshotRow.objects.create(
        snapshot=snapshot, account=w.account, class_before="regular", class_after="strategic"
    )
    return {"pk": snapshot.pk}


def _rate(w) -> dict[str, Any]:
    from keyplan.sales.models import ExchangeRate

    return {"pk": ExchangeRate.objects.create(currency="EUR", rate=Decimal("4.3")).pk}


def _settings_form(w) -> dict[str, Any]:
    return {
        "base_currency": "PLN",
        "pareto_share": "75",
        "strategic_metric": "gp",
        "strategic_cumulative_share": "80",
        "strategic_max_share": "10",
        "prospect_interest_days": "365",
        "target_strategic_revenue_share": "25",
        "target_strategic_account_share": "10",
        "max_strategic_per_kam": "5",
        "growth_threshold": "20",
        "decline_threshold": "25",
        "candidate_score": "7",
    }


def _settings_changed(w) -> bool:
    from keyplan.portfolio.models import PortfolioSettings

    # Not load(): it would create the row, and a refused write must change nothing.
    return PortfolioSettings.objects.filter(pareto_share=Decimal("75")).exists()


def _rate_value(w) -> Decimal | None:
    from keyplan.sales.models import ExchangeRate

    return ExchangeRate.objects.filter(currency="EUR").values_list("rate", flat=True).first()


def _snapshot_made(w) -> bool:
    from keyplan.portfolio.models import Snapshot

    return Snapshot.objects.exists()


ROUTES: dict[str, tuple[Call, ...]] = {
    "portfolio:pareto": (Call("get", no_kwargs, internal(200)),),
    "portfolio:pareto-csv": (Call("get", no_kwargs, internal(200)),),
    "portfolio:pareto-xlsx": (Call("get", no_kwargs, internal(200)),),
    "portfolio:account-sales": (Call("get", account, scoped(200)),),
    "portfolio:classes": (
        Call("get", no_kwargs, internal(200)),
        Call(
            "post",
            no_kwargs,
            managers("/portfolio/snapshots/"),
            data=lambda w: {"note": "year-end"},
            effect=_snapshot_made,
        ),
    ),
    "portfolio:snapshots": (Call("get", no_kwargs, internal(200)),),
    "portfolio:snapshot": (Call("get", _snapshot, internal(200)),),
    "portfolio:snapshot-compare": (Call("get", no_kwargs, internal(200)),),
    "portfolio:settings": (
        Call("get", no_kwargs, internal(200)),
        Call(
            "post",
            no_kwargs,
            managers("/portfolio/settings/"),
            data=_settings_form,
            effect=_settings_changed,
        ),
    ),
    "portfolio:rate-add": (
        Call(
            "post",
            no_kwargs,
            managers("/portfolio/settings/"),
            data=lambda w: {"currency": "EUR", "rate": "4.25"},
            effect=lambda w: _rate_value(w) == Decimal("4.25"),
        ),
    ),
    "portfolio:rate-edit": (
        Call(
            "post",
            _rate,
            managers("/portfolio/settings/"),
            data=lambda w: {"rate": "4.5"},
            effect=lambda w: _rate_value(w) == Decimal("4.5"),
        ),
    ),
    "portfolio:rate-delete": (
        Call(
            "post",
            _rate,
            managers("/portfolio/settings/"),
            effect=lambda w: _rate_value(w) is None,
        ),
    ),
}
