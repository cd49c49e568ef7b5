"""Setting and clearing the KPI targets: directors and administrators only, validated,
with history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from keyplan.economics.kpis.services import kpi_target_clear, kpi_target_set
from keyplan.economics.models import KpiTarget


def test_a_director_sets_changes_and_clears_a_target(world):
    target = kpi_target_set(user=world.director, kpi="win_rate", year=2026, value="40")
    assert target.value == Decimal("40") and target.set_by == world.director
    kpi_target_set(user=world.admin, kpi="win_rate", year=2026, value="45.5", note="stretch")
    assert KpiTarget.objects.get().value == Decimal("45.5")
    kpi_target_clear(user=world.director, kpi="win_rate", year=2026)
    assert not KpiTarget.objects.exists()
    assert [r.history_type for r in KpiTarget.history.order_by("history_id")] == ["+", "~", "-"]
    with pytest.raises(Http404):
        kpi_target_clear(user=world.director, kpi="win_rate", year=2026)


@pytest.mark.parametrize("name", ["owner", "member", "viewer", "outsider", "portal"])
def test_only_directors_and_administrators_set_targets(world, name):
    with pytest.raises(PermissionDenied):
        kpi_target_set(user=world.users()[name], kpi="win_rate", year=2026, value="40")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kpi": "satisfaction", "value": "11"}, "value"),
        ({"kpi": "revenue_growth", "value": "-101"}, "value"),
        ({"kpi": "revenue_growth", "value": "1.00001"}, "value"),
        ({"kpi": "revenue_growth", "value": "x"}, "value"),
        ({"kpi": "revenue_growth", "value": "5", "year": 1999}, "year"),
        ({"kpi": "revenue_growth", "value": "5", "year": 2100}, "year"),
        ({"kpi": "nope", "value": "5"}, "kpi"),
        ({"kpi": "revenue_growth", "value": "5", "account_class": "vip"}, "account_class"),
        (
            {"kpi": "cost_per_new_account", "value": "5", "account_class": "regular"},
            "account_class",
        ),
    ],
)
def test_invalid_targets_are_refused_by_field(world, data, field):
    with pytest.raises(ValidationError) as caught:
        kpi_target_set(user=world.director, **({"year": 2026} | data))
    assert field in caught.value.message_dict
