"""A portfolio for the board pack tests: sales of the strategic account and of the other
account, a plan with a goal, resource requests (one waiting, one approved), an answered
alignment checkpoint, and a classification snapshot in which the account moved."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from keyplan.execution.models import (
    Checkpoint,
    CheckpointAnswer,
    CheckpointKind,
    RequestStatus,
    ResourceRequest,
    ResourceType,
)
from keyplan.plans.models import Goal
from keyplan.portfolio.models import Snapshot, SnapshotRow
from tests.factories import BusinessUnitFactory
from tests.plans.support import make_plan, rollup


def month(offset: int) -> date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - offset
    return date(index // 12, index % 12 + 1, 1)


def portfolio(world) -> dict:
    """The data every section of the pack reads."""
    for offset in range(1, 7):
        rollup(world.account, month(offset), "1000.00", "600.00")
        rollup(world.other_account, month(offset), "250.00", "200.00")
    today = timezone.localdate()
    plan = make_plan(
        world,
        period=f"FY{today.year}",
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year, 12, 31),
    )
    Goal.objects.create(plan=plan, title="Grow revenue", metric="revenue", target=50000)
    unit = BusinessUnitFactory(code="svc", name="Service")
    asks = [
        ResourceRequest.objects.create(
            account=world.account,
            business_unit=unit,
            resource_type=ResourceType.HOURS,
            amount=Decimal(40),
            period_start=today,
            period_end=today + timedelta(days=30),
            title="Engineer for the audit",
            currency="PLN",
            requested_by=world.owner,
        ),
        ResourceRequest.objects.create(
            account=world.account,
            business_unit=unit,
            resource_type=ResourceType.BUDGET,
            amount=Decimal("5000.00"),
            period_start=today,
            period_end=today + timedelta(days=30),
            title="Trade fair stand",
            currency="PLN",
            requested_by=world.owner,
            status=RequestStatus.APPROVED,
            granted_amount=Decimal("5000.00"),
            decided_by=world.director,
            decided_at=timezone.now(),
        ),
    ]
    checkpoint = Checkpoint.objects.create(
        account=world.account, kind=CheckpointKind.SAA, period_start=month(1), due_on=month(1)
    )
    CheckpointAnswer.objects.bulk_create(
        CheckpointAnswer(checkpoint=checkpoint, user=world.owner, element=element, score=score)
        for element, score in (("information", 4), ("people", 2), ("action", 4))
    )
    snapshot = Snapshot.objects.create(
        metric="revenue", date_from=month(12), date_to=month(1), currency="PLN"
    )
    SnapshotRow.objects.create(
        snapshot=snapshot,
        account=world.account,
        account_name=world.account.name,
        revenue=Decimal("6000.00"),
        class_before="regular",
        class_after="strategic",
    )
    return {"plan": plan, "asks": asks}


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def presentation(data: bytes):
    from pptx import Presentation

    return Presentation(io.BytesIO(data))


def slide_texts(slide) -> str:
    """Every text of a slide: its shapes' text frames and its tables' cells."""
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                texts.extend(cell.text for cell in row.cells)
    return "\n".join(texts)
