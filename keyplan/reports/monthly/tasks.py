"""The monthly drafting as a background task (django-tasks).

Enqueue it once a month from a scheduler, e.g. cron on the 1st
(`keyplan report monthly --draft-all`, or `draft_monthly_reports_task.enqueue()`): it
drafts the report on the month that has just ended for every account with a current plan
and every strategic account. Running it again creates nothing new.
"""

from __future__ import annotations

from django_tasks import task


# The default queue (see keyplan/imports/jobs/tasks.py: a queue the TASKS setting does not
# list is refused at import time).
@task()
def draft_monthly_reports_task(month: str | None = None) -> int:
    """Draft `month` (YYYY-MM; default: the last full month); returns how many were new."""
    from django.utils import timezone

    from .domain import last_full_month, parse_month
    from .services import report_draft_all

    today = timezone.localdate()
    first = parse_month(month) if month else last_full_month(today)
    return report_draft_all(month=first, today=today)
