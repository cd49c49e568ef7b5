"""The facts about an account that its health score (keyplan.economics.health) and its
early warnings (keyplan.economics.warnings) are computed from: one `AccountSignals` per
account, read set-based for any number of accounts by
`keyplan.economics.signals.selectors.account_signals(account_ids, as_of=...)`.

A fact that has no data is None (or empty), never a guessed zero: the health score marks
the component "no data" and the warnings stay silent about it. Money is in the base
currency, exact (Decimal, up to four places).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Compared:
    """A measure over a recent window against the same measure over an earlier window
    (the months are given by the selector: `recent` vs `before`)."""

    recent: Decimal | None
    before: Decimal | None

    @property
    def change(self) -> Decimal | None:
        """recent − before, when both are known."""
        if self.recent is None or self.before is None:
            return None
        return self.recent - self.before

    @property
    def ratio(self) -> Decimal | None:
        """recent ÷ before − 1 (a growth), when before is known and not zero."""
        if self.recent is None or not self.before:
            return None
        return self.recent / self.before - 1


@dataclass(frozen=True)
class PersonRisk:
    """A relationship risk at the account (keyplan.stakeholders' `Risk`), one per code and
    person: the same unreached key contact is one risk however many rules name them."""

    code: str
    severity: str  # "high" | "medium" | "low"
    person_id: int | None
    person: str
    message: str
    days: int | None = None  # since the last contact; None: never reached


@dataclass(frozen=True)
class CompetitorAlert:
    """A competition alert at the account (keyplan.competition.alerts), one per code and
    competitor."""

    code: str
    competitor_id: int
    competitor: str
    message: str


NOT_COMPARED = Compared(None, None)  # frozen: every account without the figures shares it


@dataclass
class AccountSignals:
    account_id: int
    as_of: date
    # Revenue and gross profit of the 12 full months up to as_of.
    revenue_12m: Decimal = ZERO
    gross_profit_12m: Decimal = ZERO
    # Revenue: the last 3 full months against the same 3 months a year before.
    revenue: Compared = NOT_COMPARED
    # Gross margin (%, 0–100): the last 6 full months against the 6 before them.
    gross_margin: Compared = NOT_COMPARED
    # Average days paid late (amount-weighted) of the payments of the last 6 months against
    # the 6 before; the open and overdue receivables at as_of.
    days_late: Compared = NOT_COMPARED
    open_amount: Decimal = ZERO
    overdue_amount: Decimal = ZERO
    relationship_risks: list[PersonRisk] = field(default_factory=list)
    competitor_alerts: list[CompetitorAlert] = field(default_factory=list)
    # The current plan: when it was last changed and how complete it is (0–100); None
    # when the account has no plan.
    plan_updated_on: date | None = None
    plan_completeness: int | None = None
    open_actions: int = 0
    overdue_actions: int = 0
    # Mean satisfaction (0–10) of the answers of the last 12 months and their count.
    satisfaction: Decimal | None = None
    satisfaction_answers: int = 0
