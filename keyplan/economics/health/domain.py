"""An account's health score (SPEC §7, issue #16), explained: eight components, each the
fact it is computed from (`facts`, shown as `value_text`), its points 0–100 by the rule
below, its weight (the economics settings) and where the fact comes from (`SOURCES`).

A component whose fact is missing has no points ("no data": marked, never guessed) and
is left out, as is a component weighted 0: the score is the weighted mean of the points
of the others, their weights renormalised to sum to 1, rounded half up to a whole number;
None when no component counts. So a component without data never moves the score, and
more points in one component never lower it.

The rules (points clamped to 0–100, rounded half up):

- revenue trend: the revenue of the last 3 full months against the same months a year
  before; 50 + 2.5 × growth in % (−20% → 0, flat → 50, +20% → 100). Revenue where there
  was none a year before: 100. No revenue in either window: no data.
- margin trend: the gross margin of the last 6 full months against the 6 before; 50 + 10
  × the change in percentage points (−5 → 0, +5 → 100). No data unless both have revenue.
- payment behaviour: the lower of 100 − 4 × the days paid late of the last 6 full months
  (25 days → 0; paying early is no better than on time) and 100 × the share of the open
  receivables that is not overdue. No data without payments paid in the window nor
  anything open.
- relationship risk: 100 − 30 per high risk − 15 per medium one − 5 per other one (one
  per rule and person: keyplan.economics.signals).
- competitor alerts: 100 − 25 per alert (one per rule and competitor). No alert is a fact
  the competition rules give, not a missing one.
- plan freshness and completeness: the current plan's completeness (0–100) less one point
  per 6 days since it was last changed beyond 90 days (at most 50). No plan: no data.
- overdue actions: 100 × the share of the current plan's open actions that is not overdue
  (100 with nothing open). No plan: no data.
- satisfaction: 10 × the mean answer (0–10) of the last 12 months. No answer: no data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from django.utils.translation import gettext_lazy as _

from keyplan.core.money import format_number

from ..signals.domain import AccountSignals

ZERO = Decimal(0)
HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")

REVENUE_TREND = "revenue_trend"
MARGIN_TREND = "margin_trend"
PAYMENT = "payment"
RELATIONSHIPS = "relationships"
COMPETITION = "competition"
PLAN = "plan"
ACTIONS = "actions"
SATISFACTION = "satisfaction"
KEYS: tuple[str, ...] = (
    REVENUE_TREND,
    MARGIN_TREND,
    PAYMENT,
    RELATIONSHIPS,
    COMPETITION,
    PLAN,
    ACTIONS,
    SATISFACTION,
)
# The EconomicsSettings field that holds each component's weight.
WEIGHT_FIELDS: Mapping[str, str] = {
    REVENUE_TREND: "weight_revenue_trend",
    MARGIN_TREND: "weight_margin_trend",
    PAYMENT: "weight_payment",
    RELATIONSHIPS: "weight_relationships",
    COMPETITION: "weight_competition",
    PLAN: "weight_plan",
    ACTIONS: "weight_actions",
    SATISFACTION: "weight_satisfaction",
}
LABELS: Mapping[str, Any] = {
    REVENUE_TREND: _("Revenue trend"),
    MARGIN_TREND: _("Margin trend"),
    PAYMENT: _("Payment behaviour"),
    RELATIONSHIPS: _("Relationship risk"),
    COMPETITION: _("Competitor alerts"),
    PLAN: _("Plan freshness and completeness"),
    ACTIONS: _("Overdue actions"),
    SATISFACTION: _("Satisfaction"),
}
# Where each fact comes from: a short label and the URL name of the page that shows it
# (each takes the account's id).
SOURCES: Mapping[str, tuple[Any, str]] = {
    REVENUE_TREND: (_("Account P&L"), "economics:account-pnl"),
    MARGIN_TREND: (_("Account P&L"), "economics:account-pnl"),
    PAYMENT: (_("Cash and receivables"), "economics:account-cash"),
    RELATIONSHIPS: (_("Relationship map"), "relationships:account"),
    COMPETITION: (_("Competitors"), "competition:account"),
    PLAN: (_("Account plans"), "plans:account"),
    ACTIONS: (_("Account plans"), "plans:account"),
    SATISFACTION: (_("Satisfaction answers"), "satisfaction:account"),
}
FRESH_DAYS = 90  # a plan changed within this many days loses nothing
DAYS_PER_POINT = 6
MOST_STALE_POINTS = 50


def clamp_points(value: Decimal | int) -> int:
    """`value` rounded half up to a whole number within 0–100."""
    if isinstance(value, int):
        return max(0, min(100, value))
    whole = int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return max(0, min(100, whole))


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


@dataclass(frozen=True)
class Component:
    """One component of the score: `points` None means no data."""

    key: str
    points: int | None
    weight: int
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        return self.points is not None

    @property
    def counts(self) -> bool:
        """Whether it takes part in the score: it has data and a weight above 0."""
        return self.points is not None and self.weight > 0

    @property
    def label(self) -> str:
        return str(LABELS.get(self.key, self.key))

    @property
    def source_label(self) -> str:
        return str(SOURCES[self.key][0]) if self.key in SOURCES else ""

    @property
    def source_url_name(self) -> str:
        return SOURCES[self.key][1] if self.key in SOURCES else ""

    @property
    def value_text(self) -> str:
        return value_text(self)

    def as_json(self) -> dict[str, Any]:
        """As kept in a HealthSnapshot."""
        return {
            "key": self.key,
            "points": self.points,
            "weight": self.weight,
            "facts": self.facts,
            "source": self.source_url_name,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Component:
        return cls(
            key=str(data.get("key", "")),
            points=data.get("points"),
            weight=int(data.get("weight") or 0),
            facts=dict(data.get("facts") or {}),
        )


def score(components: Iterable[Component]) -> int | None:
    """The weighted mean of the points of the components that count, rounded half up;
    None when none counts."""
    counted = [c for c in components if c.counts]
    weights = sum(c.weight for c in counted)
    if not weights:
        return None
    total = sum((Decimal(c.weight) * Decimal(c.points or 0) for c in counted), ZERO)
    return clamp_points(total / weights)


@dataclass(frozen=True)
class Health:
    components: tuple[Component, ...]

    @cached_property
    def score(self) -> int | None:
        # Cached: a table sorts 100,000 rows by it (frozen: it cannot change).
        return score(self.components)

    @property
    def counted_weight(self) -> int:
        return sum(c.weight for c in self.components if c.counts)

    def share(self, component: Component) -> Decimal | None:
        """The component's share of the score (its renormalised weight, 0–1)."""
        total = self.counted_weight
        if not component.counts or not total:
            return None
        return Decimal(component.weight) / total

    def contribution(self, component: Component) -> Decimal | None:
        """The points the component adds to the score (points × share), one place."""
        part = self.share(component)
        if part is None:
            return None
        return (Decimal(component.points or 0) * part).quantize(ONE_PLACE, ROUND_HALF_UP)

    @property
    def weakest(self) -> Component | None:
        """The counted component with the fewest points (the first of equals)."""
        counted = [c for c in self.components if c.counts]
        return min(counted, key=lambda c: c.points or 0) if counted else None

    def as_json(self) -> list[dict[str, Any]]:
        return [c.as_json() for c in self.components]

    @classmethod
    def from_json(cls, data: Iterable[Mapping[str, Any]]) -> Health:
        return cls(tuple(Component.from_json(item) for item in data))


# --- the rules -----------------------------------------------------------------------------


def revenue_trend(s: AccountSignals) -> tuple[int | None, dict]:
    recent, before = s.revenue.recent, s.revenue.before
    facts = {"recent": _text(recent), "before": _text(before), "growth": None}
    if recent is None or before is None or (recent <= 0 and before <= 0):
        return None, facts
    if before <= 0:
        return 100, facts
    growth = (recent / before - 1) * HUNDRED
    facts["growth"] = _text(growth.quantize(ONE_PLACE, ROUND_HALF_UP))
    return clamp_points(50 + growth * Decimal("2.5")), facts


def margin_trend(s: AccountSignals) -> tuple[int | None, dict]:
    recent, before = s.gross_margin.recent, s.gross_margin.before
    facts = {
        "recent": _text(None if recent is None else recent.quantize(ONE_PLACE, ROUND_HALF_UP)),
        "before": _text(None if before is None else before.quantize(ONE_PLACE, ROUND_HALF_UP)),
        "change": None,
    }
    if recent is None or before is None:
        return None, facts
    change = recent - before
    facts["change"] = _text(change.quantize(ONE_PLACE, ROUND_HALF_UP))
    return clamp_points(50 + change * 10), facts


def payment(s: AccountSignals) -> tuple[int | None, dict]:
    days = s.days_late.recent
    share = s.overdue_amount / s.open_amount * HUNDRED if s.open_amount > 0 else None
    facts = {
        "days_late": _text(days),
        "overdue_share": _text(None if share is None else share.quantize(ONE_PLACE)),
    }
    found = []
    if days is not None:
        found.append(clamp_points(100 - 4 * max(days, ZERO)))
    if share is not None:
        found.append(clamp_points(HUNDRED - share))
    return (min(found) if found else None), facts


def relationships(s: AccountSignals) -> tuple[int | None, dict]:
    high = sum(1 for r in s.relationship_risks if r.severity == "high")
    medium = sum(1 for r in s.relationship_risks if r.severity == "medium")
    other = len(s.relationship_risks) - high - medium
    facts = {"high": high, "medium": medium, "other": other}
    return clamp_points(100 - 30 * high - 15 * medium - 5 * other), facts


def competition(s: AccountSignals) -> tuple[int | None, dict]:
    names = sorted({a.competitor for a in s.competitor_alerts})
    facts = {"alerts": len(s.competitor_alerts), "competitors": names}
    return clamp_points(100 - 25 * len(s.competitor_alerts)), facts


def plan(s: AccountSignals) -> tuple[int | None, dict]:
    if s.plan_completeness is None or s.plan_updated_on is None:
        return None, {"completeness": None, "age_days": None}
    age = max((s.as_of - s.plan_updated_on).days, 0)
    stale = min(MOST_STALE_POINTS, max(age - FRESH_DAYS, 0) // DAYS_PER_POINT)
    facts = {"completeness": s.plan_completeness, "age_days": age}
    return clamp_points(s.plan_completeness - stale), facts


def actions(s: AccountSignals) -> tuple[int | None, dict]:
    facts = {"open": s.open_actions, "overdue": s.overdue_actions}
    if s.plan_completeness is None:
        return None, facts
    if not s.open_actions:
        return 100, facts
    return clamp_points(Decimal(s.open_actions - s.overdue_actions) / s.open_actions * 100), facts


def satisfaction(s: AccountSignals) -> tuple[int | None, dict]:
    facts = {"mean": _text(s.satisfaction), "answers": s.satisfaction_answers}
    if s.satisfaction is None:
        return None, facts
    return clamp_points(s.satisfaction * 10), facts


RULES: Mapping[str, Callable[[AccountSignals], tuple[int | None, dict]]] = {
    REVENUE_TREND: revenue_trend,
    MARGIN_TREND: margin_trend,
    PAYMENT: payment,
    RELATIONSHIPS: relationships,
    COMPETITION: competition,
    PLAN: plan,
    ACTIONS: actions,
    SATISFACTION: satisfaction,
}


def health(signals: AccountSignals, weights: Mapping[str, int]) -> Health:
    """The account's health from its signals and the weights by component key."""
    found = []
    for key in KEYS:
        points, facts = RULES[key](signals)
        found.append(Component(key, points, int(weights.get(key, 0)), facts))
    return Health(tuple(found))


# --- the values as shown -------------------------------------------------------------------


def _number(value: str | int | None, places: int = 1) -> str:
    return "—" if value is None else format_number(Decimal(value), places=places)


def _signed(value: str | None) -> str:
    if value is None:
        return "—"
    text = _number(value)
    return text if Decimal(value) < 0 else f"+{text}"


def _value_revenue(f: dict) -> str:
    if f.get("growth") is None:
        return str(_("%(recent)s in the last 3 months, none a year before")) % {
            "recent": _number(f.get("recent"), 2)
        }
    return str(_("%(growth)s%% (%(recent)s against %(before)s a year before)")) % {
        "growth": _signed(f["growth"]),
        "recent": _number(f.get("recent"), 2),
        "before": _number(f.get("before"), 2),
    }


def _value_margin(f: dict) -> str:
    return str(_("%(recent)s%% against %(before)s%% (%(change)s points)")) % {
        "recent": _number(f.get("recent")),
        "before": _number(f.get("before")),
        "change": _signed(f.get("change")),
    }


def _value_payment(f: dict) -> str:
    parts = []
    if f.get("days_late") is not None:
        parts.append(str(_("paid %(days)s days late")) % {"days": _number(f["days_late"])})
    if f.get("overdue_share") is not None:
        parts.append(
            str(_("%(share)s%% of the open amount overdue"))
            % {"share": _number(f["overdue_share"])}
        )
    return "; ".join(parts)


def _value_relationships(f: dict) -> str:
    high, medium = int(f.get("high") or 0), int(f.get("medium") or 0)
    other = int(f.get("other") or 0)
    if not high and not medium and not other:
        return str(_("no risk"))
    return str(_("%(high)s high, %(medium)s medium risks")) % {
        "high": high,
        "medium": medium + other,
    }


def _value_competition(f: dict) -> str:
    count = int(f.get("alerts") or 0)
    text = str(_("alerts: %(count)s")) % {"count": count}
    names = f.get("competitors") or []
    return f"{text} ({', '.join(names)})" if names else text


def _value_plan(f: dict) -> str:
    return str(_("%(completeness)s%% complete, changed %(days)s days ago")) % {
        "completeness": f.get("completeness"),
        "days": f.get("age_days"),
    }


def _value_actions(f: dict) -> str:
    return str(_("%(overdue)s of %(open)s open actions overdue")) % {
        "overdue": f.get("overdue", 0),
        "open": f.get("open", 0),
    }


def _value_satisfaction(f: dict) -> str:
    return str(_("%(mean)s of 10 (answers: %(count)s)")) % {
        "mean": _number(f.get("mean")),
        "count": int(f.get("answers") or 0),
    }


VALUE_TEXTS: Mapping[str, Callable[[dict], str]] = {
    REVENUE_TREND: _value_revenue,
    MARGIN_TREND: _value_margin,
    PAYMENT: _value_payment,
    RELATIONSHIPS: _value_relationships,
    COMPETITION: _value_competition,
    PLAN: _value_plan,
    ACTIONS: _value_actions,
    SATISFACTION: _value_satisfaction,
}
NO_DATA_TEXTS: Mapping[str, Any] = {
    REVENUE_TREND: _("No revenue in the last 3 months nor a year before."),
    MARGIN_TREND: _("No revenue in one of the two half-years."),
    PAYMENT: _("No payment paid in the last 6 months and nothing open."),
    PLAN: _("No current plan."),
    ACTIONS: _("No current plan."),
    SATISFACTION: _("No satisfaction answer in the last 12 months."),
}


def value_text(component: Component) -> str:
    """The fact behind the component, in the active language."""
    if not component.has_data:
        return str(NO_DATA_TEXTS.get(component.key, _("No data")))
    render = VALUE_TEXTS.get(component.key)
    return render(component.facts) if render else ""
