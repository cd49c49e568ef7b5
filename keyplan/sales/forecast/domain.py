"""A statistical starting point for the plan's potential (SPEC §3.5): the account's
yearly revenue, forecast three years ahead with exponential smoothing and an interval.

The model is statsmodels' state-space ETS (error-trend-seasonal) model with additive
errors: Holt's linear trend once there are enough years for a trend to mean anything,
simple exponential smoothing (a level only) before that. With fewer than two complete
years there is no forecast, and the result says why. A forecast is a starting point for
the KAM's own estimate, never a replacement for it.

The yearly figures come from forecast.selectors; the model itself is pure (no database).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

MIN_YEARS = 2  # fewer complete years: no forecast
TREND_YEARS = 4  # from this many years on, the model has a trend
HORIZON = 3
LEVEL = 0.8  # the interval holds the outcome with this probability
CENT = Decimal("0.01")


@dataclass(frozen=True)
class YearValue:
    year: int
    value: Decimal


@dataclass(frozen=True)
class ForecastPoint:
    year: int
    mid: Decimal
    lower: Decimal
    upper: Decimal


@dataclass(frozen=True)
class Forecast:
    history: tuple[YearValue, ...]
    points: tuple[ForecastPoint, ...]
    method: str  # "holt", "ses" or "" when there is no forecast
    level: float
    reason: str = ""  # why there is no forecast (empty when there is one)
    currency: str = ""
    year_to_date: YearValue | None = None  # the current, incomplete year so far

    @property
    def available(self) -> bool:
        return bool(self.points)

    @property
    def method_label(self) -> str:
        return {
            "holt": _("Exponential smoothing with a trend (Holt)"),
            "ses": _("Simple exponential smoothing (too few years for a trend)"),
        }.get(self.method, "")


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(CENT)


def forecast_yearly(
    history: list[YearValue], *, horizon: int = HORIZON, level: float = LEVEL
) -> Forecast:
    """Forecast the `horizon` years after the last one in `history` (consecutive complete
    years, oldest first). Pure: no database. Never negative: revenue cannot be."""
    history = sorted(history, key=lambda item: item.year)
    if len(history) < MIN_YEARS:
        return Forecast(
            tuple(history),
            (),
            "",
            level,
            reason=_(
                "Not enough history for a forecast: %(have)d complete year(s) of sales, "
                "at least %(need)d needed."
            )
            % {"have": len(history), "need": MIN_YEARS},
        )
    values = [float(item.value) for item in history]
    last_year = history[-1].year
    years = [last_year + step for step in range(1, horizon + 1)]
    scale = max(abs(v) for v in values)
    if scale == 0 or len(set(values)) == 1:
        # A flat history: the model has nothing to fit (and its likelihood is degenerate).
        flat = _money(max(values[0], 0.0))
        method = "holt" if len(history) >= TREND_YEARS else "ses"
        flat_points = tuple(ForecastPoint(y, flat, flat, flat) for y in years)
        return Forecast(tuple(history), flat_points, method, level)

    import numpy as np
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    trend = "add" if len(history) >= TREND_YEARS else None
    # Scaled to about 1, so that the optimiser behaves alike for 10 and 10 million.
    series = pd.Series(
        np.array(values) / scale,
        index=pd.period_range(str(history[0].year), periods=len(values), freq="Y"),
    )
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            fitted = ETSModel(series, error="add", trend=trend).fit(disp=False)
            frame = fitted.get_prediction(
                start=len(values), end=len(values) + horizon - 1
            ).summary_frame(alpha=1 - level)
    except (ValueError, np.linalg.LinAlgError) as exc:  # pragma: no cover - defensive
        return Forecast(
            tuple(history),
            (),
            "",
            level,
            reason=_("The forecast model could not be fitted: %(error)s") % {"error": exc},
        )
    points: list[ForecastPoint] = []
    for year, (mean, low, high) in zip(
        years, frame[["mean", "pi_lower", "pi_upper"]].to_numpy() * scale, strict=True
    ):
        if not all(math.isfinite(v) for v in (mean, low, high)):
            return Forecast(
                tuple(history),
                (),
                "",
                level,
                reason=_("The forecast model gave no finite result for this history."),
            )
        mid = max(mean, 0.0)
        points.append(
            ForecastPoint(
                year,
                _money(mid),
                _money(min(max(low, 0.0), mid)),
                _money(max(high, mid)),
            )
        )
    return Forecast(tuple(history), tuple(points), "holt" if trend else "ses", level)
