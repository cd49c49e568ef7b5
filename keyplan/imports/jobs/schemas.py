"""The import API's request and answer bodies."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from ..models import ImportJob


class ImportIn(Schema):
    # min_length: an empty form field counts as left out ("Field required"), so say so.
    kind: str = Field(
        ...,
        min_length=1,
        max_length=30,
        description="accounts, contacts, products, invoices, payments, opportunities",
    )
    preset: str = "generic"
    encoding: str = "auto"
    delimiter: str = "auto"
    decimal: str = "auto"
    date_format: str = "auto"
    dry_run: bool = False


class ImportOut(Schema):
    id: int
    kind: str
    status: str = Field(
        ...,
        description="uploaded, queued, running, succeeded, failed, or interrupted (its "
        "process stopped part-way: what it committed is kept; import the same file again "
        "to complete it)",
    )
    dry_run: bool
    file: str
    preset: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None = Field(
        None, description="the running job's last sign of life (committed batch, rows read)"
    )
    progress_percent: int
    rows_read: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    revenue_total: Decimal
    cost_total: Decimal
    mapping: dict
    detected: dict
    message: str

    @staticmethod
    def resolve_file(obj: ImportJob) -> str:
        return obj.original_name


class RowErrorOut(Schema):
    line: int
    column: str
    value: str
    reason: str
