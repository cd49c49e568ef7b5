"""Writing one batch of clean records: what every kind's writer takes, returns and shares.

Every writer (`keyplan.imports.<kind>.services.write_<kind>`) compares the batch with
what is stored under the same natural key and inserts new rows, updates changed ones and
leaves equal ones alone, so re-importing a file changes nothing. The caller runs each
batch in one transaction, together with the rollup deltas, so a crash never leaves a
half-written batch or rollups out of step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.utils.translation import gettext

from keyplan.core.fields import to_minor
from keyplan.sales.models import InvoiceLine
from keyplan.users.models import User

from ..lookups.services import (
    ACCOUNT_CLASS_FOR_KIND,
    AccountResolver,
    BusinessUnitResolver,
    ProductResolver,
    UserResolver,
)

ZERO = Decimal(0)
RowProblem = tuple[int, str, str, str]  # line, column, value, reason


@dataclass
class Item:
    line: int
    record: dict[str, Any]
    key: tuple[str, str]  # natural key (document, line key) or (kind key, "")


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    revenue: Decimal = ZERO
    cost: Decimal = ZERO


class Context:
    """Lookups shared by the batches of one run."""

    def __init__(
        self, *, user: User | None, headers: dict[str, str], dry_run: bool = False
    ) -> None:
        self.user = user
        self.headers = headers  # canonical field -> source column, for error messages
        self.accounts = AccountResolver(dry_run=dry_run)
        self.products = ProductResolver(dry_run=dry_run)
        self.units = BusinessUnitResolver(dry_run=dry_run)
        self.users = UserResolver()
        # The interactions writer's participants of ours, loaded at its first batch.
        self.people: dict[str, int] | None = None
        self._invoices_existed: bool | None = None

    def invoices_may_exist(self) -> bool:
        """Whether invoice lines other than this run's own may be stored: false when the
        table was empty at the run's first batch (asked once per run)."""
        if self._invoices_existed is None:
            self._invoices_existed = InvoiceLine.objects.exists()
        return self._invoices_existed

    def column(self, field_name: str) -> str:
        return self.headers.get(field_name, field_name)


class Writer(Protocol):
    def __call__(self, ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult: ...


def resolve_accounts(ctx: Context, kind: str, items: list[Item], result: BatchResult) -> list[Item]:
    """The items whose account is found (created first, for the kinds that may create
    it), with the account's reference in `record["_account"]`; the rest are rejected."""
    account_class = ACCOUNT_CLASS_FOR_KIND.get(kind)
    if account_class is not None:
        ctx.accounts.create_missing(
            [i.record for i in items], account_class=account_class, user=ctx.user
        )
    kept = []
    for item in items:
        ref = ctx.accounts.find(item.record)
        if ref is None:
            field_name, value = ctx.accounts.describe(item.record)
            result.errors.append(
                (
                    item.line,
                    ctx.column(field_name),
                    value,
                    gettext("no such account (and no name to create it)"),
                )
            )
            continue
        item.record["_account"] = ref
        kept.append(item)
    return kept


def minor(value: Decimal) -> int:
    """The exact stored integer of an amount (to_minor): the converters have already
    rejected amounts with more than MINOR_SCALE decimals, so nothing is rounded here."""
    return to_minor(value)
