"""Loads the demo's files through the real import pipeline, so the demo also shows the
import history."""

from __future__ import annotations

from pathlib import Path

from keyplan.imports.jobs.services import import_job_create, import_job_run
from keyplan.users.models import User


def import_file(kind: str, path: Path, admin: User | None):
    """Import one demo file of `kind` (it shows in the history as the admin's); the
    import's summary. RuntimeError when the import fails or rejects a row."""
    job = import_job_create(user=None, kind=kind, source=path, copy=False)
    if admin is not None:
        job.created_by = admin
        job.save(update_fields=["created_by"])
    summary = import_job_run(job)
    if summary is None:
        job.refresh_from_db()
        raise RuntimeError(f"demo {kind} import failed: {job.message}")
    if summary.rejected:
        raise RuntimeError(f"demo {kind} import rejected {summary.rejected} rows")
    return summary
