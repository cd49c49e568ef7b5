from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from keyplan.imports.files.domain import FileRejected, sniff
from keyplan.imports.jobs import services
from keyplan.imports.jobs.selectors import write_error_csv
from keyplan.imports.kinds.domain import KINDS
from keyplan.imports.mapping.domain import MappingError, resolve_mapping
from keyplan.imports.models import ImportJob, ImportRowError
from keyplan.imports.pipeline.services import ImportSummary
from keyplan.imports.presets.domain import PRESETS
from keyplan.imports.reading.domain import read_rows
from keyplan.users.models import User

LANGUAGE_ENV = "KEYPLAN_LANGUAGE"


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
        f"{', '.join(KINDS)}; `keyplan import presets` lists the presets. Re-importing the "
        "same file changes nothing; a corrected file updates exactly the changed rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"{', '.join(KINDS)}, or `presets`")
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
            "--encoding", default="auto", help="auto, utf-8, cp1251, cp1250, cp1252"
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
        if kind not in KINDS:
            raise CommandError(
                _("unknown kind “%(kind)s”; choose one of: %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(KINDS)}
            )
        if not file:
            raise CommandError(_("name the FILE to import."))
        overrides = _overrides(options["map"])
        job = _create_job(kind, Path(file), language, options)
        if overrides:
            _apply_overrides(job, Path(file), options["preset"], overrides)
        summary = self._run(job, options["format"])
        if options["errors"]:
            self._write_errors(job, Path(options["errors"]))
        if summary is None:
            job.refresh_from_db()
            raise CommandError(job.message)
        if options["format"] == "json":
            data = summary.as_dict()
            data["job"] = job.pk
            self.stdout.write(json.dumps(data, ensure_ascii=False))
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


def _apply_overrides(job: ImportJob, file: Path, preset: str, overrides: dict[str, str]) -> None:
    """The job's mapping: the preset's, changed by the --map options (checked against the
    file's header now, so that a wrong column name fails before anything runs)."""
    try:
        fmt = sniff(file, encoding=job.options["encoding"], delimiter=job.options["delimiter"])
        rows = read_rows(file, fmt)
        header = [h.strip() for h in next(rows)[1]]
        rows.close()
        job.mapping = resolve_mapping(job.kind, preset, header, overrides)
    except (MappingError, FileRejected, StopIteration) as exc:
        job.delete()
        raise CommandError(str(exc) or _("the file is empty.")) from None
    job.save(update_fields=["mapping"])
