"""How a data score explains itself ("days late: -2.43 → 10 (linear 60–0)"), in the
reader's language.

A data score stores its measured value and the rationale in the language of the run
that computed it (the command line's, often English). What the pages show is written
again when read, from the value, the score and the criterion's rule, in the active
language with its number format: `shown_rationale`. A person's rationale is their own
text and is shown as written.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from keyplan.core.money import format_number
from keyplan.sales.models import DataMetric

from ..models import Criterion, ScoreMethod

M = DataMetric
MONEY_METRICS = frozenset({M.AVERAGE_INVOICE, M.REVENUE, M.GROSS_PROFIT, M.HEADROOM})
PERCENT_METRICS = frozenset({M.REVENUE_GROWTH, M.GROSS_PROFIT_GROWTH, M.SHARE_OF_WALLET})


def plain(value: Decimal) -> str:
    """A number as stored text, without trailing zeros: plain digits (fast; rationales
    are written in bulk)."""
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def shown(value: Decimal) -> str:
    """A number in the active language, two places at most."""
    places = min(2, max(0, -Decimal(plain(value)).as_tuple().exponent))  # type: ignore[operator]
    return format_number(value, places=places)


def value_text(metric: str, currency: str) -> str:
    """A %-template for one measured value of `metric` (the value goes in %(v)s)."""
    if metric == M.TENURE_YEARS:
        return _("years: %(v)s")
    if metric == M.DAYS_LATE:
        return _("days late: %(v)s")
    if metric in PERCENT_METRICS:
        return "%(v)s%%"
    if metric in MONEY_METRICS:
        return "%(v)s " + currency
    return "%(v)s"


def uses_linear(criterion: Criterion) -> bool:
    # A linear rule without both ends cannot be applied: the deciles stand in (and the
    # rationale says so).
    return (
        criterion.method == ScoreMethod.LINEAR
        and criterion.low is not None
        and criterion.high is not None
    )


def rule_text(criterion: Criterion, linear: bool, number=plain) -> str:
    if linear:
        return _("linear %(low)s–%(high)s") % {
            "low": number(Decimal(criterion.low or 0)),
            "high": number(Decimal(criterion.high or 0)),
        }
    if criterion.higher_is_better:
        return _("deciles, higher is better")
    return _("deciles, lower is better")


def rationale(template: str, rule: str, value: str, score: int) -> str:
    return f"{template % {'v': value}} → {score} ({rule})"


def shown_rationale(score, criterion: Criterion | None, currency: str) -> str:
    """What the pages show as `score`'s rationale (an AccountScore, or None: "")."""
    if score is None:
        return ""
    if not score.from_data or score.value is None or criterion is None or not criterion.metric:
        return score.rationale
    return rationale(
        value_text(criterion.metric, currency),
        rule_text(criterion, uses_linear(criterion), shown),
        shown(score.value),
        score.score,
    )
