"""The potential section's chart: the account's actual yearly revenue, its statistical
forecast (keyplan.sales.forecast) and the plan's own estimates on one axis of years."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from keyplan.sales.forecast.domain import Forecast


def potential_chart(forecast: Forecast, estimates: Iterable[Any]) -> dict[str, Any]:
    """The chart's data: the actual revenue of complete years, the current year's actual
    so far, the forecast with its interval and the entered estimates (objects with `year`
    and `expected_volume`), on one axis of years (amounts as numbers for ECharts).

    A partial first year is left out (its few months are not a year's revenue); the year
    in progress is marked on the axis, its forecast being the actual so far plus the
    forecast of the months left."""
    estimates = list(estimates)
    ytd = forecast.year_to_date
    years = sorted(
        {y.year for y in forecast.history}
        | {p.year for p in forecast.points}
        | {e.year for e in estimates}
        | ({ytd.year} if ytd else set())
    )

    def series(values: dict[int, Decimal]) -> list[float | None]:
        return [float(values[y]) if y in values else None for y in years]

    def axis_label(year: int) -> str:
        if ytd and year == ytd.year:
            return _("%(year)d (in progress)") % {"year": year}
        return str(year)

    points = {p.year: p for p in forecast.points}
    return {
        "years": [axis_label(y) for y in years],
        "actual": series({y.year: y.value for y in forecast.history}),
        "ytd": series({ytd.year: ytd.value} if ytd else {}),
        "forecast": series({y: p.mid for y, p in points.items()}),
        "lower": series({y: p.lower for y, p in points.items()}),
        "band": series({y: p.upper - p.lower for y, p in points.items()}),
        "upper": series({y: p.upper for y, p in points.items()}),
        "estimates": series({e.year: e.expected_volume for e in estimates}),
        "currency": forecast.currency,
        "labels": {
            "actual": _("Actual revenue"),
            "ytd": _("Actual so far this year"),
            "forecast": _("Forecast"),
            "band": _("Forecast interval (%(level)d%%)") % {"level": forecast.level_percent},
            "estimates": _("Our estimate"),
        },
    }
