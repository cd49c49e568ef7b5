"""`keyplan notify [--date D]`: send the reminders that are due, safe to run every day
(cron or a scheduler): actions due within two days or overdue (to their owners) and
the alignment checkpoints (opened, and their team members reminded). Each reminder has
a key, so a re-run on the same day sends nothing twice."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = (
        "Send the due reminders: actions due within two days or overdue, and the "
        "alignment checkpoints (opened for the current period, team members reminded). "
        "Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="day", help="Act as on this day (YYYY-MM-DD).")

    def handle(self, *args, day=None, **options):
        from keyplan.execution.checkpoints.services import checkpoints_schedule
        from keyplan.execution.work.services import notify_due_actions

        today = _date(day) if day else timezone.localdate()
        actions = notify_due_actions(today=today)
        checkpoints = checkpoints_schedule(today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"{today.isoformat()}: {actions} due-date notice(s), "
                f"{checkpoints} checkpoint reminder(s)."
            )
        )
