"""The potential section's chart: the account's actual yearly revenue, its statistical
forecast (keyplan.sales.forecast) and the plan's own estimates on one axis of years."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from keyplan.sales.forecast.domain import Forecast


def potential_chart(forecast: Forecast, estimates: Iterable[Any]) -> dict[str, Any]:
    """The chart's data: the actual yearly revenue, the forecast with its interval and
    the entered estimates (objects with `year` and `expected_volume`), on one axis of
    years (amounts as numbers for ECharts)."""
    estimates = list(estimates)
    years = sorted(
        {y.year for y in forecast.history}
        | {p.year for p in forecast.points}
        | {e.year for e in estimates}
    )

    def series(values: dict[int, Decimal]) -> list[float | None]:
        return [float(values[y]) if y in values else None for y in years]

    points = {p.year: p for p in forecast.points}
    return {
        "years": [str(y) for y in years],
        "actual": series({y.year: y.value for y in forecast.history}),
        "forecast": series({y: p.mid for y, p in points.items()}),
        "lower": series({y: p.lower for y, p in points.items()}),
        "band": series({y: p.upper - p.lower for y, p in points.items()}),
        "upper": series({y: p.upper for y, p in points.items()}),
        "estimates": series({e.year: e.expected_volume for e in estimates}),
        "currency": forecast.currency,
        "labels": {
            "actual": _("Actual revenue"),
            "forecast": _("Forecast"),
            "band": _("Forecast interval (%(level)d%%)") % {"level": round(forecast.level * 100)},
            "estimates": _("Our estimate"),
        },
    }
