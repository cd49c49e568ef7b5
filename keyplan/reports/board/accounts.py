"""One slide per strategic account (SPEC §6.5): goals and their progress, the P&L summary,
the top warnings and risks, and the asks (the open resource requests). Read through
`execution.review.selectors.reviews_for`, batched whatever the number of accounts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from keyplan.core.money import format_money, format_number
from keyplan.economics.pnl.domain import PnL
from keyplan.execution.models import ResourceType
from keyplan.execution.review.selectors import reviews_for

from . import domain


def request_amount(request) -> str:
    """How much a request asks for: a budget in its currency, else the number and unit."""
    if request.resource_type == ResourceType.BUDGET:
        return format_money(request.amount, request.currency)
    return f"{format_number(request.amount)} {request.get_resource_type_display()}"


def request_text(request) -> str:
    """An open resource request in one line: what for, the unit, how much, when."""
    return " · ".join(
        [
            request.title,
            str(request.business_unit),
            request_amount(request),
            f"{request.period_start:%Y-%m-%d} – {request.period_end:%Y-%m-%d}",
        ]
    )


def goal_line(goal, progress) -> domain.GoalLine:
    note = progress.reason or ""
    if progress.percent is not None and progress.behind_pace:
        note = str(_("behind pace"))
    return domain.GoalLine(goal.title, progress.percent, note)


def account_slides(
    accounts: list, facts: dict, warnings: list[domain.WarningRow]
) -> list[domain.AccountSlide]:
    """The slide of each account (in the given order); `facts` holds the P&L, health and
    plan completeness by account id, `warnings` the portfolio's ranked warnings."""
    by_account: dict[int, list[domain.WarningRow]] = {}
    for row in warnings:
        by_account.setdefault(row.account_id, []).append(row)
    slides = []
    for review in reviews_for(accounts):
        account = review.account
        pnl = facts["pnls"].get(account.pk) or PnL()
        slides.append(
            domain.AccountSlide(
                account_id=account.pk,
                name=account.name,
                class_label=review.class_label,
                owner=str(account.owner) if account.owner else "",
                revenue=pnl.revenue,
                gross_profit=pnl.gross_profit,
                cost_to_serve=pnl.cost_to_serve,
                contribution=pnl.contribution,
                contribution_margin=pnl.contribution_margin,
                health=facts["health"].get(account.pk),
                completeness=facts["completeness"].get(account.pk),
                goals=[goal_line(g, p) for g, p in review.goals[: domain.SHOWN]],
                warnings=by_account.get(account.pk, [])[: domain.SHOWN],
                risks=[f"{r.label}: {r.message}" for r in review.risks[: domain.SHOWN]],
                asks=[request_text(r) for r in review.requests[: domain.SHOWN]],
            )
        )
    return slides
