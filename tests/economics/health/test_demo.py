"""The demo's health history: the last 12 full months recorded."""

from __future__ import annotations

from datetime import date

from keyplan.demo.economics.health import record_health_history
from keyplan.economics.models import HealthSnapshot


def test_the_last_12_months_are_recorded(world):
    assert record_health_history(today=date(2026, 12, 5)) == 24
    months = sorted(set(HealthSnapshot.objects.values_list("month", flat=True)))
    assert months[0] == date(2025, 12, 1) and months[-1] == date(2026, 11, 1)
    assert record_health_history(today=date(2026, 12, 5)) == 24
    assert HealthSnapshot.objects.count() == 24
