"""The demo's health history (issue #16): the accounts' health score recorded for each of
the last 12 full months, so the health page shows a change since the previous month and
each account's explanation a monthly chart. Each month is computed as of its last day
from the demo's data (keyplan.economics.health.services.record_month); recording again
replaces the months.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from keyplan.economics.health.services import record_month
from keyplan.economics.signals.selectors import last_full_month
from keyplan.sales.figures.domain import add_months

MONTHS = 12


def record_health_history(*, today: date | None = None, months: int = MONTHS) -> int:
    """Record the last `months` full months before `today` (oldest first); returns the
    number of snapshots written."""
    last = last_full_month(today or timezone.localdate())
    return sum(record_month(add_months(last, -back)) for back in range(months - 1, -1, -1))
