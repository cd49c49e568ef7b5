"""`keyplan checkpoints schedule [--date D]`: open the current checkpoints and send the
reminders due (safe to run daily); `keyplan checkpoints list [--due] [--date D]`: the
current period's checkpoints, or with --due those in their reminder window or overdue
that someone still has to answer."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Alignment checkpoints: schedule (open and remind) or list [--due]."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["schedule", "list"])
        parser.add_argument("--date", dest="day", help="Act as on this day (YYYY-MM-DD).")
        parser.add_argument(
            "--due", action="store_true", help="list: only checkpoints waiting for answers."
        )

    def handle(self, *args, action, day=None, due=False, **options):
        from django.utils import timezone

        today = _date(day) if day else timezone.localdate()
        if action == "schedule":
            from keyplan.execution.checkpoints.services import checkpoints_schedule

            sent = checkpoints_schedule(today=today)
            self.stdout.write(self.style.SUCCESS(f"Checkpoints open; {sent} reminder(s) sent."))
            return
        self._list(today, due=due)

    def _list(self, today: date, *, due: bool) -> None:
        from keyplan.execution.checkpoints import domain as alignment
        from keyplan.execution.checkpoints.selectors import expected_raters
        from keyplan.execution.models import Checkpoint, CheckpointAnswer, ExecutionSettings

        settings = ExecutionSettings.load()
        found = Checkpoint.objects.select_related("account").order_by(
            "due_on", "account__name", "kind"
        )
        if due:
            found = found.filter(
                due_on__lte=today + timedelta(days=settings.reminder_days),
                due_on__gte=today - timedelta(days=92),
            )
        else:
            found = found.filter(period_start__lte=today, due_on__gte=today)
        checkpoints = list(found)
        raters = expected_raters(sorted({c.account_id for c in checkpoints}))
        answered: dict[int, set[int]] = {}
        for checkpoint_id, user_id in (
            CheckpointAnswer.objects.filter(checkpoint__in=checkpoints)
            .values_list("checkpoint_id", "user_id")
            .order_by()
            .distinct()
        ):
            answered.setdefault(checkpoint_id, set()).add(user_id)
        shown = 0
        for checkpoint in checkpoints:
            expected = raters.get(checkpoint.account_id, set())
            done = answered.get(checkpoint.pk, set())
            missing = len(expected - done)
            if due and not missing:
                continue
            state = (
                "overdue"
                if checkpoint.due_on < today
                else (
                    "due soon"
                    if alignment.in_reminder_window(
                        checkpoint.due_on, today, settings.reminder_days
                    )
                    else "open"
                )
            )
            self.stdout.write(
                f"{checkpoint.pk}\t{checkpoint.account.name}\t{checkpoint.kind}\t"
                f"{checkpoint.period_start}\tdue {checkpoint.due_on}\t{state}\t"
                f"{len(done)} answered, {missing} missing"
            )
            shown += 1
        if not shown:
            message = "No checkpoint waiting for answers." if due else "No checkpoints."
            self.stdout.write(message)
