"""Writing one batch of clean records: what every kind's writer takes, returns and shares.

Every writer (`keyplan.imports.<kind>.services.write_<kind>`) compares the batch with
what is stored under the same natural key and inserts new rows, updates changed ones and
leaves equal ones alone, so re-importing a file changes nothing. The caller runs each
batch in one transaction, together with the rollup deltas, so a crash never leaves a
half-written batch or rollups out of step.

A rejected row leaves nothing behind: a writer checks its rows first and only then
creates the accounts, business units and products that the remaining rows name
(`resolve_accounts` last among the checks, as it creates the accounts).
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
    AccountRef,
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
    # Rows whose account no account of the run matched yet (Context.hold_unmatched).
    held: list[Item] = field(default_factory=list)


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
        # Set by the pipeline while batches remain: a row that no account matches yet is
        # held back (BatchResult.held) and resolved at the end of the run, when every
        # account the file creates exists, so the rows rejected do not depend on where
        # the batches end (a re-run would match the row to an account created later).
        self.hold_unmatched = False
        # The accounts writer's rows with a parent, linked after all batches (line, the
        # child's external id or name, the parent's external id).
        self.parent_links: list[tuple[int, str, str]] = []
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
    """The items whose account is found, or created for the kinds that create accounts
    (`ACCOUNT_CLASS_FOR_KIND`, see `AccountResolver.create_missing`), with the account's
    reference in `record["_account"]`; the others are rejected into `result`, with the
    reason (`account_problem`).

    It creates accounts, so a writer calls it after all its other checks of the rows: a
    row rejected for any reason creates no account. Within a batch the outcome does not
    depend on the order of the rows: a row that creates no account is matched after the
    batch's new accounts exist, as a re-run of the file would match it; while
    `ctx.hold_unmatched`, a row still unmatched that names an account is held back in
    `result.held` rather than rejected, for a later batch may create its account."""
    account_class = ACCOUNT_CLASS_FOR_KIND.get(kind)
    created: dict[int, AccountRef] = {}
    if account_class is not None:
        created = ctx.accounts.create_missing(
            [i.record for i in items],
            account_class=account_class,
            user=ctx.user,
            id_required="account_external_id" in ctx.headers,
        )
    hold = ctx.hold_unmatched and account_class is not None
    kept = []
    for n, item in enumerate(items):
        ref = created.get(n) or ctx.accounts.find(item.record)
        if ref is None:
            if hold and ctx.accounts.describe(item.record)[1]:
                result.held.append(item)  # a later batch may create its account
            else:
                result.errors.append(account_problem(ctx, kind, item))
            continue
        item.record["_account"] = ref
        kept.append(item)
    return kept


def account_problem(ctx: Context, kind: str, item: Item) -> RowProblem:
    """Why the row's account is neither found nor created (for `kind`): the column and
    value at fault and the reason."""
    record = item.record
    accounts = ctx.accounts
    creates = kind in ACCOUNT_CLASS_FOR_KIND
    name = record.get("account_name") or ""
    if (
        name
        and creates
        and "account_external_id" in ctx.headers
        and not record.get("account_external_id")
    ):
        # The name alone creates no account in a file that names accounts by their id.
        column = ctx.column("account_external_id")
        if accounts.is_ambiguous(name):
            reason = gettext("“%(column)s” is empty and several accounts are named “%(name)s”")
        else:
            reason = gettext(
                "“%(column)s” is empty and no account is named “%(name)s”; accounts are "
                "created only from rows with their id"
            )
        return (item.line, column, "", reason % {"column": column, "name": name})
    if (
        name
        and accounts.is_ambiguous(name)
        and not record.get("account_external_id")
        and not record.get("account_tax_id")
    ):
        reason = gettext(
            "several accounts are named “%(name)s”; the row needs the account's id or tax id"
        )
        return (item.line, ctx.column("account_name"), name, reason % {"name": name})
    field_name, value = accounts.describe(record)
    if creates:
        # No account has the row's id or tax id, and without a name none is created.
        reason = gettext("no such account (and no name to create it)")
    else:
        reason = gettext("no such account")
    return (item.line, ctx.column(field_name), value, reason)


def minor(value: Decimal) -> int:
    """The exact stored integer of an amount (to_minor): the converters have already
    rejected amounts with more than MINOR_SCALE decimals, so nothing is rounded here."""
    return to_minor(value)
