"""The board's resource decisions (keyplan.execution resources): the latest decisions
taken and the requests still waiting, highest priority first, among the requests the
user sees. Three queries for the decided ones, the board's for the waiting ones."""

from __future__ import annotations

from keyplan.execution.models import RequestStatus
from keyplan.execution.resources.access import visible_requests
from keyplan.execution.resources.selectors import board

from . import domain
from .accounts import request_amount


def _row(request) -> domain.DecisionRow:
    decided = request.decided_at.date() if request.decided_at else None
    return domain.DecisionRow(
        account=request.account.name,
        title=request.title,
        status=str(request.get_status_display()),
        amount=request_amount(request),
        when=decided,
    )


def resource_decisions(user) -> tuple[list[domain.DecisionRow], list[domain.DecisionRow]]:
    """(the latest decisions, the pending requests by priority), at most TABLE_ROWS each."""
    decided = (
        visible_requests(user)
        .exclude(status__in=[RequestStatus.PENDING, RequestStatus.WITHDRAWN])
        .filter(decided_at__isnull=False)
        .select_related("account", "business_unit")
        .order_by("-decided_at", "-pk")[: domain.TABLE_ROWS]
    )
    pending = [row.request for row in board(user)[: domain.TABLE_ROWS]]
    return [_row(r) for r in decided], [_row(r) for r in pending]
