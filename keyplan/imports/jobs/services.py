"""Import jobs: create one from a file, run it (in the CLI or the task worker), start it
from the mapping page or again from a finished one."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from keyplan.core.text import control_character, visible, without_paths
from keyplan.users.access import can_import
from keyplan.users.models import User

from ..dates.domain import DATE_FORMATS
from ..kinds.domain import KINDS
from ..models import ImportJob, ImportRowError, ImportStatus, SavedMapping
from ..pipeline.services import ImportFailed, ImportOptions, ImportSummary, run_import
from ..presets.domain import PRESETS
from .domain import Liveness, is_dead, resume_command, this_host
from .tasks import run_import_job

MAX_UPLOAD_BYTES = int(os.environ.get("KEYPLAN_IMPORT_MAX_MB", "2048")) * 1024 * 1024
HEARTBEAT_SECONDS = 5.0  # at most one heartbeat write in this many seconds
OPTION_CHOICES = {
    "encoding": ("auto", "utf-8", "cp1251", "cp1250", "cp1252", "iso-8859-2", "koi8-r"),
    "delimiter": ("auto", ";", ",", "tab"),
    "decimal": ("auto", ",", "."),
}


def imports_dir() -> Path:
    path = settings.DATA_DIR / "uploads" / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _validate(kind: str, preset: str, options: dict[str, str]) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    if kind not in KINDS:
        errors["kind"] = [_("Choose one of: %(list)s.") % {"list": ", ".join(KINDS)}]
    if preset not in PRESETS:
        errors["preset"] = [_("Choose one of: %(list)s.") % {"list": ", ".join(PRESETS)}]
    elif kind in KINDS and kind not in PRESETS[preset].kinds:
        errors["preset"] = [
            _("The preset “%(preset)s” is for %(kinds)s.")
            % {"preset": preset, "kinds": ", ".join(PRESETS[preset].kinds)}
        ]
    clean = {}
    for name, allowed in OPTION_CHOICES.items():
        value = options.get(name) or "auto"
        if value == "\t":
            value = "tab"
        if value not in allowed:
            errors[name] = [_("Choose one of: %(list)s.") % {"list": ", ".join(allowed)}]
        clean[name] = "\t" if value == "tab" else value
    date_format = options.get("date_format") or "auto"
    if date_format != "auto" and (
        (date_format not in DATE_FORMATS and "%" not in date_format)
        or control_character(date_format)  # kept in the job's options (PostgreSQL: no NUL)
    ):
        errors["date_format"] = [
            _("Choose auto, one of %(list)s, or a strftime pattern such as %%d.%%m.%%Y.")
            % {"list": ", ".join(DATE_FORMATS)}
        ]
    clean["date_format"] = date_format
    if errors:
        raise ValidationError(errors)
    return clean


def import_job_create(
    *,
    user: User | None,
    kind: str,
    source: Path | None = None,
    upload: UploadedFile | None = None,
    preset: str = "generic",
    options: dict[str, str] | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    copy: bool = True,
    language: str | None = None,
) -> ImportJob:
    """Store the file (an upload, or a path from the CLI) and record the job.

    The CLI passes `copy=False` to import a large file in place. `language` (by default
    the active one: the request's, or the CLI's --language) is the one the job's run
    writes its messages in."""
    if language is None:
        language = translation.get_language() or ""
    if user is not None and not can_import(user):
        raise PermissionDenied
    clean = _validate(kind, preset, options or {})
    if upload is not None:
        stored = _store_upload(upload)
    else:
        assert source is not None
        stored = _take_file(Path(source), copy=copy)
    try:
        return ImportJob.objects.create(
            kind=kind,
            preset=preset,
            options=clean,
            mapping=mapping or {},
            dry_run=dry_run,
            file_path=str(stored.path),
            original_name=stored.name[:255],
            size=stored.size,
            sha256=stored.sha256,
            created_by=user if user is not None and user.is_authenticated else None,
            language=language[:10],
        )
    except BaseException:
        if upload is not None or copy:  # no job, so no file: never delete the CLI's own
            stored.path.unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class _Stored:
    path: Path  # where the job reads the file
    name: str  # the file's own name
    size: int
    sha256: str


def _too_large() -> ValidationError:
    return ValidationError(
        {
            "file": [
                _("The file is larger than the %(mb)s MB limit.")
                % {"mb": MAX_UPLOAD_BYTES // 1024 // 1024}
            ]
        }
    )


def _store_upload(upload: UploadedFile) -> _Stored:
    """An uploaded file, copied into the imports folder."""
    name, size = upload.name, upload.size
    assert name is not None and size is not None  # a received upload has both
    if size > MAX_UPLOAD_BYTES:
        raise _too_large()
    digest = hashlib.sha256()
    target = imports_dir() / f"{uuid.uuid4().hex}{Path(name).suffix[:10]}"
    try:
        with target.open("wb") as out:
            for chunk in upload.chunks():
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)  # a half-written upload is no use to anyone
        raise
    return _Stored(target, name, size, digest.hexdigest())


def _take_file(source: Path, *, copy: bool) -> _Stored:
    """A file named on the command line: copied into the imports folder, or (`copy=False`)
    read where it is."""
    if not source.is_file():
        raise ValidationError({"file": [_("No such file: %(path)s") % {"path": source}]})
    size = source.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise _too_large()
    if copy:
        stored = imports_dir() / f"{uuid.uuid4().hex}{source.suffix[:10]}"
        shutil.copyfile(source, stored)
    else:
        stored = source.resolve()
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return _Stored(stored, source.name, size, digest.hexdigest())


def import_job_run(
    job: ImportJob, *, on_progress: Callable[[ImportSummary], None] | None = None
) -> ImportSummary | None:
    """Run the job; its counters, status and rejected rows are recorded as it goes.

    It runs in the language of whoever started it (the task worker has no request, so no
    language of its own): the stored message and the rows' reasons are in that language."""
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _run(job, on_progress=on_progress)


def _run(
    job: ImportJob, *, on_progress: Callable[[ImportSummary], None] | None = None
) -> ImportSummary | None:
    import_jobs_check_running()  # a new import is where an earlier killed one shows up
    _start(job)
    ImportRowError.objects.filter(job=job).delete()

    def store_errors(errors: list[tuple[int, str, str, str]]) -> None:
        ImportRowError.objects.bulk_create(
            [
                ImportRowError(
                    job=job,
                    line=line,
                    column=visible(column)[:255],  # the file's own text: kept, but storable
                    value=visible(value)[:500],
                    reason=_shown(reason)[:500],
                )
                for line, column, value, reason in errors
            ],
            batch_size=2000,
        )

    def progress(summary: ImportSummary) -> None:
        if on_progress:
            on_progress(summary)

    try:
        summary = run_import(
            Path(job.file_path),
            _options(job),
            user=job.created_by,
            on_errors=store_errors,
            on_progress=progress,
            on_batch_commit=lambda summary: _record_counts(job, summary),
            on_heartbeat=_Heartbeat(job),
        )
    except ImportFailed as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(), message=_shown(str(exc))
        )
        job.refresh_from_db()
        return None
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            finished_at=timezone.now(),
            message=_(
                "Internal error: %(error)s. Batches already written are kept; "
                "re-running the import completes it."
            )
            % {"error": type(exc).__name__},
        )
        raise
    except (KeyboardInterrupt, SystemExit):
        # Stopped on purpose (Ctrl-C, a worker told to shut down): say so now rather
        # than leave it to the next check.
        job.refresh_from_db()
        _mark_interrupted(job)
        raise
    with transaction.atomic():
        _record_counts(job, summary)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.SUCCEEDED,
            finished_at=timezone.now(),
            message="",  # a job taken for dead that finished after all
            detected=summary.detected,
            mapping=summary.mapping,
            rows_estimate=summary.rows_read,
        )
    job.refresh_from_db()
    return summary


def _shown(text: str) -> str:
    """A message or a quoted cell as stored and shown: control characters spelled out
    (PostgreSQL refuses NUL), no path of the server's files."""
    return visible(without_paths(text))


def _start(job: ImportJob) -> None:
    """Running, from this process: its id and host, for whoever later asks if it lives."""
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        pid=os.getpid(),
        host=this_host(),
        message="",
    )


class _Heartbeat:
    """The pipeline's heartbeat, written at most once in HEARTBEAT_SECONDS."""

    def __init__(self, job: ImportJob) -> None:
        self.job, self.last = job, time.monotonic()

    def __call__(self) -> None:
        if time.monotonic() - self.last >= HEARTBEAT_SECONDS:
            self.last = time.monotonic()
            _beat(self.job)


def _options(job: ImportJob) -> ImportOptions:
    return ImportOptions(
        kind=job.kind,
        preset=job.preset,
        mapping=job.mapping or None,
        encoding=job.options.get("encoding", "auto"),
        delimiter=job.options.get("delimiter", "auto"),
        decimal=job.options.get("decimal", "auto"),
        date_format=job.options.get("date_format", "auto"),
        dry_run=job.dry_run,
    )


def _record_counts(job: ImportJob, summary: ImportSummary) -> None:
    # Inside the batch's transaction: counters (and the heartbeat) move with the data
    # they describe.
    ImportJob.objects.filter(pk=job.pk).update(
        rows_read=summary.rows_read,
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        rejected=summary.rejected,
        revenue_total=summary.revenue_total,
        cost_total=summary.cost_total,
        rows_estimate=summary.detected.get("rows_estimate"),
        heartbeat_at=timezone.now(),
    )
    _revive(job)


def _beat(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    _revive(job)


def _revive(job: ImportJob) -> None:
    # Taken for dead while it was alive after all (silent for longer than STALE_AFTER on
    # another host): it says "running" again.
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.INTERRUPTED).update(
        status=ImportStatus.RUNNING, finished_at=None, message=""
    )


def import_job_check(job: ImportJob) -> ImportJob:
    """The job, marked interrupted first when it claims to run but its process is gone
    (see domain.is_dead)."""
    if job.status == ImportStatus.RUNNING and _dead(job, host=this_host()):
        _mark_interrupted(job)
    return job


def import_jobs_check_running() -> list[ImportJob]:
    """Mark interrupted every job that claims to run but whose process is gone; the jobs
    marked now. One query when none runs."""
    host = this_host()
    marked = []
    for job in ImportJob.objects.filter(status=ImportStatus.RUNNING).select_related("created_by"):
        if _dead(job, host=host) and _mark_interrupted(job):
            marked.append(job)
    return marked


def _dead(job: ImportJob, *, host: str) -> bool:
    signs = Liveness(
        last_sign=job.heartbeat_at or job.started_at or job.created_at,
        pid=job.pid,
        host=job.host,
    )
    return is_dead(signs, now=timezone.now(), host=host)


def _mark_interrupted(job: ImportJob) -> bool:
    """Record that the job stopped part-way, with what it committed and how to complete
    it; False when it moved on meanwhile (a heartbeat came, or it finished)."""
    with translation.override(job.language or settings.LANGUAGE_CODE):
        message = interrupted_message(job)
    stopped = job.heartbeat_at or job.started_at or timezone.now()
    # Only if nothing moved since it was read: the counters quoted are the committed ones.
    changed = ImportJob.objects.filter(
        pk=job.pk, status=ImportStatus.RUNNING, heartbeat_at=job.heartbeat_at
    ).update(status=ImportStatus.INTERRUPTED, finished_at=stopped, message=message)
    if changed:
        job.status, job.finished_at, job.message = ImportStatus.INTERRUPTED, stopped, message
    return bool(changed)


def interrupted_message(job: ImportJob) -> str:
    """What an interrupted job committed, and how to complete it (in the active language)."""

    def number(value: int) -> str:
        return formats.number_format(value, force_grouping=True)

    counts = {
        "rows": number(job.rows_read),
        "created": number(job.created),
        "updated": number(job.updated),
        "unchanged": number(job.unchanged),
        "rejected": number(job.rejected),
    }
    if job.dry_run:
        kept = (
            _(
                "The dry run was interrupted: its process stopped before the end (killed, out "
                "of memory, or its machine restarted) after checking %(rows)s rows: "
                "%(created)s would be created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(rejected)s rejected. Nothing was written."
            )
            % counts
        )
    else:
        kept = (
            _(
                "The import was interrupted: its process stopped before the end (killed, out of "
                "memory, or its machine restarted). What its batches committed is kept: "
                "%(rows)s rows read, %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged, %(rejected)s rejected."
            )
            % counts
        )
    resume = _(
        "To complete it, run the same file again (rows already written stay as they are): "
        "“Resume” on the import's page, or the command %(command)s"
    ) % {"command": job_resume_command(job)}
    return f"{kept} {resume}"


def job_resume_command(job: ImportJob) -> str:
    return resume_command(
        kind=job.kind,
        path=job.file_path,
        preset=job.preset,
        options=job.options,
        mapping=job.mapping,
        dry_run=job.dry_run,
        user=job.created_by.username if job.created_by else None,
    )


def import_job_enqueue(job: ImportJob) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    transaction.on_commit(lambda: run_import_job.enqueue(job_id=job.pk))
    job.refresh_from_db()
    return job


def import_job_start(
    job: ImportJob, *, mapping: dict[str, str], preset: str, dry_run: bool, signature: str
) -> None:
    """Queue an uploaded job with the mapping chosen on the mapping page, and remember
    the mapping for files with the same columns."""
    with transaction.atomic():
        # Only an uploaded job starts; a second click on the same form changes nothing.
        started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.UPLOADED).update(
            mapping=mapping, preset=preset, dry_run=dry_run, status=ImportStatus.QUEUED
        )
        if not started:
            return
        SavedMapping.objects.update_or_create(
            kind=job.kind,
            header_signature=signature,
            defaults={"mapping": mapping, "preset": preset},
        )
        import_job_enqueue(job)


def import_job_resume(job: ImportJob, *, user: User | None) -> ImportJob | None:
    """Queue a new job over an interrupted one's file, options and mapping: re-running
    writes what the interrupted one did not and leaves what it wrote unchanged. None when
    the job was not interrupted."""
    with transaction.atomic():
        if not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.INTERRUPTED).exists():
            return None
        resumed = import_job_copy(job, user=user, dry_run=job.dry_run)
        return import_job_enqueue(resumed)


def import_job_copy(job: ImportJob, *, user: User | None, dry_run: bool) -> ImportJob:
    """A new job over the same stored file, options and mapping (history keeps both)."""
    return ImportJob.objects.create(
        kind=job.kind,
        preset=job.preset,
        options=job.options,
        mapping=job.mapping,
        dry_run=dry_run,
        file_path=job.file_path,
        original_name=job.original_name,
        size=job.size,
        sha256=job.sha256,
        created_by=user,
        language=job.language,
    )
