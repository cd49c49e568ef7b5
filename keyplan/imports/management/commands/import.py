from __future__ import annotations

import json
import os
import sys
import traceback
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from keyplan.imports.files.domain import EncodingUndecided, FileRejected, sniff
from keyplan.imports.jobs import services
from keyplan.imports.jobs.selectors import write_error_csv
from keyplan.imports.kinds.domain import KINDS
from keyplan.imports.mapping.domain import MappingError, expected_columns, resolve_mapping
from keyplan.imports.models import ImportJob, ImportRowError, ImportStatus
from keyplan.imports.pipeline.services import ImportSummary
from keyplan.imports.presets.domain import PRESETS
from keyplan.imports.reading.domain import read_rows
from keyplan.users.models import User

LANGUAGE_ENV = "KEYPLAN_LANGUAGE"

# Exit status, and the "status" of the JSON answer (--format json) that goes with it.
EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3
STATUS = {EXIT_OK: "succeeded", EXIT_REFUSED: "refused", EXIT_USAGE: "usage", EXIT_FAILED: "failed"}
EXIT_HELP = (
    "Exit status: 0 imported (rows may still be rejected: see the summary); 1 refused: the "
    "file, its columns or an option cannot be used, and nothing was written; 2 wrong "
    "command line; 3 stopped part-way by an internal error (the batches already written are "
    "kept: run the same import again to complete it). With --format json, stdout is one "
    'JSON object in every case, with "status" (succeeded, refused, usage or failed) and, '
    'unless it succeeded, "error" (the message). `keyplan import jobs` lists the imports, '
    "newest first; one whose process stopped before the end is shown interrupted."
)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def default_language() -> str:
    """KEYPLAN_LANGUAGE ("ru", "pl_PL.UTF-8", ...) when it names a UI language, else "en"."""
    value = os.environ.get(LANGUAGE_ENV, "").strip().lower().replace("_", "-").split(".")[0]
    for code in (value, value.split("-")[0]):
        if code in language_codes():
            return code
    return "en"


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file: `keyplan import KIND FILE [options]`, KIND one of "
        f"{', '.join(KINDS)}; `keyplan import presets` lists the presets, `keyplan import "
        "jobs` the imports. Re-importing the same file changes nothing; a corrected file "
        "updates exactly the changed rows; an interrupted import is completed by importing "
        "the same file again."
    )
    json_asked = False  # --format json on the command line: usage errors answer in JSON too
    job_id: int | None = None  # the job this run created, for the JSON answer

    def run_from_argv(self, argv: list[str]) -> None:
        args = argv[2:]
        self.json_asked = "--format=json" in args or any(
            a == "--format" and b == "json" for a, b in pairwise(args)
        )
        super().run_from_argv(argv)

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EXIT_HELP
        refuse = parser.error

        def error(message: str) -> Any:
            if self.json_asked:
                self._json({"status": STATUS[EXIT_USAGE], "error": message})
            return refuse(message)  # usage and message on stderr, exit status 2

        parser.error = error  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"{', '.join(KINDS)}; or `presets`, or `jobs`")
        parser.add_argument("file", nargs="?")
        parser.add_argument("--preset", default="generic", help=", ".join(PRESETS))
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="SOURCE_COLUMN=field",
            help="map a column to a field (repeatable); SOURCE_COLUMN= ignores a column",
        )
        parser.add_argument(
            "--encoding",
            default="auto",
            help="auto, utf-8, cp1251, cp1250, cp1252, iso-8859-2, koi8-r (a given one is "
            "used as given)",
        )
        parser.add_argument("--delimiter", default="auto", help="auto, ';', ',', tab")
        parser.add_argument("--decimal", default="auto", help="auto, ',', '.'")
        parser.add_argument(
            "--date-format", default="auto", help="auto, iso, dmy., dmy/, mdy/, ... or %%d.%%m.%%Y"
        )
        parser.add_argument("--dry-run", action="store_true", help="validate; write nothing")
        parser.add_argument("--errors", metavar="FILE.csv", help="write rejected rows to a CSV")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--user", help="record the import as this user (history)")
        parser.add_argument(
            "--language",
            choices=language_codes(),
            default=default_language(),
            help=f"the language of messages and rejected rows' reasons (default: ${LANGUAGE_ENV} "
            "or en)",
        )

    def handle(
        self, *args: Any, kind: str, file: str | None, language: str, **options: Any
    ) -> None:
        # Messages, and the job's stored message and row reasons, in the chosen language.
        with translation.override(language):
            return self._handle(kind, file, language, options)

    def _handle(self, kind: str, file: str | None, language: str, options: dict) -> None:
        if kind == "presets":
            return self._presets(options["format"])
        if kind == "jobs":
            return self._jobs(options["format"])
        try:
            return self._import(kind, file, language, options)
        except CommandError as exc:
            if options["format"] == "json":
                status = STATUS.get(exc.returncode, STATUS[EXIT_REFUSED])
                self._json({"status": status, "error": str(exc), "job": self.job_id})
            raise

    def _json(self, data: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False))

    def _import(self, kind: str, file: str | None, language: str, options: dict) -> None:
        if kind not in KINDS:
            raise CommandError(
                _("unknown kind “%(kind)s”; choose one of: %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(KINDS)}
            )
        if not file:
            raise CommandError(_("name the FILE to import."))
        overrides = _overrides(options["map"])
        _check_encoding(kind, Path(file), options, overrides)
        for old in services.import_jobs_check_running():
            self.stderr.write(
                _("Import %(job)s of %(file)s: %(message)s")
                % {"job": old.pk, "file": old.original_name, "message": old.message}
            )
        job = _create_job(kind, Path(file), language, options)
        if overrides:
            _apply_overrides(job, Path(file), options["preset"], overrides)  # or no job
        self.job_id = job.pk
        try:
            summary = self._run(job, options["format"])
        except Exception as exc:
            # The service recorded the job as failed; the traceback is for a bug report.
            self.stderr.write(traceback.format_exc().rstrip())
            message = ImportJob.objects.filter(pk=job.pk).values_list("message", flat=True)
            raise CommandError(
                next(iter(message), "") or repr(exc), returncode=EXIT_FAILED
            ) from exc
        if options["errors"]:
            self._write_errors(job, Path(options["errors"]))
        if summary is None:
            job.refresh_from_db()
            raise CommandError(job.message)
        if options["format"] == "json":
            self._json({"status": STATUS[EXIT_OK], **summary.as_dict(), "job": job.pk})
        else:
            self._print_summary(job, summary)
        return None

    def _run(self, job: ImportJob, fmt: str) -> ImportSummary | None:
        from tqdm import tqdm

        bar = tqdm(
            total=None,
            unit=" rows",
            file=sys.stderr,
            disable=None,
            dynamic_ncols=True,
            desc=f"import {job.kind}",
        )

        def progress(summary: ImportSummary) -> None:
            estimate = summary.detected.get("rows_estimate")
            if estimate and bar.total != estimate and summary.rows_read <= estimate:
                bar.total = estimate
            bar.update(summary.rows_read - bar.n)

        try:
            return services.import_job_run(job, on_progress=progress)
        finally:
            bar.close()

    def _print_summary(self, job: ImportJob, summary: ImportSummary) -> None:
        w = self.stdout.write
        title = "Dry run (nothing written)" if summary.dry_run else "Imported"
        w(f"{title}: {job.original_name} as {summary.kind} (job {job.pk})")
        d = summary.detected
        w(
            f"  format {d.get('format')}, encoding {d.get('encoding') or '-'}, "
            f"delimiter {d.get('delimiter') or '-'}"
        )
        w(f"  rows read  {summary.rows_read}")
        w(f"  created    {summary.created}")
        w(f"  updated    {summary.updated}")
        w(f"  unchanged  {summary.unchanged}")
        w(f"  rejected   {summary.rejected}")
        if summary.kind == "invoices":
            w(f"  revenue    {summary.revenue_total}")
            w(f"  cost       {summary.cost_total}")
            w(f"  gross profit {summary.revenue_total - summary.cost_total}")
        for error in ImportRowError.objects.filter(job=job)[:20]:
            w(f"  line {error.line}: {error.column or '-'} “{error.value}”: {error.reason}")
        if summary.rejected > 20:
            more = summary.rejected - 20
            w("  " + _("… %(count)s more (use --errors FILE.csv)") % {"count": more})

    def _jobs(self, fmt: str) -> None:
        """The imports, newest first; a running one whose process is gone shows (and is
        recorded) as interrupted."""
        services.import_jobs_check_running()
        jobs = ImportJob.objects.select_related("created_by")
        if fmt == "json":
            self._json({"jobs": [_job_data(job) for job in jobs.iterator(chunk_size=1000)]})
            return
        w = self.stdout.write
        w(
            f"{'id':>6}  {'created':<16}  {'kind':<13}  {'status':<11}  {'rows read':>10}  "
            f"{'created':>9}  {'updated':>9}  {'unchanged':>9}  {'rejected':>9}  file"
        )
        for job in jobs.iterator(chunk_size=1000):
            created = timezone.localtime(job.created_at).strftime("%Y-%m-%d %H:%M")
            status = job.status + (" (dry)" if job.dry_run else "")
            w(
                f"{job.pk:>6}  {created:<16}  {job.kind:<13}  {status:<11}  "
                f"{job.rows_read:>10}  {job.created:>9}  {job.updated:>9}  "
                f"{job.unchanged:>9}  {job.rejected:>9}  {job.original_name}"
            )
            if job.message and job.status in (ImportStatus.FAILED, ImportStatus.INTERRUPTED):
                w(f"{'':8}{job.message}")

    def _write_errors(self, job: ImportJob, path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8") as handle:
            write_error_csv(job, handle)

    def _presets(self, fmt: str) -> None:
        if fmt == "json":
            data = {
                name: {
                    "description": str(p.description),
                    "kinds": list(p.kinds),
                    "columns": p.columns,
                    "options": p.options,
                }
                for name, p in PRESETS.items()
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for name, preset in PRESETS.items():
            self.stdout.write(f"{name}: {preset.description}")
            if preset.options:
                opts = ", ".join(f"{k}={v}" for k, v in preset.options.items())
                self.stdout.write(f"  options: {opts}")
            for kind in preset.kinds:
                self.stdout.write(f"  {kind}:")
                for field, names in preset.columns.get(kind, {}).items():
                    self.stdout.write(f"    {field:<22} ← {' | '.join(names)}")


def _job_data(job: ImportJob) -> dict[str, Any]:
    def when(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "dry_run": job.dry_run,
        "file": job.original_name,
        "path": job.file_path,
        "user": job.created_by.username if job.created_by else None,
        "created_at": when(job.created_at),
        "started_at": when(job.started_at),
        "finished_at": when(job.finished_at),
        "heartbeat_at": when(job.heartbeat_at),
        "rows_read": job.rows_read,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "rejected": job.rejected,
        "message": job.message,
    }


def _overrides(pairs: list[str]) -> dict[str, str]:
    """--map SOURCE_COLUMN=field options as source column -> field."""
    overrides = {}
    for item in pairs:
        if "=" not in item:
            raise CommandError(
                _("--map takes SOURCE_COLUMN=field, not “%(value)s”.") % {"value": item}
            )
        source, field = item.split("=", 1)
        overrides[source.strip()] = field.strip()
    return overrides


def _option(values: dict, preset: str, name: str) -> str:
    # As the import reads it: the one given, else the preset's, else "auto".
    value = values.get(name) or "auto"
    if value == "auto" and preset in PRESETS:
        return PRESETS[preset].options.get(name, "auto")
    return value


def _check_encoding(kind: str, file: Path, options: dict, overrides: dict[str, str]) -> None:
    """An encoding that cannot be recognised is the one problem of a file that an option
    of this command fixes: say so, naming the option, before a job is recorded. Other
    problems of the file are the import's to report."""
    if _option(options, options["preset"], "encoding") != "auto":
        return  # a given encoding is used as given
    try:
        sniff(
            file,
            delimiter=_option(options, options["preset"], "delimiter"),
            expected_columns=expected_columns(kind, overrides),
        )
    except EncodingUndecided as exc:
        raise CommandError(
            exc.message(_("Name it with --encoding, for example --encoding cp1251."))
        ) from None
    except FileRejected:
        pass


def _create_job(kind: str, file: Path, language: str, options: dict) -> ImportJob:
    user = None
    if options["user"]:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("--user: no user “%(user)s”.") % {"user": options["user"]})
    try:
        return services.import_job_create(
            user=user,
            kind=kind,
            source=file,
            preset=options["preset"],
            options={
                "encoding": options["encoding"],
                "delimiter": options["delimiter"],
                "decimal": options["decimal"],
                "date_format": options["date_format"],
            },
            dry_run=options["dry_run"],
            copy=False,
            language=language,
        )
    except ValidationError as exc:
        lines = [f"{k}: {m}" for k, ms in exc.message_dict.items() for m in ms]
        raise CommandError("; ".join(lines)) from None
    except PermissionDenied:
        raise CommandError(
            _("--user: “%(user)s” may not import (only administrators and directors import).")
            % {"user": options["user"]}
        ) from None
    except OSError as exc:
        raise CommandError(
            _("Cannot read %(path)s: %(reason)s.")
            % {"path": file, "reason": exc.strerror or type(exc).__name__}
        ) from None


def _apply_overrides(job: ImportJob, file: Path, preset: str, overrides: dict[str, str]) -> None:
    """The job's mapping: the preset's, changed by the --map options (checked against the
    file's header now, so that a wrong column name fails before anything runs)."""
    try:
        fmt = sniff(
            file,
            encoding=_option(job.options, preset, "encoding"),
            delimiter=_option(job.options, preset, "delimiter"),
            expected_columns=expected_columns(job.kind, overrides),
        )
        rows = read_rows(file, fmt)
        header = [h.strip() for h in next(rows)[1]]
        rows.close()
        job.mapping = resolve_mapping(job.kind, preset, header, overrides)
    except (MappingError, FileRejected, StopIteration) as exc:
        job.delete()
        raise CommandError(str(exc) or _("the file is empty.")) from None
    job.save(update_fields=["mapping"])
