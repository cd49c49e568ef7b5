"""Helpers shared by the import pipeline tests: write files, run `keyplan import`, read
the database back in a comparable form."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from keyplan.accounts.models import Account
from keyplan.imports.models import ImportJob
from keyplan.sales.models import InvoiceLine, MonthlyRollup


def write_csv(
    path: Path,
    rows: list[list[object]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(*args: str) -> dict:
    """`keyplan import ARGS --format json`: the parsed summary (stdout is one JSON object)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, "--format", "json", stdout=out, stderr=err)
    text = out.getvalue()
    data = json.loads(text)  # fails unless stdout is exactly one JSON document
    assert isinstance(data, dict)
    return data


def run_text(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue()


def fails(*args: str) -> str:
    """Run `keyplan import ARGS`, expect a CommandError; its message."""
    with pytest.raises(CommandError) as info:
        call_command("import", *args, stdout=io.StringIO(), stderr=io.StringIO())
    return str(info.value)


def last_job() -> ImportJob:
    return ImportJob.objects.order_by("-pk").first()


def counts(summary: dict) -> tuple[int, int, int, int, int]:
    return (
        summary["rows_read"],
        summary["created"],
        summary["updated"],
        summary["unchanged"],
        summary["rejected"],
    )


def rollups() -> dict[tuple, tuple]:
    return {
        (r.account_id, r.month, r.business_unit_key, r.product_line, r.currency): (
            r.revenue,
            r.cost,
            r.quantity,
            r.lines,
        )
        for r in MonthlyRollup.objects.all()
    }


def rollups_from_lines() -> dict[tuple, tuple]:
    """The rollups the invoice lines imply, computed in Python (independent of the SQL)."""
    out: dict[tuple, list] = {}
    for line in InvoiceLine.objects.all():
        key = (
            line.account_id,
            line.date.replace(day=1),
            line.business_unit_id or 0,
            line.product_line,
            line.currency,
        )
        entry = out.setdefault(key, [0, 0, 0, 0])
        entry[0] += line.revenue
        entry[1] += line.cost
        entry[2] += line.quantity
        entry[3] += 1
    return {k: tuple(v) for k, v in out.items()}


def snapshot() -> dict[str, list]:
    """Everything an import may touch, as plain values (for "nothing changed" checks)."""
    from keyplan.accounts.models import Contact
    from keyplan.sales.models import Opportunity, Payment, Product
    from keyplan.users.models import BusinessUnit

    def dump(qs):
        return [tuple(row) for row in qs.order_by("pk").values_list()]

    return {
        "accounts": dump(Account.objects.all()),
        "account_history": dump(Account.history.all()),
        "contacts": dump(Contact.objects.all()),
        "contact_history": dump(Contact.history.all()),
        "products": dump(Product.objects.all()),
        "units": dump(BusinessUnit.objects.all()),
        "lines": dump(InvoiceLine.objects.all()),
        "payments": dump(Payment.objects.all()),
        "opportunities": dump(Opportunity.objects.all()),
        "rollups": dump(MonthlyRollup.objects.all()),
    }
