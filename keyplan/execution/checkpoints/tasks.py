"""Background tasks of the alignment checkpoints (django-tasks)."""

from django_tasks import task


# The default queue (see keyplan/imports/jobs/tasks.py: a queue the TASKS setting does not list
# is refused at import time). Enqueue it daily from a scheduler, e.g. cron
# `keyplan checkpoints schedule`, or `checkpoints_schedule_task.enqueue()`.
@task()
def checkpoints_schedule_task(day: str | None = None) -> int:
    """Open the current checkpoints and send the reminders due; returns how many were sent."""
    from datetime import date

    from .services import checkpoints_schedule

    return checkpoints_schedule(today=date.fromisoformat(day) if day else None)
