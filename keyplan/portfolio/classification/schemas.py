"""The classification endpoints' shapes: the preview with a page of changes, the note of
an apply, and the snapshots with a page of their rows.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from keyplan.core.api.schemas import InputSchema, Timestamp, UserRef

from ..common.schemas import PageQuery, PeriodOut, user_ref
from ..models import Snapshot


class ChangeOut(Schema):
    account_id: int
    external_id: str
    name: str
    owner: str
    current: str
    proposed: str
    revenue: Decimal
    gross_profit: Decimal
    value: Decimal
    rank: int | None
    cumulative_share: Decimal | None


class ChangesPage(Schema):
    items: list[ChangeOut]
    count: int
    page: int
    page_size: int
    pages: int


class ClassificationOut(Schema):
    period: PeriodOut
    metric: str
    currency: str
    parameters: dict[str, Any]
    counts_before: dict[str, int]
    counts_after: dict[str, int]
    missing_rates: list[str]
    changes: ChangesPage


class ApplyIn(InputSchema):
    note: str = Field("", max_length=255)


class SnapshotOut(Schema):
    id: int
    created_at: Timestamp
    created_by: UserRef | None
    metric: str
    date_from: date
    date_to: date
    currency: str
    parameters: dict[str, Any]
    totals: dict[str, Any]
    changed: int
    note: str

    @staticmethod
    def resolve_created_by(obj) -> dict | None:
        return user_ref(obj.created_by)


class SnapshotRowOut(Schema):
    account_id: int
    external_id: str
    name: str
    revenue: Decimal
    gross_profit: Decimal
    rank: int | None
    cumulative_share: Decimal | None
    score: Decimal | None
    class_before: str
    class_after: str

    @staticmethod
    def resolve_external_id(obj) -> str:
        return obj.account.external_id if obj.account else ""

    @staticmethod
    def resolve_name(obj) -> str:
        # A purged account is gone; its row keeps the name it had at the snapshot.
        return obj.account.name if obj.account else obj.account_name


class SnapshotRowsPage(Schema):
    items: list[SnapshotRowOut]
    count: int
    page: int
    page_size: int
    pages: int


class SnapshotDetailOut(SnapshotOut):
    rows: SnapshotRowsPage


@dataclass
class SnapshotDetail:
    """What SnapshotDetailOut shows: the snapshot's own fields, and one page of its rows
    in place of the `rows` relation."""

    snapshot: Snapshot
    rows: dict

    def __getattr__(self, name: str) -> Any:
        if name == "snapshot":  # not set yet (a copy being built): no recursion
            raise AttributeError(name)
        return getattr(self.snapshot, name)


class SnapshotRowsQuery(PageQuery):
    changed: bool = Field(False, description="Only the accounts whose class changed")
