"""Import pages (SPEC §9): history, upload, column mapping, a job's progress and its
rejected rows.

Only administrators and directors import (`keyplan.users.access.can_import`). Everybody
else gets the same 404 as for a page that does not exist, so import files and their errors
stay invisible.
Dry runs and imports both run as the background task; every run is its own job in the
history, so what was only tried and what was written are never confused.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from keyplan.core.text import without_paths
from keyplan.core.web import apply_service_errors, parse_pk
from keyplan.users.access import can_import
from keyplan.users.models import User

from ..dates.domain import DATE_FORMATS
from ..files.domain import EncodingUndecided, FileRejected
from ..kinds.domain import field_specs
from ..kinds.labels import field_label
from ..mapping.domain import MappingError, header_signature, preset_mapping, resolve_mapping
from ..models import ImportJob, ImportKind, ImportRowError, ImportStatus, SavedMapping
from ..presets.templates import template_columns, template_delimiter, template_presets
from . import services
from .forms import MappingForm, UploadForm, date_pattern_label, presets_for
from .selectors import file_preview, remembered_mapping, write_error_csv

SHOWN_ERRORS = 50


View = Callable[..., HttpResponseBase]


def import_required(view: View) -> View:
    """Signed in and allowed to import, else 404 (anonymous people go to the login page)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if not can_import(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _importer(request: HttpRequest) -> User:
    # Behind import_required: a signed-in user allowed to import (django-stubs cannot know).
    return cast(User, request.user)


def _job_or_404(pk: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.select_related("created_by"), pk=parse_pk(pk))


@import_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    services.import_jobs_check_running()  # a killed job shows as interrupted, not running
    jobs = ImportJob.objects.select_related("created_by")
    page = Paginator(jobs, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "imports/list.html", {"page": page})


def _file_problem(exc: FileRejected) -> str:
    """Why the file cannot be read, as the pages say it (never where the server keeps it)."""
    if isinstance(exc, EncodingUndecided):
        return exc.message(
            _("Choose it in the “Encoding” field of the upload form and upload the file again.")
        )
    return without_paths(str(exc))


@import_required
@require_GET
def template_csv(request: HttpRequest, kind: str) -> HttpResponse:
    """An empty CSV with the header row that `preset` (default generic) maps for `kind`:
    UTF-8 with a byte order mark (spreadsheets read the accents), the preset's delimiter."""
    preset = request.GET.get("preset") or "generic"
    try:
        columns = template_columns(preset, kind)
    except KeyError:
        raise Http404 from None
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=template_delimiter(preset)).writerow([c for c, _f, _r in columns])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{preset}-template.csv"'
    return response


def _templates() -> list[dict]:
    """For the upload page: each kind with its template links and their columns."""
    return [
        {
            "kind": kind,
            "label": label,
            "presets": [
                {
                    "name": preset,
                    "columns": [
                        f"{column} ({field_label(kind, field)})"
                        if column != field
                        else str(field_label(kind, field))
                        for column, field, _required in template_columns(preset, kind)
                    ],
                    "required": [
                        column
                        for column, _f, required in template_columns(preset, kind)
                        if required
                    ],
                }
                for preset in template_presets(kind)
            ],
        }
        for kind, label in ImportKind.choices
    ]


@import_required
@require_http_methods(["GET", "POST"])
def job_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        job = None
        try:
            with transaction.atomic():
                job = services.import_job_create(
                    user=_importer(request),
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    preset=form.cleaned_data["preset"],
                    options=form.options(),
                    language=get_language() or "",
                )
                file_preview(job, job.preset)  # refuse what cannot be read before keeping it
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except FileRejected as exc:  # an unrecognised encoding is chosen in its own field
            form.add_error(
                "encoding" if isinstance(exc, EncodingUndecided) else "file", _file_problem(exc)
            )
        else:
            return redirect("imports:mapping", pk=job.pk)
        if job is not None:  # the job's row was rolled back; its file goes too
            Path(job.file_path).unlink(missing_ok=True)
    return render(request, "imports/upload.html", {"form": form, "templates": _templates()})


@import_required
@require_http_methods(["GET", "POST"])
def job_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(pk)
    if job.status != ImportStatus.UPLOADED:  # already run: its mapping is history now
        return redirect("imports:detail", pk=job.pk)
    presets = presets_for(job.kind)
    params = request.POST if request.method == "POST" else request.GET
    switched = params.get("preset") in dict(presets)
    preset = params["preset"] if switched else job.preset
    context = {"job": job, "presets": presets, "preset": preset}
    try:
        preview = file_preview(job, preset)
    except FileRejected as exc:
        return render(
            request, "imports/mapping.html", {**context, "file_error": _file_problem(exc)}
        )
    signature = header_signature(preview.header)
    saved = SavedMapping.objects.filter(kind=job.kind, header_signature=signature).first()
    if saved is not None and not (request.method == "GET" and switched):
        initial, remembered = remembered_mapping(saved, job.kind, preview.header), True
    else:
        initial, remembered = preset_mapping(job.kind, preset, preview.header), False
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        initial={"preset": preset},
        kind=job.kind,
        header=preview.header,
        mapping=initial,
    )
    if request.method == "POST" and form.is_valid():
        preset = form.cleaned_data["preset"]
        try:
            mapping = resolve_mapping(
                job.kind, preset, preview.header, base=form.cleaned_data["mapping"]
            )
        except MappingError as exc:
            form.add_error(None, str(exc))
        else:
            dry_run = request.POST.get("action") != "import"
            services.import_job_start(
                job, mapping=mapping, preset=preset, dry_run=dry_run, signature=signature
            )
            return redirect("imports:detail", pk=job.pk)
    samples = {
        column: list(dict.fromkeys(row[i] for row in preview.rows if row[i].strip()))[:3]
        for i, column in enumerate(preview.header)
    }
    columns = [
        {"name": name, "field": bound, "samples": samples[name]}
        for name, bound in form.column_fields()
    ]
    return render(
        request,
        "imports/mapping.html",
        {
            **context,
            "form": form,
            "preview": preview,
            "columns": columns,
            "remembered": remembered,
        },
    )


def _separator_name(value: str) -> str:
    names = {";": _("semicolon (;)"), ",": _("comma (,)"), ".": _("point (.)"), "tab": _("tab")}
    return names.get("tab" if value == "\t" else value, value)


def _per_column(values: dict[str, str], name: Callable[[str], str]) -> str:
    """{"Revenue": ",", "Cost": ","} → "comma (,)"; differing columns are named."""
    shown = {column: name(value) for column, value in values.items()}
    if len(set(shown.values())) <= 1:
        return next(iter(shown.values()), "")
    return "; ".join(f"{column}: {value}" for column, value in shown.items())


def _date_format_name(value: str) -> str:
    return date_pattern_label(DATE_FORMATS.get(value, value))


def _options(job: ImportJob) -> list[tuple[str, str, str]]:
    """(label, what the user chose or "", what the run detected) for the file options."""
    detected, chosen = job.detected, job.options

    def choice(name: str, show: Callable[[str], str]) -> str:
        value = chosen.get(name) or "auto"
        return "" if value == "auto" else show(value)

    file_format = (detected.get("format") or "").upper()
    if detected.get("sheet"):
        file_format += " · " + _("sheet “%(sheet)s”") % {"sheet": detected["sheet"]}
    return [
        (_("Format"), "", file_format),
        (_("Encoding"), choice("encoding", str.upper), (detected.get("encoding") or "").upper()),
        (
            _("Delimiter"),
            choice("delimiter", _separator_name),
            _separator_name(detected.get("delimiter") or ""),
        ),
        (
            _("Decimal separator"),
            choice("decimal", _separator_name),
            _per_column(detected.get("decimal") or {}, _separator_name),
        ),
        (
            _("Date format"),
            choice("date_format", _date_format_name),
            _per_column(detected.get("date_format") or {}, _date_format_name),
        ),
    ]


def _progress(job: ImportJob) -> dict[str, int | None]:
    """<progress> value and max from rows read over the estimate; value None: indeterminate."""
    if job.status == ImportStatus.SUCCEEDED:
        return {"value": 1, "max": 1}
    if job.rows_estimate:
        return {"value": min(job.rows_read, job.rows_estimate), "max": job.rows_estimate}
    if job.status == ImportStatus.RUNNING:
        return {"value": None, "max": None}
    return {"value": 0, "max": 1}


FINISHED = (ImportStatus.SUCCEEDED, ImportStatus.FAILED, ImportStatus.INTERRUPTED)


def _job_context(job: ImportJob) -> dict[str, object]:
    services.import_job_check(job)  # a killed job shows as interrupted, not running
    finished = job.status in FINISHED
    specs = field_specs(job.kind)
    return {
        "job": job,
        "finished": finished,
        "polling": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        "progress": _progress(job),
        "errors": list(ImportRowError.objects.filter(job=job)[:SHOWN_ERRORS]),
        "can_run": job.dry_run and job.status == ImportStatus.SUCCEEDED,
        "can_resume": job.status == ImportStatus.INTERRUPTED,
        "can_remap": finished,
        # The field's label, not its internal name (issue #18).
        "mapping": [
            (field_label(job.kind, name), job.mapping[name])
            for name in specs
            if name in job.mapping
        ],
        "options": _options(job),
        "currency": settings.KEYPLAN_DEFAULT_CURRENCY,
        "gross_profit": job.revenue_total - job.cost_total,
    }


@import_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "imports/detail.html", _job_context(_job_or_404(pk)))


@import_required
@require_GET
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's status block alone: the detail page polls it while the job runs."""
    return render(request, "imports/_progress.html", _job_context(_job_or_404(pk)))


@import_required
@require_POST
def job_run(request: HttpRequest, pk: int) -> HttpResponse:
    """After a successful dry run: import the same file with the same mapping for real."""
    tried = _job_or_404(pk)
    if not (tried.dry_run and tried.status == ImportStatus.SUCCEEDED):
        messages.error(request, _("Only a finished dry run can be imported from here."))
        return redirect("imports:detail", pk=tried.pk)
    with transaction.atomic():
        job = services.import_job_copy(tried, user=_importer(request), dry_run=False)
        services.import_job_enqueue(job)
    return redirect("imports:detail", pk=job.pk)


@import_required
@require_POST
def job_remap(request: HttpRequest, pk: int) -> HttpResponse:
    """A finished job's file again, to choose another mapping (the old job stays as it was)."""
    old = _job_or_404(pk)
    if old.status not in FINISHED:
        return redirect("imports:detail", pk=old.pk)
    job = services.import_job_copy(old, user=_importer(request), dry_run=False)
    return redirect("imports:mapping", pk=job.pk)


@import_required
@require_POST
def job_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """An interrupted job's file again, with the same mapping, queued at once: what the
    interrupted run wrote stays unchanged, the rest is written."""
    old = _job_or_404(pk)
    job = services.import_job_resume(old, user=_importer(request))
    return redirect("imports:detail", pk=(job or old).pk)


@import_required
@require_GET
def job_errors_csv(request: HttpRequest, pk: int) -> FileResponse:
    """Every rejected row as CSV (formula-safe), spooled to disk so memory stays flat."""
    job = _job_or_404(pk)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    # utf-8-sig: Excel otherwise reads the Cyrillic or Polish text in rows as cp1252.
    text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
    write_error_csv(job, text)
    text.flush()
    text.detach()
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"import-{job.pk}-rejected-rows.csv",
        content_type="text/csv; charset=utf-8",
    )
