"""Imports over REST: start one from an uploaded file, read its status and its report.

Only administrators and directors import; for anyone else every import endpoint
answers 404, as if imports did not exist."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import ErrorOut
from keyplan.core.web import parse_pk
from keyplan.users.access import can_import

from ..models import ImportJob, ImportRowError
from . import services
from .schemas import ImportIn, ImportOut, RowErrorOut
from .selectors import write_error_csv

router = Router(tags=["imports"])
# Not keyplan.core.api.common.ERRORS: an import endpoint never answers 403 (whoever may
# not import gets the 404 of a path that does not exist).
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BODY_ERRORS = {**ERRORS, 400: ErrorOut, 413: ErrorOut}


def _job(request, job_id: int) -> ImportJob:
    if not can_import(request.auth):
        raise Http404
    return get_object_or_404(ImportJob.objects.select_related("created_by"), pk=parse_pk(job_id))


@router.post("/imports", response={202: ImportOut, **BODY_ERRORS}, summary="Start an import")
def start_import(request, file: File[UploadedFile], payload: Form[ImportIn]) -> Status:
    """Upload a CSV or XLSX file; the import runs in the background (poll its status).
    The preset's column mapping is used; errors per row are in /imports/{id}/errors."""
    if not can_import(request.auth):
        raise Http404
    job = services.import_job_create(
        user=request.auth,
        kind=payload.kind,
        upload=file,
        preset=payload.preset,
        options={
            "encoding": payload.encoding,
            "delimiter": payload.delimiter,
            "decimal": payload.decimal,
            "date_format": payload.date_format,
        },
        dry_run=payload.dry_run,
        language=get_language() or "",  # the job's messages are in the caller's language
    )
    job = services.import_job_enqueue(job)
    job.refresh_from_db()
    return Status(202, job)


@router.get(
    "/imports", response={200: list[ImportOut], **ERRORS}, summary="Import history, newest first"
)
@paginate(Pagination)
def list_imports(request) -> QuerySet[ImportJob]:
    if not can_import(request.auth):
        raise Http404
    services.import_jobs_check_running()  # a killed job is listed as interrupted
    return ImportJob.objects.all()


@router.get("/imports/{job_id}", response={200: ImportOut, **ERRORS}, summary="An import's status")
def get_import(request, job_id: int) -> ImportJob:
    """Its status: "interrupted" when its process stopped before the end (the message
    says what was committed and how to complete it)."""
    return services.import_job_check(_job(request, job_id))


@router.get(
    "/imports/{job_id}/errors",
    response={200: list[RowErrorOut], **ERRORS},
    summary="Rejected rows, by line",
)
@paginate(Pagination)
def list_import_errors(request, job_id: int) -> QuerySet[ImportRowError]:
    return ImportRowError.objects.filter(job=_job(request, job_id)).order_by("line", "pk")


@router.get(
    "/imports/{job_id}/errors.csv", response={200: None, **ERRORS}, summary="Rejected rows as CSV"
)
def import_errors_csv(request, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    buffer = io.StringIO()
    write_error_csv(job, buffer)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    return response
