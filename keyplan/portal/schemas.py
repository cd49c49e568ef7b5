"""The portal API's shapes: only what the portal pages show a customer.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from datetime import date, datetime

from ninja import Schema

from keyplan.core.api.schemas import InputSchema


class SectionOut(Schema):
    section: str
    label: str


class ReportOut(Schema):
    id: int
    month: date
    version: int
    issued_at: datetime | None
    summary: str


class OverviewOut(Schema):
    account: str
    sections: list[SectionOut]
    reports: list[ReportOut]


class FactOut(Schema):
    label: str
    value: str


class CommentOut(Schema):
    author: str
    body: str
    created_at: datetime


class ItemOut(Schema):
    kind: str
    id: int
    title: str
    facts: list[FactOut]
    comments: list[CommentOut]


class JointActionOut(Schema):
    id: int
    title: str
    status: str
    due_on: date | None
    co_owners: list[str]


class CommentIn(InputSchema):
    body: str
