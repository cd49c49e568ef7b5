"""Early warnings a key account manager can act on (issue #16), from the facts of one
account (`keyplan.economics.signals.domain.AccountSignals`). Pure: no ORM.

Each warning has a kind, a stable `key` (the kind, and the subject's id where there is
one: one warning per person and per competitor, never two), a subject, a message in the
active language with the figures, `evidence` (the figures that triggered it, rounded, in
a form that does not depend on the language: a resolved warning comes back when its
evidence changes) and `money_at_stake` in the base currency (exact, four places).

Kinds, what triggers them and the money at stake (the thresholds are the constants
below):

- `declining_orders`: revenue of the last 3 full months at least `DECLINE_SHARE` below
  the same 3 months a year before (high from `DECLINE_HIGH`). At stake: the revenue
  lost, annualised: (before − recent) × 4.
- `margin_erosion`: gross margin of the last 6 full months at least `MARGIN_POINTS`
  points below the 6 before (high from `MARGIN_POINTS_HIGH`). At stake: the points lost
  × the revenue of the last 12 months.
- `payments_slipping`: overdue receivables at least `OVERDUE_SHARE` of the open ones
  (high from `OVERDUE_SHARE_HIGH`), or the days paid late up by at least
  `LATE_DAYS_RISE` days (high when they reach `LATE_DAYS_HIGH`). At stake: the overdue
  amount.
- `competitor`: a competition alert (support rising, ahead on the customer's top
  criterion), one warning per competitor. At stake: `COMPETITOR_SHARE` of the revenue
  of the last 12 months.
- `relationship`: a relationship risk (keyplan.stakeholders): no link at all, a single
  thread (one person holds the relationship: if they leave, it goes), a key person
  without a strong link or not reached lately; one warning per person. At stake: a
  share of the gross profit of the last 12 months (`RELATIONSHIP_SHARES` by risk).
- `stale_plan`: the current plan not changed for more than `STALE_PLAN_DAYS` days (high
  from `STALE_PLAN_HIGH_DAYS`) or less than `PLAN_COMPLETENESS_MIN` percent complete.
  At stake: `STALE_PLAN_SHARE` of the gross profit of the last 12 months.

A fact without data (None) never triggers a warning; no plan at all is not a stale plan.
Shares of revenue or gross profit never go below zero. Warnings rank by money at stake
(highest first), then severity, kind, account and key (`rank`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keyplan.core.money import format_money, format_number
from keyplan.economics.signals.domain import AccountSignals, CompetitorAlert, PersonRisk

ZERO = Decimal(0)
HUNDRED = Decimal(100)
PLACES = Decimal("0.0001")

DECLINING_ORDERS = "declining_orders"
MARGIN_EROSION = "margin_erosion"
PAYMENTS_SLIPPING = "payments_slipping"
COMPETITOR = "competitor"
RELATIONSHIP = "relationship"
STALE_PLAN = "stale_plan"
KINDS: tuple[str, ...] = (
    DECLINING_ORDERS,
    MARGIN_EROSION,
    PAYMENTS_SLIPPING,
    COMPETITOR,
    RELATIONSHIP,
    STALE_PLAN,
)
KIND_LABELS = {
    DECLINING_ORDERS: gettext_lazy("Declining orders"),
    MARGIN_EROSION: gettext_lazy("Margin erosion"),
    PAYMENTS_SLIPPING: gettext_lazy("Payments slipping"),
    COMPETITOR: gettext_lazy("Competitor gaining"),
    RELATIONSHIP: gettext_lazy("Key people"),
    STALE_PLAN: gettext_lazy("Stale plan"),
}

HIGH = "high"
MEDIUM = "medium"
SEVERITIES: tuple[str, ...] = (HIGH, MEDIUM)

# Declining orders: the last 3 full months against the same 3 months a year before.
DECLINE_SHARE = Decimal("0.10")
DECLINE_HIGH = Decimal("0.25")
MONTHS_TO_YEAR = 4  # 3 months × 4 = a year
# Margin erosion: gross margin points (6 months against the 6 before).
MARGIN_POINTS = Decimal(2)
MARGIN_POINTS_HIGH = Decimal(5)
# Payments slipping: overdue share of the open receivables, days paid late.
OVERDUE_SHARE = Decimal("0.25")
OVERDUE_SHARE_HIGH = Decimal("0.50")
LATE_DAYS_RISE = Decimal(5)
LATE_DAYS_HIGH = Decimal(30)
# Competitors: share of the revenue of the last 12 months a competitor puts at stake.
COMPETITOR_SHARE = Decimal("0.10")
# Relationships: share of the gross profit of the last 12 months, by risk code.
RELATIONSHIP_SHARES: Mapping[str, Decimal] = {
    "no_links": Decimal("0.10"),
    "key_unlinked": Decimal("0.10"),
    "single_thread": Decimal("0.05"),
    "key_stale": Decimal("0.05"),
}
RELATIONSHIP_SHARE_OTHER = Decimal("0.05")
# Plans: days since the last change, completeness in percent.
STALE_PLAN_DAYS = 180
STALE_PLAN_HIGH_DAYS = 365
PLAN_COMPLETENESS_MIN = 50
STALE_PLAN_SHARE = Decimal("0.05")

KEY_MAX = 120
EVIDENCE_MAX = 255


def _money(value: Decimal) -> Decimal:
    return max(value, ZERO).quantize(PLACES, ROUND_HALF_UP)


def _whole(value: Decimal) -> str:
    """A figure of the evidence: whole units, half up, no separators ("-33", "12500")."""
    return str(value.quantize(Decimal(1), ROUND_HALF_UP))


def _tenth(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"), ROUND_HALF_UP))


@dataclass(frozen=True)
class EarlyWarning:
    """One warning of one account. `figures` feed the message (formatted when it is
    read, in the active language); `notes` are messages of the source already in words
    (relationship risks, competition alerts)."""

    account_id: int
    kind: str
    key: str
    severity: str
    money_at_stake: Decimal
    evidence: str
    currency: str
    subject: str = ""
    subject_id: int | None = None
    figures: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    notes: tuple[str, ...] = ()

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def severity_label(self) -> str:
        return _("High") if self.severity == HIGH else _("Medium")

    @property
    def message(self) -> str:
        from .texts import message

        return message(self)

    @property
    def rank_key(self) -> tuple:
        return (
            -self.money_at_stake,
            SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 9,
            KINDS.index(self.kind) if self.kind in KINDS else 99,
            self.account_id,
            self.key,
        )


def rank(warnings: Iterable[EarlyWarning]) -> list[EarlyWarning]:
    """Highest money at stake first, then high before medium, then kind, account, key."""
    return sorted(warnings, key=lambda warning: warning.rank_key)


# --- the rules, one per kind ---------------------------------------------------------------


def declining_orders(signals: AccountSignals, currency: str) -> EarlyWarning | None:
    ratio = signals.revenue.ratio
    recent, before = signals.revenue.recent, signals.revenue.before
    if ratio is None or recent is None or before is None or before <= 0:
        return None
    if ratio > -DECLINE_SHARE:
        return None
    return EarlyWarning(
        account_id=signals.account_id,
        kind=DECLINING_ORDERS,
        key=DECLINING_ORDERS,
        severity=HIGH if ratio <= -DECLINE_HIGH else MEDIUM,
        money_at_stake=_money((before - recent) * MONTHS_TO_YEAR),
        evidence=f"rev3m {_whole(recent)} vs {_whole(before)} ({_whole(ratio * HUNDRED)}%)",
        currency=currency,
        figures={"recent": recent, "before": before, "change": ratio},
    )


def margin_erosion(signals: AccountSignals, currency: str) -> EarlyWarning | None:
    recent, before = signals.gross_margin.recent, signals.gross_margin.before
    if recent is None or before is None:
        return None
    lost = before - recent
    if lost < MARGIN_POINTS:
        return None
    return EarlyWarning(
        account_id=signals.account_id,
        kind=MARGIN_EROSION,
        key=MARGIN_EROSION,
        severity=HIGH if lost >= MARGIN_POINTS_HIGH else MEDIUM,
        money_at_stake=_money(lost / HUNDRED * signals.revenue_12m),
        evidence=f"gm6m {_tenth(recent)}% vs {_tenth(before)}% (-{_tenth(lost)} pt)",
        currency=currency,
        figures={"recent": recent, "before": before, "points": lost},
    )


def payments_slipping(signals: AccountSignals, currency: str) -> EarlyWarning | None:
    overdue, open_amount = signals.overdue_amount, signals.open_amount
    share = overdue / open_amount if overdue > 0 and open_amount > 0 else None
    late = signals.days_late
    rise = late.change
    by_share = share is not None and share >= OVERDUE_SHARE
    by_days = rise is not None and rise >= LATE_DAYS_RISE and (late.recent or 0) > 0
    if not by_share and not by_days:
        return None
    high = (by_share and share is not None and share >= OVERDUE_SHARE_HIGH) or (
        by_days and late.recent is not None and late.recent >= LATE_DAYS_HIGH
    )
    parts = []
    if by_share and share is not None:
        parts.append(f"overdue {_whole(overdue)} of {_whole(open_amount)} ({_whole(share * 100)}%)")
    if by_days and late.recent is not None and late.before is not None:
        parts.append(f"late {_whole(late.recent)}d vs {_whole(late.before)}d")
    return EarlyWarning(
        account_id=signals.account_id,
        kind=PAYMENTS_SLIPPING,
        key=PAYMENTS_SLIPPING,
        severity=HIGH if high else MEDIUM,
        money_at_stake=_money(overdue),
        evidence="; ".join(parts),
        currency=currency,
        figures={
            "overdue": overdue if by_share else None,
            "open": open_amount,
            "share": share,
            "recent_days": late.recent if by_days else None,
            "before_days": late.before,
        },
    )


def competitors(signals: AccountSignals, currency: str) -> list[EarlyWarning]:
    """One warning per competitor, whatever the number of its alerts."""
    by_competitor: dict[int, list[CompetitorAlert]] = {}
    for alert in signals.competitor_alerts:
        by_competitor.setdefault(alert.competitor_id, []).append(alert)
    found = []
    for competitor_id, alerts in by_competitor.items():
        codes = sorted({alert.code for alert in alerts})
        found.append(
            EarlyWarning(
                account_id=signals.account_id,
                kind=COMPETITOR,
                key=f"{COMPETITOR}:{competitor_id}",
                severity=HIGH if "support_rising" in codes else MEDIUM,
                money_at_stake=_money(COMPETITOR_SHARE * signals.revenue_12m),
                evidence=",".join(codes),
                currency=currency,
                subject=alerts[0].competitor,
                subject_id=competitor_id,
                notes=tuple(dict.fromkeys(alert.message for alert in alerts)),
            )
        )
    return found


def _person_key(risk: PersonRisk) -> str:
    if risk.person_id is None:
        return f"{RELATIONSHIP}:{risk.code}"[:KEY_MAX]
    return f"{RELATIONSHIP}:person:{risk.person_id}"


def relationships(signals: AccountSignals, currency: str) -> list[EarlyWarning]:
    """One warning per person (and one per risk that names nobody, such as no links):
    several risks naming the same person are one warning with each message."""
    grouped: dict[str, list[PersonRisk]] = {}
    for risk in signals.relationship_risks:
        grouped.setdefault(_person_key(risk), []).append(risk)
    found = []
    for key, risks in grouped.items():
        codes = sorted({risk.code for risk in risks})
        share = max(RELATIONSHIP_SHARES.get(code, RELATIONSHIP_SHARE_OTHER) for code in codes)
        days = [risk.days for risk in risks if risk.days is not None]
        evidence = ",".join(codes) + (f" {max(days)}d" if days else "")
        found.append(
            EarlyWarning(
                account_id=signals.account_id,
                kind=RELATIONSHIP,
                key=key,
                severity=HIGH if any(risk.severity == HIGH for risk in risks) else MEDIUM,
                money_at_stake=_money(share * signals.gross_profit_12m),
                evidence=evidence[:EVIDENCE_MAX],
                currency=currency,
                subject=risks[0].person,
                subject_id=risks[0].person_id,
                notes=tuple(dict.fromkeys(risk.message for risk in risks)),
            )
        )
    return found


def stale_plan(signals: AccountSignals, currency: str, today: date) -> EarlyWarning | None:
    if signals.plan_updated_on is None:
        return None
    days = (today - signals.plan_updated_on).days
    completeness = signals.plan_completeness
    old = days > STALE_PLAN_DAYS
    thin = completeness is not None and completeness < PLAN_COMPLETENESS_MIN
    if not old and not thin:
        return None
    parts = []
    if old:
        parts.append(f"changed {days}d ago")
    if thin:
        parts.append(f"complete {completeness}%")
    return EarlyWarning(
        account_id=signals.account_id,
        kind=STALE_PLAN,
        key=STALE_PLAN,
        severity=HIGH if days > STALE_PLAN_HIGH_DAYS else MEDIUM,
        money_at_stake=_money(STALE_PLAN_SHARE * signals.gross_profit_12m),
        evidence="; ".join(parts),
        currency=currency,
        figures={
            "days": days if old else None,
            "changed_on": signals.plan_updated_on,
            "completeness": completeness if thin else None,
        },
    )


def assess(
    signals: AccountSignals, *, currency: str, today: date | None = None
) -> list[EarlyWarning]:
    """Every warning of one account, ranked; keys are unique. `today` is the day the
    plan's age is measured at (default: the facts' as_of)."""
    day = today or signals.as_of
    found: list[EarlyWarning | None] = [
        declining_orders(signals, currency),
        margin_erosion(signals, currency),
        payments_slipping(signals, currency),
        *competitors(signals, currency),
        *relationships(signals, currency),
        stale_plan(signals, currency, day),
    ]
    unique: dict[str, EarlyWarning] = {}
    for warning in found:
        if warning is not None and warning.key not in unique:
            unique[warning.key] = warning
    return rank(unique.values())


# --- decisions (snoozed, resolved) --------------------------------------------------------

SHOWN = ""
SNOOZED = "snoozed"
RESOLVED = "resolved"
BACK = "back"  # resolved, but the evidence has changed since


@dataclass(frozen=True)
class Decision:
    """What a user decided about a warning (keyplan.economics.models.WarningState)."""

    decision: str  # "snoozed" | "resolved"
    snoozed_until: date | None = None
    evidence: str = ""


def status(warning: EarlyWarning, decision: Decision | None, today: date) -> str:
    """How a warning shows today: SHOWN; SNOOZED until the day (from that day it shows
    again); RESOLVED while its evidence is the one decided on; BACK when a resolved
    warning's evidence has changed since."""
    if decision is None:
        return SHOWN
    if decision.decision == SNOOZED:
        if decision.snoozed_until is not None and decision.snoozed_until > today:
            return SNOOZED
        return SHOWN
    if decision.decision == RESOLVED:
        return RESOLVED if decision.evidence == warning.evidence[:EVIDENCE_MAX] else BACK
    return SHOWN


def is_hidden(state: str) -> bool:
    return state in (SNOOZED, RESOLVED)


def counts_by_kind(warnings: Sequence[EarlyWarning]) -> dict[str, int]:
    """How many warnings of each kind, every kind present (0 for none), in KINDS order."""
    counts = dict.fromkeys(KINDS, 0)
    for warning in warnings:
        counts[warning.kind] = counts.get(warning.kind, 0) + 1
    return counts


def format_amount(amount: Decimal, currency: str) -> str:
    return format_money(amount, currency)


def format_percent(value: Decimal, places: int = 1) -> str:
    return f"{format_number(value, places=places)}%"
