"""A statistical starting point for the plan's potential (SPEC §3.5): the account's
revenue per year, forecast from its monthly revenue, with an interval.

The model runs on months, not years, so that the current year and a first year that is
only partly covered are handled for what they are:

* The months before the current one (and up to the last month the sales data covers)
  are known; the series the model fits runs from the account's first month with sales to
  the last known month, months without sales as zero.
* A first year that does not start in January is partial: it is reported with the
  number of months it covers and is never shown as a complete year (the chart leaves it
  out; the table labels it).
* The current year is the year-to-date actual plus the forecast of its remaining months,
  so it is never below what has already been invoiced; the years ahead are the model's
  sums of their twelve months.

The model is statsmodels' state-space ETS (error-trend-seasonal) model with additive
errors: a damped trend from two years of months on, a seasonal cycle from four, a level
only (simple exponential smoothing) from one. With fewer months, a flat history or a
model that cannot be fitted, it falls back to the months' mean and spread; with fewer
than MIN_MONTHS there is no forecast, and the result says why. The interval of a year's
sum comes from simulated paths of the model (the months' errors add up, they are not the
sum of the months' intervals). A forecast is a starting point for the KAM's own
estimate, never a replacement for it.

Pure: no database (the months come from forecast.selectors). numpy, pandas and
statsmodels are imported when a model is fitted (web workers load them at start:
keyplan.warmup), so importing this module is cheap.
"""

from __future__ import annotations

import math
import random
import statistics
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

MIN_MONTHS = 3  # fewer known months: no forecast
ETS_MONTHS = 12  # from a year of months: exponential smoothing (a level)
TREND_MONTHS = 24  # from two years: with a damped trend
SEASONAL_MONTHS = 48  # from four years: with a yearly cycle
HORIZON = 3  # years forecast: the current one and the two after it
LEVEL = 0.8  # the interval holds the outcome with this probability
PATHS = 2000  # simulated paths for the intervals
SEED = 20240601  # the simulation's seed: the same history gives the same forecast
CENT = Decimal("0.01")


@dataclass(frozen=True)
class MonthValue:
    month: date  # the first day of the month
    value: Decimal


@dataclass(frozen=True)
class YearValue:
    year: int
    value: Decimal
    months: int = 12  # the months the value covers: fewer in a partial year

    @property
    def partial(self) -> bool:
        return self.months < 12


@dataclass(frozen=True)
class ForecastPoint:
    year: int
    mid: Decimal
    lower: Decimal
    upper: Decimal
    # What of the year is already invoiced (the current year: its year-to-date actual);
    # mid, lower and upper include it and never fall below it.
    actual: Decimal = Decimal("0.00")
    actual_months: int = 0  # the months of the year that are known


@dataclass(frozen=True)
class Forecast:
    history: tuple[YearValue, ...]  # complete years of actual revenue, oldest first
    points: tuple[ForecastPoint, ...]  # the current year (actual + rest) and years ahead
    method: str  # "ets_seasonal", "ets_trend", "ets", "mean" or "" without a forecast
    level: float
    reason: str = ""  # why there is no forecast (empty when there is one)
    currency: str = ""
    year_to_date: YearValue | None = None  # the current, incomplete year so far
    partial_start: YearValue | None = None  # a first year with sales in only some months

    @property
    def available(self) -> bool:
        return bool(self.points)

    @property
    def level_percent(self) -> int:
        return round(self.level * 100)

    @property
    def method_label(self) -> str:
        return {
            "ets_seasonal": _(
                "Exponential smoothing of monthly revenue with a damped trend and a yearly cycle"
            ),
            "ets_trend": _("Exponential smoothing of monthly revenue with a damped trend"),
            "ets": _("Exponential smoothing of monthly revenue (too few months for a trend)"),
            "mean": _("Average of the months so far, with their spread"),
        }.get(self.method, "")


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(CENT)


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_of(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --- the models: future months' means and simulated paths -------------------------------


@dataclass(frozen=True)
class _Simulation:
    method: str
    means: list[float]  # per future month
    paths: list[list[float]]  # PATHS paths of the future months


def _mean_model(values: list[float], steps: int) -> _Simulation:
    """The fallback for a short history: the months' mean, with their spread for the
    paths; each path draws its own mean too (the mean of a few months is uncertain, and
    alike for every month of the path)."""
    mean = statistics.fmean(values)
    spread = statistics.stdev(values) if len(values) > 1 else abs(mean) / 2
    rng = random.Random(SEED)
    paths = []
    for _path in range(PATHS):
        level = rng.gauss(mean, spread / math.sqrt(len(values)))
        paths.append([rng.gauss(level, spread) for _step in range(steps)])
    return _Simulation("mean", [mean] * steps, paths)


def _ets_model(values: list[float], first: int, steps: int) -> _Simulation | None:
    """statsmodels' ETS on the months (scaled to about 1, so that the optimiser behaves
    alike for 10 and 10 million); None when it cannot be fitted."""
    import numpy as np
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    count = len(values)
    options: dict = {}
    method = "ets"
    if count >= TREND_MONTHS:
        options = {"trend": "add", "damped_trend": True}
        method = "ets_trend"
    if count >= SEASONAL_MONTHS:
        options |= {"seasonal": "add", "seasonal_periods": 12}
        method = "ets_seasonal"
    scale = max(abs(v) for v in values)
    start = month_of(first)
    series = pd.Series(
        np.array(values) / scale,
        index=pd.period_range(f"{start.year}-{start.month:02d}", periods=count, freq="M"),
    )
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            fitted = ETSModel(series, error="add", **options).fit(disp=False)
            means = np.asarray(fitted.forecast(steps)) * scale
            paths = np.asarray(
                fitted.simulate(
                    steps, anchor="end", repetitions=PATHS, rng=np.random.default_rng(SEED)
                )
            ).reshape(steps, PATHS)
    except (ValueError, np.linalg.LinAlgError):  # pragma: no cover - defensive
        return None
    paths = paths.T * scale
    if not (np.isfinite(means).all() and np.isfinite(paths).all()):
        return None
    return _Simulation(method, means.tolist(), paths.tolist())


def _simulate(values: list[float], first: int, steps: int) -> _Simulation:
    if len(set(values)) == 1:
        # A flat history: the model has nothing to fit (its likelihood is degenerate).
        return _Simulation("mean", [values[0]] * steps, [[values[0]] * steps])
    if len(values) >= ETS_MONTHS:
        fitted = _ets_model(values, first, steps)
        if fitted is not None:
            return fitted
    return _mean_model(values, steps)


# --- the forecast -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Months:
    """The account's revenue by month index (year * 12 + month - 1), its first month with
    sales and the last known month."""

    values: dict[int, Decimal]
    first: int
    known_end: int

    def get(self, index: int) -> float:
        return float(self.values.get(index, 0))

    def year(self, year: int) -> tuple[Decimal, int]:
        """The year's actual (all its months with sales, known or not yet) and how many
        of its months are known (from the first month with sales on)."""
        value = sum((self.values.get(year * 12 + m, Decimal(0)) for m in range(12)), Decimal(0))
        known = min(year * 12 + 11, self.known_end) - max(year * 12, self.first) + 1
        return value.quantize(CENT), max(0, known)

    def observed(self) -> list[float]:
        """The known months from the first with sales, months without sales as zero."""
        return [self.get(index) for index in range(self.first, self.known_end + 1)]

    def years_known(self) -> tuple[list[YearValue], YearValue | None]:
        """The complete years, and the first year when it starts after January (partial)."""
        history: list[YearValue] = []
        partial = None
        for year in range(self.first // 12, (self.known_end + 1) // 12):
            value, known = self.year(year)
            if year == self.first // 12 and self.first % 12:
                partial = YearValue(year, value, known)
            else:
                history.append(YearValue(year, value))
        return history, partial


def _points(
    months: _Months, simulation: _Simulation, future: list[int], last_year: int, level: float
) -> list[ForecastPoint]:
    """Each year from the first with unknown months to `last_year`: its known actual plus
    the forecast of the rest, every month counting at least what it already has."""
    alpha = (1 - level) / 2
    points = []
    for year in range((months.known_end + 1) // 12, last_year + 1):
        actual, known = months.year(year)
        steps = [s for s, index in enumerate(future) if index // 12 == year]
        already = [months.get(future[s]) for s in steps]  # this month so far, say
        base = float(actual) - sum(already)  # the known months

        def total(path: Sequence[float], steps: list[int] = steps, got: list = already) -> float:
            return sum(max(path[s], g, 0.0) for s, g in zip(steps, got, strict=True))

        floor = max(float(actual), 0.0)
        mid = max(base + total(simulation.means), floor)
        sums = [base + total(path) for path in simulation.paths]
        low = max(_quantile(sums, alpha), floor)
        high = _quantile(sums, 1 - alpha)
        points.append(
            ForecastPoint(
                year, _money(mid), _money(min(low, mid)), _money(max(high, mid)), actual, known
            )
        )
    return points


def forecast_monthly(
    months: Iterable[MonthValue],
    *,
    today: date,
    data_end: date | None = None,
    horizon: int = HORIZON,
    level: float = LEVEL,
    currency: str = "",
) -> Forecast:
    """The account's years from its monthly revenue (`months`: any order, months without
    sales may be left out): the complete years, a partial first year, the current year so
    far, and the forecast of the current year and the `horizon` - 1 after it.

    A month is known when it is before today's month and not after `data_end` (the last
    month the sales data covers; None: up to last month). Sales in later months (this
    month so far) count in their year's actual, and that year's forecast never falls
    below them. Pure: no database. Never negative: revenue cannot be."""
    values: dict[int, Decimal] = {}
    for item in months:
        index = month_index(item.month)
        values[index] = values.get(index, Decimal(0)) + item.value
    with_sales = sorted(index for index, value in values.items() if value != 0)
    if not with_sales:
        return Forecast(
            (),
            (),
            "",
            level,
            reason=_("Not enough history for a forecast: no sales in the account's currency yet."),
            currency=currency,
        )
    known_end = month_index(today) - 1  # the last known month
    if data_end is not None:
        known_end = min(known_end, month_index(data_end))
    account = _Months(values, with_sales[0], known_end)
    history, partial_start = account.years_known()
    year_to_date = None
    if any(index // 12 == today.year for index in values):
        value, known = account.year(today.year)
        year_to_date = YearValue(today.year, value, known)
    empty = Forecast(
        tuple(history),
        (),
        "",
        level,
        currency=currency,
        year_to_date=year_to_date,
        partial_start=partial_start,
    )
    observed = account.observed()
    if len(observed) < MIN_MONTHS:
        reason = _(
            "Not enough history for a forecast: %(have)d month(s) of sales, "
            "at least %(need)d needed."
        ) % {"have": len(observed), "need": MIN_MONTHS}
        return replace(empty, reason=reason)
    last_year = today.year + horizon - 1
    future = list(range(known_end + 1, last_year * 12 + 12))
    simulation = _simulate(observed, account.first, len(future))
    points = _points(account, simulation, future, last_year, level)
    return replace(empty, points=tuple(points), method=simulation.method)
