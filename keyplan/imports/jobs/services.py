"""Import jobs: create one from a file, run it (in the CLI or the task worker), start it
from the mapping page or again from a finished one."""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from keyplan.users.access import can_import
from keyplan.users.models import User

from ..dates.domain import DATE_FORMATS
from ..kinds.domain import KINDS
from ..models import ImportJob, ImportRowError, ImportStatus, SavedMapping
from ..pipeline.services import ImportFailed, ImportOptions, ImportSummary, run_import
from ..presets.domain import PRESETS
from .tasks import run_import_job

MAX_UPLOAD_BYTES = int(os.environ.get("KEYPLAN_IMPORT_MAX_MB", "2048")) * 1024 * 1024
OPTION_CHOICES = {
    "encoding": ("auto", "utf-8", "cp1251", "cp1250", "cp1252"),
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
    if date_format != "auto" and date_format not in DATE_FORMATS and "%" not in date_format:
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
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), message=""
    )
    ImportRowError.objects.filter(job=job).delete()

    def store_errors(errors: list[tuple[int, str, str, str]]) -> None:
        ImportRowError.objects.bulk_create(
            [
                ImportRowError(
                    job=job, line=line, column=column[:255], value=value[:500], reason=reason[:500]
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
        )
    except ImportFailed as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(), message=str(exc)
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
    with transaction.atomic():
        _record_counts(job, summary)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.SUCCEEDED,
            finished_at=timezone.now(),
            detected=summary.detected,
            mapping=summary.mapping,
            rows_estimate=summary.rows_read,
        )
    job.refresh_from_db()
    return summary


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
    # Inside the batch's transaction: counters move with the data they describe.
    ImportJob.objects.filter(pk=job.pk).update(
        rows_read=summary.rows_read,
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        rejected=summary.rejected,
        revenue_total=summary.revenue_total,
        cost_total=summary.cost_total,
        rows_estimate=summary.detected.get("rows_estimate"),
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
