"""The board pack's content read for one user (SPEC §6.5), over the accounts that user
may see: every figure comes from the owning app's public selectors (portfolio Pareto and
snapshots, economics P&L, health and warnings, execution resources, alignment and the
review pack), so the pack and the pages never disagree.

`board_content(user=..., progress=...)` calls `progress(percent)` between its steps; a
fixed number of queries per section whatever the number of accounts (the per-account
slides read through `review.selectors.reviews_for`, itself batched).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import AccountClass, AccountStatus
from keyplan.economics.health.selectors import HealthFilters, health_table
from keyplan.economics.pnl.selectors import PnLFilters, PnLTable, pnl_table
from keyplan.economics.warnings.selectors import WarningFilters, portfolio_warnings
from keyplan.economics.warnings.texts import message
from keyplan.execution.checkpoints.selectors import portfolio_alignment
from keyplan.execution.review.selectors import strategic_accounts
from keyplan.plans.completeness.selectors import completeness_for_accounts
from keyplan.portfolio.classification.selectors import snapshot_rows, snapshots_with_counts
from keyplan.portfolio.models import Metric, PortfolioSettings
from keyplan.portfolio.pareto.selectors import pareto
from keyplan.sales.figures.domain import Period
from keyplan.sales.figures.selectors import default_period

from ..models import ReportSettings
from . import domain
from .accounts import account_slides
from .decisions import resource_decisions

Progress = Callable[[int], None]


def board_period(today: date | None = None) -> Period:
    """The 12 months up to the latest sales month; without sales, up to this month."""
    return default_period() or Period.last_months(today or timezone.localdate())


def _class_label(key: str) -> str:
    return str(AccountClass(key).label) if key in AccountClass.values else key


def _pareto(content: domain.BoardContent, user, period: Period) -> None:
    result = pareto(user=user, metric=Metric.REVENUE, period=period)
    content.pareto = [
        domain.ParetoBar(row.name, row.value, row.cumulative_share)
        for row in result.rows[: domain.PARETO_BARS]
    ]
    content.pareto_head = result.accounts_for_threshold
    content.pareto_analysed = result.analysed
    content.pareto_threshold = result.threshold


def _classes(content: domain.BoardContent, user) -> None:
    """The classes of the open accounts the user sees, and who moved at the latest applied
    classification (its snapshot's rows whose class changed)."""
    counts = dict(
        visible_accounts(user)
        .exclude(status=AccountStatus.CLOSED)
        .order_by()
        .values_list("account_class")
        .annotate(n=Count("pk"))
    )
    latest = snapshots_with_counts(user).first()
    moved = (
        list(snapshot_rows(latest, user, changed_only=True, account_class="")[:200])
        if latest is not None
        else []
    )
    content.moves = [
        domain.Move(
            (row.account.name if row.account else row.account_name),
            _class_label(row.class_before),
            _class_label(row.class_after),
        )
        for row in moved
    ]
    content.classes = [
        domain.ClassCount(
            key,
            str(label),
            counts.get(key, 0),
            moved_in=sum(1 for row in moved if row.class_after == key),
            moved_out=sum(1 for row in moved if row.class_before == key),
        )
        for key, label in AccountClass.choices
    ]


def _whale(content: domain.BoardContent, table: PnLTable) -> None:
    curve = table.whale()
    content.whale = domain.Whale(
        points=domain.whale_points([p.cumulative for p in curve.points]),
        total=curve.total,
        peak=curve.peak,
        peak_accounts=curve.peak_accounts,
        destroyers=curve.destroyers,
        accounts=len(curve.points),
    )


def _warnings(content: domain.BoardContent, user) -> list[domain.WarningRow]:
    found = portfolio_warnings(user=user, filters=WarningFilters())
    rows = [
        domain.WarningRow(
            row.account_id,
            row.account_name,
            str(row.warning.severity_label),
            str(row.warning.kind_label),
            message(row.warning),
            row.warning.money_at_stake,
        )
        for row in found.rows
    ]
    content.warnings = rows[: domain.TABLE_ROWS]
    content.warning_count = len(rows)
    return rows


def _strategic(content: domain.BoardContent, user, table: PnLTable, strategic: list) -> dict:
    """The strategic accounts' table; returns (health, completeness) by account id for the
    account slides."""
    pnls = {row.account_id: row.pnl for row in table.rows}
    health = {
        row.account_id: row.score
        for row in health_table(
            user=user, filters=HealthFilters(account_class=AccountClass.STRATEGIC)
        ).rows
    }
    completeness = {pk: c.score for pk, (_plan, c) in completeness_for_accounts(strategic).items()}
    content.strategic = [
        domain.StrategicRow(
            account.pk,
            account.name,
            pnls[account.pk].revenue if account.pk in pnls else domain.ZERO,
            pnls[account.pk].contribution if account.pk in pnls else domain.ZERO,
            health.get(account.pk),
            completeness.get(account.pk),
        )
        for account in strategic
    ]
    return {"pnls": pnls, "health": health, "completeness": completeness}


def _alignment(content: domain.BoardContent, user) -> None:
    def average(value: float | None) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    rows = portfolio_alignment(user)
    content.alignment = [
        domain.AlignmentRow(
            row.account.name,
            average(row.saa.average),
            row.saa.trend or "",
            average(row.seven_s.average),
            row.seven_s.trend or "",
        )
        for row in rows
    ]
    content.alignment_history = domain.alignment_history(
        [(start, average(value)) for row in rows for start, value in row.saa.rounds],
        [(start, average(value)) for row in rows for start, value in row.seven_s.rounds],
    )


def _new_content(period: Period) -> domain.BoardContent:
    branding = ReportSettings.current()
    return domain.BoardContent(
        title=str(_("Key account portfolio: board pack")),
        company=branding.company_name,
        generated_at=timezone.now(),
        period_start=period.date_from,
        period_end=period.date_to,
        currency=PortfolioSettings.load().base_currency,
    )


def board_content(*, user, progress: Progress | None = None) -> domain.BoardContent:
    """Everything the board pack shows, over the accounts `user` may see (the caller has
    checked that `user` may ask for a board pack)."""
    step = progress or (lambda _percent: None)
    period = board_period()
    content = _new_content(period)
    _pareto(content, user, period)
    step(15)
    _classes(content, user)
    step(25)
    table = pnl_table(user=user, period=period, filters=PnLFilters())
    _whale(content, table)
    step(40)
    strategic = list(strategic_accounts(visible_accounts(user)))
    facts = _strategic(content, user, table, strategic)
    step(50)
    warnings = _warnings(content, user)
    content.decisions, content.pending = resource_decisions(user)
    _alignment(content, user)
    step(60)
    content.accounts = account_slides(strategic, facts, warnings)
    step(75)
    return content
