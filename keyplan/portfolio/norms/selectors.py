"""Portfolio norms (SPEC §1.5): how much of the business the strategic accounts make
against the company's target, how many accounts are strategic against the ~10% norm,
strategic accounts per key account manager, and the SAM fitness of each strategic
account (seed 001's four conditions).

Everything is computed over the accounts the user may see (a KAM sees the figures of
their own accounts, a director the company's).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.utils.translation import gettext as _

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import AccountClass, AccountStatus
from keyplan.sales.figures.domain import Period
from keyplan.sales.figures.selectors import account_figures, default_period

from ..common.selectors import owner_name
from ..models import PortfolioSettings, SamFitness

__all__ = ["MISSING", "portfolio_norms"]

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
MISSING = "missing"  # a strategic account without a SAM fitness assessment
STRATEGIC = AccountClass.STRATEGIC.value


def _percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if whole <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        return (Decimal(part) / Decimal(whole) * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def _share_block(strategic: Decimal, total: Decimal, target: Decimal) -> dict:
    share = _percent(strategic, total)
    return {
        "total": total,
        "strategic": strategic,
        "share": share,
        "target": target,
        "meets": None if share is None else share >= target,
    }


@dataclass
class _Totals:
    """The visible accounts' revenue and gross profit, and the strategic ones' part."""

    currency: str = ""  # "" without figures: the settings' base currency is shown
    missing_rates: list[str] = field(default_factory=list)
    revenue: Decimal = ZERO
    gross_profit: Decimal = ZERO
    strategic_revenue: Decimal = ZERO
    strategic_gp: Decimal = ZERO


def _strategic_figures(
    accounts, period: Period | None, strategic_ids: set[int], any_rows: bool, base: str
) -> _Totals:
    totals = _Totals()
    if period is None or not any_rows:
        return totals
    figures = account_figures(accounts, period, base=base)
    totals.currency, totals.missing_rates = figures.currency, figures.missing_rates
    for pk, (rev, gp) in figures.values.items():
        totals.revenue += rev
        totals.gross_profit += gp
        if pk in strategic_ids:
            totals.strategic_revenue += rev
            totals.strategic_gp += gp
    return totals


def _per_kam(strategic_rows: list[tuple], maximum: int) -> list[dict]:
    """Strategic accounts per owner, most first (owner_id None: without an owner)."""
    per_owner: Counter = Counter()
    names: dict[int | None, str] = {None: _("No owner")}
    for _pk, _name, _cls, owner_id, first, last, username in strategic_rows:
        per_owner[owner_id] += 1
        if owner_id is not None:
            names[owner_id] = owner_name(first, last, username)
    return [
        {
            "owner_id": owner_id,
            "owner": names[owner_id],
            "strategic": count,
            "over": count > maximum,
        }
        for owner_id, count in sorted(
            per_owner.items(), key=lambda item: (-item[1], names[item[0]].casefold())
        )
    ]


def _fitness(strategic_rows: list[tuple]) -> tuple[list[dict], dict[str, int]]:
    """Each strategic account's SAM fitness (by name), and the count of each verdict."""
    assessments = {
        fitness.account_id: fitness
        for fitness in SamFitness.objects.filter(account_id__in={row[0] for row in strategic_rows})
    }
    fitness_rows = []
    fitness_counts = {"yes": 0, "no": 0, "unknown": 0, MISSING: 0}
    for pk, name, _cls, owner_id, first, last, username in strategic_rows:
        assessment = assessments.get(pk)
        verdict = assessment.verdict if assessment else MISSING
        fitness_counts[str(verdict)] += 1
        fitness_rows.append(
            {
                "account_id": pk,
                "name": name,
                "owner": owner_name(first, last, username) if owner_id else "",
                "verdict": str(verdict),
                "answers": (
                    {c: getattr(assessment, c) for c in SamFitness.CONDITIONS}
                    if assessment
                    else None
                ),
                "note": assessment.note if assessment else "",
                "updated_at": assessment.updated_at if assessment else None,
            }
        )
    return fitness_rows, fitness_counts


def portfolio_norms(*, user, period: Period | None = None) -> dict:
    """The norms over the visible accounts that are not closed, for `period` (default:
    the 12 months up to the latest sale). Shares are percentages (two places, None when
    the whole is zero); amounts in the base currency. Returns

    {"period": Period | None, "currency": str, "missing_rates": [str],
     "revenue": {"total", "strategic", "share", "target", "meets": bool | None},
     "gross_profit": {... the same, against the same target},
     "accounts": {"total": int, "strategic": int, "share", "norm", "within": bool | None},
     "max_per_kam": int,
     "per_kam": [{"owner_id": int | None, "owner": str, "strategic": int, "over": bool}]
        (most strategic accounts first; owner_id None: accounts without an owner),
     "over_max": int (KAMs above the maximum),
     "fitness": [{"account_id", "name", "owner", "verdict": yes|no|unknown|missing,
        "answers": {condition: yes|no|unknown} | None, "note", "updated_at"}] (strategic
        accounts by name),
     "fitness_counts": {"yes", "no", "unknown", "missing": int}}
    """
    settings = PortfolioSettings.load()
    period = period or default_period()
    accounts = visible_accounts(user).exclude(status=AccountStatus.CLOSED)
    rows = list(
        accounts.order_by("name", "pk").values_list(
            "pk",
            "name",
            "account_class",
            "owner_id",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
        )
    )
    strategic_rows = [row for row in rows if row[2] == STRATEGIC]
    figures = _strategic_figures(
        accounts, period, {row[0] for row in strategic_rows}, bool(rows), settings.base_currency
    )
    per_kam = _per_kam(strategic_rows, settings.max_strategic_per_kam)
    fitness_rows, fitness_counts = _fitness(strategic_rows)
    account_share = _percent(len(strategic_rows), len(rows))
    norm = settings.target_strategic_account_share
    target = settings.target_strategic_revenue_share
    return {
        "period": period,
        "currency": figures.currency or settings.base_currency,
        "missing_rates": figures.missing_rates,
        "revenue": _share_block(figures.strategic_revenue, figures.revenue, target),
        "gross_profit": _share_block(figures.strategic_gp, figures.gross_profit, target),
        "accounts": {
            "total": len(rows),
            "strategic": len(strategic_rows),
            "share": account_share,
            "norm": norm,
            "within": None if account_share is None else account_share <= norm,
        },
        "max_per_kam": settings.max_strategic_per_kam,
        "per_kam": per_kam,
        "over_max": sum(1 for row in per_kam if row["over"] and row["owner_id"] is not None),
        "fitness": fitness_rows,
        "fitness_counts": fitness_counts,
    }
