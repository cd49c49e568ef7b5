"""The pure side of the reclassification suggestions: the rules (see `services` for the
list) applied to one account's figures, and a suggestion's reason as a sentence with the
figures of its evidence.

No ORM here: each account's row of the classification preview and the figures read by
`services` in, findings out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from django.utils.translation import gettext as _

from keyplan.accounts.models import AccountClass
from keyplan.core.money import babel_locale, format_money, format_number
from keyplan.sales.figures.domain import Period, growth

from ..models import Suggestion, SuggestionReason
from ..scoring.domain import weighted_total

if TYPE_CHECKING:
    from ..classification.selectors import ClassRow

__all__ = ["Finding", "RuleInputs", "find", "halves", "reason_text"]

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
R = SuggestionReason
STRATEGIC, REGULAR = AccountClass.STRATEGIC.value, AccountClass.REGULAR.value
NOT_BUYING = (AccountClass.PROSPECT.value, AccountClass.SUSPECT.value)
NO_FIGURES = (ZERO, ZERO)

Finding = tuple[str, str, str, dict]  # (from_class, to_class, reason, evidence)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def halves(period: Period) -> list[Period]:
    """The two halves of the period in whole months (the second the longer one when the
    count is odd); none for a single month."""
    months = period.month_starts()
    if len(months) < 2:
        return []
    middle = len(months) // 2
    return [
        Period.months(months[0], months[middle - 1]),
        Period.months(months[middle], period.date_to),
    ]


@dataclass
class RuleInputs:
    """What the rules read besides each account's row of the classification preview."""

    period: Period
    halves: list[Period]
    previous: dict[int, tuple[Decimal, Decimal]]  # the same months a year earlier
    current_h1: dict[int, tuple[Decimal, Decimal]]  # the first half
    previous_h1: dict[int, tuple[Decimal, Decimal]]  # the first half a year earlier
    scores: dict[int, dict[str, int]]  # the selection scores of the regular accounts
    weights: dict[str, Decimal]  # normalised; {}: no score, no "potential" rule
    cap: int  # the most strategic accounts
    decline_threshold: Decimal
    growth_threshold: Decimal
    candidate_score: Decimal
    strategic_share: Decimal


def _decline(row: ClassRow, evidence: dict, prev_revenue: Decimal, inputs: RuleInputs):
    """A strategic account whose revenue fell by the threshold in both halves."""
    if not inputs.halves:
        pairs = [(row.revenue, prev_revenue)]
    else:
        h1 = inputs.current_h1.get(row.account_id, NO_FIGURES)[0]
        p1 = inputs.previous_h1.get(row.account_id, NO_FIGURES)[0]
        pairs = [(h1, p1), (row.revenue - h1, prev_revenue - p1)]
    declines = [growth(cur, prev) for cur, prev in pairs]
    if not all(d is not None and -d >= inputs.decline_threshold for d in declines):
        return None
    evidence["threshold"] = _text(inputs.decline_threshold)
    evidence["halves"] = [
        {
            **(inputs.halves[n].to_json() if inputs.halves else inputs.period.to_json()),
            "revenue": _text(cur),
            "previous_revenue": _text(prev),
            "change": _text(declines[n]),
        }
        for n, (cur, prev) in enumerate(pairs)
    ]
    return (row.current, REGULAR, R.DECLINE, evidence)


def _rise(row: ClassRow, evidence: dict, prev_revenue: Decimal, inputs: RuleInputs):
    """A regular account that buys: into the top, growing fast, or with a high score."""
    evidence["rank"] = row.rank
    evidence["cap"] = inputs.cap
    if row.proposed == STRATEGIC:
        evidence["value"] = _text(row.value)
        evidence["cumulative_share"] = (
            None if row.cumulative_share is None else str(row.cumulative_share)
        )
        evidence["strategic_share"] = _text(inputs.strategic_share)
        return (row.current, STRATEGIC, R.ENTERED_TOP, evidence)
    change = growth(row.revenue, prev_revenue)
    if (
        change is not None
        and change >= inputs.growth_threshold
        and row.rank is not None
        and row.rank <= 2 * inputs.cap
    ):
        evidence["growth"] = _text(change)
        evidence["threshold"] = _text(inputs.growth_threshold)
        return (row.current, STRATEGIC, R.REVENUE_GROWTH, evidence)
    total, coverage = (
        weighted_total(inputs.scores.get(row.account_id, {}), inputs.weights)
        if inputs.weights
        else (None, ZERO)
    )
    if total is not None and total >= inputs.candidate_score:
        evidence["score"] = _text(total)
        evidence["coverage"] = str(coverage)
        evidence["candidate_score"] = _text(inputs.candidate_score)
        return (row.current, STRATEGIC, R.POTENTIAL, evidence)
    return None


def find(row: ClassRow, inputs: RuleInputs, common: dict[str, Any]) -> Finding | None:
    """The first rule that holds for one account, with its evidence; None when none does."""
    current, revenue = row.current, row.revenue
    prev_revenue = inputs.previous.get(row.account_id, NO_FIGURES)[0]
    evidence: dict[str, Any] = {
        **common,
        "revenue": _text(revenue),
        "gross_profit": _text(row.gross_profit),
        "previous_revenue": _text(prev_revenue),
    }
    if current in NOT_BUYING:
        return (current, REGULAR, R.FIRST_SALE, evidence) if revenue > 0 else None
    if current not in (STRATEGIC, REGULAR):
        return None
    if revenue <= 0:
        if row.proposed in NOT_BUYING:
            return (current, row.proposed, R.STOPPED_BUYING, evidence)
        return None
    if current == STRATEGIC:
        return _decline(row, evidence, prev_revenue, inputs)
    return _rise(row, evidence, prev_revenue, inputs)


# --- the reason as a sentence -------------------------------------------------------


def _money(evidence: dict, key: str) -> str:
    value = evidence.get(key)
    if value is None:
        return "—"
    return format_money(Decimal(value), evidence.get("currency") or "EUR")


def _number(evidence: dict, key: str, places: int = 1) -> str:
    value = evidence.get(key)
    return "—" if value is None else format_number(Decimal(value), places=places)


def _date(iso: str | None) -> str:
    if not iso:
        return "—"
    try:
        return format_date(date.fromisoformat(iso), format="medium", locale=babel_locale())
    except ValueError:
        return iso


def reason_text(suggestion: Suggestion) -> str:
    """The reason as a sentence in the active language, with the evidence's figures."""
    e = suggestion.evidence or {}
    period = e.get("period") or {}
    when = {"from": _date(period.get("from")), "to": _date(period.get("to"))}
    if suggestion.reason == R.FIRST_SALE:
        return _("First sales: %(revenue)s of revenue from %(from)s to %(to)s.") % {
            "revenue": _money(e, "revenue"),
            **when,
        }
    if suggestion.reason == R.STOPPED_BUYING:
        return _(
            "No revenue from %(from)s to %(to)s (%(previous)s in the same months a year earlier)."
        ) % {"previous": _money(e, "previous_revenue"), **when}
    if suggestion.reason == R.DECLINE:
        halves = e.get("halves") or []
        changes = ", ".join(
            format_number(-Decimal(h["change"]), places=1) + "%"
            for h in halves
            if h.get("change") is not None
        )
        return _(
            "Revenue fell year on year by %(changes)s (at least %(threshold)s%% in each half "
            "of the period): %(previous)s → %(revenue)s."
        ) % {
            "changes": changes,
            "threshold": _number(e, "threshold", 0),
            "previous": _money(e, "previous_revenue"),
            "revenue": _money(e, "revenue"),
        }
    if suggestion.reason == R.ENTERED_TOP:
        metric = _("gross profit") if e.get("metric") == "gp" else _("revenue")
        return _(
            "Ranks %(rank)s by %(metric)s (%(value)s), among the accounts that make the "
            "first %(share)s%%: strategic under the current settings."
        ) % {
            "rank": e.get("rank", "—"),
            "metric": metric,
            "value": _money(e, "value"),
            "share": _number(e, "strategic_share", 0),
        }
    if suggestion.reason == R.REVENUE_GROWTH:
        return _(
            "Revenue grew %(growth)s%% year on year (%(previous)s → %(revenue)s; the "
            "threshold is %(threshold)s%%) and the account ranks %(rank)s, within twice the "
            "strategic cap of %(cap)s."
        ) % {
            "growth": _number(e, "growth"),
            "previous": _money(e, "previous_revenue"),
            "revenue": _money(e, "revenue"),
            "threshold": _number(e, "threshold", 0),
            "rank": e.get("rank", "—"),
            "cap": e.get("cap", "—"),
        }
    if suggestion.reason == R.POTENTIAL:
        return _(
            "Weighted selection score %(score)s of 10 (a candidate from %(threshold)s), "
            "over %(coverage)s%% of the criteria's weight."
        ) % {
            "score": _number(e, "score", 2),
            "threshold": _number(e, "candidate_score", 2),
            "coverage": format_number(Decimal(e.get("coverage") or 0) * HUNDRED, places=0),
        }
    return str(suggestion.get_reason_display())
