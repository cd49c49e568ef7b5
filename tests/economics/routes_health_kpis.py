"""Rows for tests/test_routes_authz.py ROUTES (merged there): the health score, its
weights, and the KPI page with its targets. Every internal user reads; administrators
and directors set weights and targets (403 for the others, portal users 404)."""

from __future__ import annotations

from decimal import Decimal

from keyplan.economics.models import EconomicsSettings, KpiTarget
from tests.test_routes_authz import (
    Call,
    account,
    api_account,
    internal,
    managers,
    no_kwargs,
    scoped,
)

WEIGHTS = {
    "weight_revenue_trend": 30,
    "weight_margin_trend": 15,
    "weight_payment": 15,
    "weight_relationships": 15,
    "weight_competition": 10,
    "weight_plan": 10,
    "weight_actions": 10,
    "weight_satisfaction": 5,
}
TARGET = {"kpi": "revenue_growth", "account_class": "", "year": 2026, "value": "12.5"}


def _weights_changed(w) -> bool:
    return EconomicsSettings.objects.filter(weight_revenue_trend=30).exists()


def _target_set(w) -> bool:
    return KpiTarget.objects.filter(kpi="revenue_growth", value=Decimal("12.5")).exists()


def _a_target(w) -> dict:
    KpiTarget.objects.create(kpi="win_rate", account_class="", year=2026, value=Decimal("40"))
    return {}


def _target_gone(w) -> bool:
    return not KpiTarget.objects.filter(kpi="win_rate").exists()


ROUTES: dict[str, tuple[Call, ...]] = {
    "economics:health": (Call("get", no_kwargs, internal(200)),),
    "economics:account-health": (Call("get", account, scoped(200)),),
    "economics:settings-weights": (
        Call(
            "post",
            no_kwargs,
            managers("/economics/settings/"),
            data=lambda w: WEIGHTS,
            effect=_weights_changed,
        ),
    ),
    "api:economics_health": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:account_health_detail": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "economics:kpis": (Call("get", no_kwargs, internal(200)),),
    "economics:kpi-target-set": (
        Call(
            "post",
            no_kwargs,
            managers("/economics/kpis/"),
            data=lambda w: TARGET,
            effect=_target_set,
        ),
    ),
    "economics:kpi-target-clear": (
        Call(
            "post",
            _a_target,
            managers("/economics/kpis/"),
            data=lambda w: {"kpi": "win_rate", "account_class": "", "year": 2026},
            effect=_target_gone,
        ),
    ),
    "api:economics_kpis": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:list_kpi_targets": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:put_kpi_target": (
        Call(
            "put",
            no_kwargs,
            managers(200, anonymous=401),
            data=lambda w: {**TARGET, "note": ""},
            api=True,
            effect=_target_set,
        ),
    ),
}
