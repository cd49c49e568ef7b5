"""The board pack's generation as a background task (django-tasks; the default queue, as
keyplan/imports/jobs/tasks.py explains)."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_board_pack_task(pack_id: int) -> str:
    """Generate the board pack `pack_id`; its status, progress and file are recorded on
    it as it goes. Returns the final status."""
    from ..models import BoardPack
    from .services import board_pack_run

    pack = BoardPack.objects.filter(pk=pack_id).first()
    if pack is None:  # deleted before the worker got to it
        return "missing"
    return board_pack_run(pack).status
