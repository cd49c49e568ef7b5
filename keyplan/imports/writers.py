"""Writing one batch of clean records for each kind, idempotently.

Every writer compares the batch with what is stored under the same natural key and
inserts new rows, updates changed ones and leaves equal ones alone, so re-importing a
file changes nothing. The caller runs each batch in one transaction, together with the
rollup deltas, so a crash never leaves a half-written batch or rollups out of step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from keyplan.accounts import services as account_services
from keyplan.accounts.models import Account, Contact
from keyplan.core.db import bulk_insert
from keyplan.core.fields import from_minor, to_minor
from keyplan.portfolio.models import WalletEstimate
from keyplan.sales.models import InvoiceLine, Opportunity, Payment, Product
from keyplan.sales.rollups import apply_rollup_deltas

from .resolvers import (
    ACCOUNT_CLASS_FOR_KIND,
    AccountResolver,
    BusinessUnitResolver,
    ProductResolver,
    UserResolver,
)

ZERO = Decimal(0)


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
    errors: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, col, value, why
    revenue: Decimal = ZERO
    cost: Decimal = ZERO


class Context:
    """Lookups shared by the batches of one run."""

    def __init__(self, *, user, headers: dict[str, str], dry_run: bool = False) -> None:
        self.user = user
        self.headers = headers  # canonical field -> source column, for error messages
        self.accounts = AccountResolver(dry_run=dry_run)
        self.products = ProductResolver(dry_run=dry_run)
        self.units = BusinessUnitResolver(dry_run=dry_run)
        self.users = UserResolver()
        self._invoices_existed: bool | None = None

    def invoices_may_exist(self) -> bool:
        """Whether invoice lines other than this run's own may be stored: false when the
        table was empty at the run's first batch (asked once per run)."""
        if self._invoices_existed is None:
            self._invoices_existed = InvoiceLine.objects.exists()
        return self._invoices_existed

    def column(self, field_name: str) -> str:
        return self.headers.get(field_name, field_name)


def _resolve_accounts(ctx: Context, kind: str, items: list[Item], result: BatchResult):
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


# --- invoices ------------------------------------------------------------------------

INVOICE_COLUMNS = (
    "account_id",
    "date",
    "product_id",
    "business_unit_id",
    "product_line",
    "quantity",
    "revenue",
    "cost",
    "currency",
)


def write_invoices(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    result = BatchResult()
    items = _resolve_accounts(ctx, "invoices", items, result)
    ctx.units.ensure({i.record["business_unit"] for i in items if i.record.get("business_unit")})
    ctx.products.ensure([i.record for i in items], ctx.units)
    rows: dict[tuple[str, str], tuple] = {}
    find_product = ctx.products.find
    find_unit = ctx.units.find
    has_cost = "cost" in ctx.headers
    revenue_total = cost_total = 0  # minor units
    for item in items:
        record = item.record
        revenue = record["revenue"]
        if "cost" in record:
            cost = record["cost"]
        elif "gross_profit" in record:
            cost = revenue - record["gross_profit"]
        else:
            column = ctx.column("cost") if has_cost else ctx.column("gross_profit")
            reason = gettext("a cost or gross profit is required")
            result.errors.append((item.line, column, "", reason))
            continue
        product = find_product(record)
        unit = find_unit(record.get("business_unit", ""))
        if unit is None and product is not None:
            unit = product[2]
        product_line = record.get("product_line") or (product[1] if product else "")
        account = record["_account"]
        quantity = record.get("quantity")
        revenue_minor = _minor(revenue)
        cost_minor = _minor(cost)
        rows[item.key] = (
            account.pk,
            record["date"],
            product[0] if product else None,
            unit,
            product_line,
            ZERO_QUANTITY if quantity is None else quantity.quantize(QUANTITY_PLACES),
            revenue_minor,
            cost_minor,
            record.get("currency") or account.currency,
        )
        # The totals of what is stored (amounts rounded to the cent), so they add up to the
        # lines and the rollups rather than to the file's unrounded figures.
        revenue_total += revenue_minor
        cost_total += cost_minor
    result.revenue = from_minor(revenue_total)
    result.cost = from_minor(cost_total)
    # A table that held no invoice lines when the run began holds only lines of this run,
    # whose keys are unique within the file (pass 1): nothing to look up.
    existing = _existing(InvoiceLine, "line_key", rows) if ctx.invoices_may_exist() else {}
    inserts, updates = [], []
    deltas: dict[tuple, list] = {}
    for key, row in rows.items():
        old = existing.get(key)
        if old is None:
            inserts.append((key[0], key[1], *row))
            _invoice_delta(deltas, row, +1)
        elif old[1:] == row:
            result.unchanged += 1
        else:
            updates.append((*row, old[0]))
            _invoice_delta(deltas, old[1:], -1)
            _invoice_delta(deltas, row, +1)
    result.created, result.updated = len(inserts), len(updates)
    if not dry_run:
        _insert(InvoiceLine, ("document_number", "line_key", *INVOICE_COLUMNS), inserts)
        _update(InvoiceLine, INVOICE_COLUMNS, updates)
        apply_rollup_deltas(deltas)
    return result


QUANTITY_PLACES = Decimal("0.001")
ZERO_QUANTITY = ZERO.quantize(QUANTITY_PLACES)


def _minor(value: Decimal) -> int:
    """to_minor, without the rounding step for amounts that have at most two decimals."""
    scaled = value.scaleb(2)
    integral = int(scaled)
    return integral if integral == scaled else to_minor(value)


def _invoice_delta(deltas, row: tuple, sign: int) -> None:
    account, day, _product, unit, product_line, quantity, revenue, cost, currency = row
    key = (account, day.replace(day=1), unit or 0, product_line, currency)
    entry = deltas.get(key)
    if entry is None:
        deltas[key] = [sign * revenue, sign * cost, sign * quantity, sign]
    else:
        entry[0] += sign * revenue
        entry[1] += sign * cost
        entry[2] += sign * quantity
        entry[3] += sign


def _existing(model, key_field: str, rows: dict[tuple[str, str], tuple]) -> dict:
    """Stored rows under the batch's natural keys: key -> (pk, *comparable values)."""
    if not rows:
        return {}
    documents = sorted({key[0] for key in rows})
    columns = INVOICE_COLUMNS if model is InvoiceLine else PAYMENT_COLUMNS
    found = {}
    fields = ["pk", "document_number", key_field, *columns]
    for chunk_start in range(0, len(documents), 900):
        chunk = documents[chunk_start : chunk_start + 900]
        for values in model.objects.filter(document_number__in=chunk).values_list(*fields):
            pk, document, line_key, *rest = values
            key = (document, line_key)
            if key in rows:
                found[key] = (pk, *_normalise(model, rest))
    return found


def _normalise(model, values: list) -> tuple:
    # MoneyField gives Decimal; the batch holds minor units. Quantities compare at 3 places.
    out = []
    columns = INVOICE_COLUMNS if model is InvoiceLine else PAYMENT_COLUMNS
    for name, value in zip(columns, values, strict=True):
        if name in ("revenue", "cost", "amount"):
            value = to_minor(value)
        elif name == "quantity":
            value = Decimal(value).quantize(Decimal("0.001"))
        out.append(value)
    return tuple(out)


def _insert(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    bulk_insert(model._meta.db_table, columns, rows)


def _update(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", rows)  # noqa: S608


# --- payments ------------------------------------------------------------------------

PAYMENT_COLUMNS = ("account_id", "due_date", "paid_date", "amount", "currency")


def write_payments(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    result = BatchResult()
    items = _resolve_accounts(ctx, "payments", items, result)
    rows = {}
    for item in items:
        record, account = item.record, item.record["_account"]
        rows[item.key] = (
            account.pk,
            record.get("due_date"),
            record.get("paid_date"),
            to_minor(record["amount"]),
            record.get("currency") or account.currency,
        )
    existing = _existing(Payment, "payment_key", rows)
    inserts, updates = [], []
    for key, row in rows.items():
        old = existing.get(key)
        if old is None:
            inserts.append((key[0], key[1], *row))
        elif old[1:] == row:
            result.unchanged += 1
        else:
            updates.append((*row, old[0]))
    result.created, result.updated = len(inserts), len(updates)
    if not dry_run:
        _insert(Payment, ("document_number", "payment_key", *PAYMENT_COLUMNS), inserts)
        _update(Payment, PAYMENT_COLUMNS, updates)
    return result


# --- products --------------------------------------------------------------------------


def write_products(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    result = BatchResult()
    ctx.units.ensure({i.record["business_unit"] for i in items if i.record.get("business_unit")})
    codes = [i.record["code"] for i in items]
    existing = {p.code: p for p in Product.objects.filter(code__in=codes)}
    new, changed = [], []
    for item in items:
        record = item.record
        unit = ctx.units.find(record.get("business_unit", ""))
        product = existing.get(record["code"])
        values = {
            "name": record.get("name") or (product.name if product else record["code"]),
            "product_line": record.get("product_line", product.product_line if product else ""),
            "business_unit_id": unit
            if "business_unit" in record
            else (product.business_unit_id if product else None),
        }
        if product is None:
            new.append(Product(code=record["code"], **values))
        elif any(getattr(product, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(product, k, v)
            changed.append(product)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new), len(changed)
    if not dry_run:
        Product.objects.bulk_create(new, batch_size=1000)
        Product.objects.bulk_update(changed, ["name", "product_line", "business_unit_id"])
        ctx.products = ProductResolver()
    else:
        for product in new:
            ctx.products.by_code[product.code] = (-1, product.product_line, None)
    return result


# --- accounts --------------------------------------------------------------------------

# The account service's editable fields; parent and owner are resolved separately here.
ACCOUNT_FIELDS = tuple(f for f in account_services.ACCOUNT_FIELDS if f not in ("parent", "owner"))


def write_accounts(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    result = BatchResult()
    wanted = []
    for item in items:
        record = item.record
        ref = ctx.accounts.find(
            {
                "account_external_id": record.get("external_id"),
                "account_tax_id": record.get("tax_id"),
                "account_name": record.get("name"),
            }
        )
        wanted.append((item, ref))
    ids = [ref.pk for _, ref in wanted if ref is not None]
    found = {a.pk: a for a in Account.objects.filter(pk__in=ids)}
    new, changed = [], []
    for item, ref in wanted:
        record = item.record
        values = {k: record[k] for k in ACCOUNT_FIELDS if k in record}
        if "owner" in record:
            owner = ctx.users.find(record["owner"])
            if owner is not None:
                values["owner_id"] = owner
        if ref is None:
            values.setdefault("currency", settings.KEYPLAN_DEFAULT_CURRENCY)
            account = Account(**values)
            new.append(account)
            item.record["_new"] = account
            continue
        account = found[ref.pk]
        item.record["_existing"] = account
        if "annual_revenue" in values and account.annual_revenue is not None:
            values["annual_revenue"] = values["annual_revenue"].quantize(Decimal("0.01"))
        if any(getattr(account, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(account, k, v)
            changed.append(account)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new), len(changed)
    created = []
    if not dry_run:
        created = bulk_create_with_history(
            new, Account, batch_size=1000, default_user=ctx.user, default_change_reason="import"
        )
        if changed:
            bulk_update_with_history(
                changed,
                Account,
                [*ACCOUNT_FIELDS, "owner_id"],
                batch_size=1000,
                default_user=ctx.user,
                default_change_reason="import",
            )
    for account in created if not dry_run else new:
        ctx.accounts._remember(
            _ref(account) if not dry_run else _fake_ref(ctx, account),
            account.external_id,
            account.tax_id,
            account.name,
        )
    return result


def _ref(account: Account):
    from .resolvers import AccountRef

    return AccountRef(account.pk, account.currency)


def _fake_ref(ctx: Context, account: Account):
    from .resolvers import AccountRef

    ref = AccountRef(ctx.accounts._next_fake, account.currency)
    ctx.accounts._next_fake -= 1
    return ref


def link_parents(ctx: Context, pairs: list[tuple[int, str, str]], *, dry_run: bool):
    """After all batches: set parents by external id. pairs: (line, child external id or
    name, parent external id). Returns errors for parents that do not exist."""
    errors = []
    updates = []
    for line, child_key, parent_external_id in pairs:
        parent = ctx.accounts.by_external.get(parent_external_id)
        child = ctx.accounts.by_external.get(child_key) or ctx.accounts.by_name.get(
            child_key.casefold()
        )
        if parent is None:
            errors.append(
                (
                    line,
                    ctx.column("parent_external_id"),
                    parent_external_id,
                    gettext("no account with this external id"),
                )
            )
            continue
        if child is None or child.pk == parent.pk:
            continue
        updates.append((child.pk, parent.pk))
    if not dry_run and updates:
        accounts = {a.pk: a for a in Account.objects.filter(pk__in=[c for c, _ in updates])}
        changed = []
        for child_pk, parent_pk in updates:
            account = accounts[child_pk]
            if account.parent_id != parent_pk and not _is_ancestor(child_pk, parent_pk):
                account.parent_id = parent_pk
                changed.append(account)
        if changed:
            bulk_update_with_history(
                changed,
                Account,
                ["parent"],
                batch_size=1000,
                default_user=ctx.user,
                default_change_reason="import",
            )
    return errors


def _is_ancestor(candidate: int, start: int) -> bool:
    seen, current = set(), start
    while current is not None and current not in seen:
        if current == candidate:
            return True
        seen.add(current)
        current = Account.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return False


# --- contacts ------------------------------------------------------------------------


CONTACT_FIELDS = ("first_name", "last_name", "title", "email", "phone")


def write_contacts(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    result = BatchResult()
    items = _resolve_accounts(ctx, "contacts", items, result)
    account_ids = {i.record["_account"].pk for i in items}
    # A contact is found by its e-mail, or, for a row without one, by its (unique) name;
    # a row with an e-mail also finds a same-named contact that has no e-mail yet.
    existing: dict[tuple, Contact | None] = {}
    for contact in Contact.objects.filter(account_id__in=account_ids):
        _remember_contact(existing, contact)
    new, changed = [], []
    for item in items:
        record = item.record
        account_id = record["_account"].pk
        values = {k: record.get(k, "") for k in CONTACT_FIELDS}
        contact = existing.get(_contact_key(account_id, values))
        if contact is None and values["email"]:
            by_name = existing.get(_contact_key(account_id, {**values, "email": ""}))
            contact = by_name if by_name is not None and not by_name.email else None
        if contact is None:
            contact = Contact(account_id=account_id, **values)
            new.append(contact)
            _remember_contact(existing, contact)
        elif any(getattr(contact, k) != v for k, v in values.items() if k in record):
            for k in CONTACT_FIELDS:
                if k in record:
                    setattr(contact, k, record[k])
            changed.append(contact)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new), len(changed)
    if not dry_run:
        bulk_create_with_history(
            new, Contact, batch_size=1000, default_user=ctx.user, default_change_reason="import"
        )
        if changed:
            bulk_update_with_history(
                changed,
                Contact,
                list(CONTACT_FIELDS),
                batch_size=1000,
                default_user=ctx.user,
                default_change_reason="import",
            )
    return result


def _remember_contact(existing: dict[tuple, Contact | None], contact: Contact) -> None:
    values = {k: getattr(contact, k) for k in CONTACT_FIELDS}
    if contact.email:
        existing[_contact_key(contact.account_id, values)] = contact
    name_key = _contact_key(contact.account_id, {**values, "email": ""})
    existing[name_key] = None if name_key in existing else contact  # None: not unique


def _contact_key(account_id: int, values: dict) -> tuple:
    email = (values.get("email") or "").casefold()
    if email:
        return (account_id, "e", email)
    name = f"{values.get('first_name', '')} {values.get('last_name', '')}".casefold().strip()
    return (account_id, "n", name)


# --- opportunities -------------------------------------------------------------------


OPPORTUNITY_FIELDS = (
    "account_id",
    "name",
    "stage",
    "amount",
    "currency",
    "probability",
    "created_date",
    "close_date",
    "status",
    "competitor",
    "owner_id",
)


# Opportunity field -> the import fields that set it (account and name are always there).
OPPORTUNITY_SOURCES = {
    "stage": ("stage",),
    "amount": ("amount",),
    "currency": ("currency",),
    "probability": ("probability",),
    "created_date": ("created_date",),
    "close_date": ("close_date",),
    "status": ("status", "is_won", "is_closed", "stage"),
    "competitor": ("competitor",),
    "owner_id": ("owner",),
}


def write_opportunities(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    result = BatchResult()
    items = _resolve_accounts(ctx, "opportunities", items, result)
    keys = [i.key[0] for i in items]
    existing = {o.external_id: o for o in Opportunity.objects.filter(external_id__in=keys)}
    new, changed = [], []
    for item in items:
        record, account = item.record, item.record["_account"]
        status = record.get("status")
        if status is None and "is_closed" in record:
            status = ("won" if record.get("is_won") else "lost") if record["is_closed"] else "open"
        elif status is None and record.get("is_won"):
            status = "won"
        stage = record.get("stage", "")
        if status is None:
            lowered = stage.replace(" ", "").casefold()
            status = (
                "won" if lowered == "closedwon" else "lost" if lowered == "closedlost" else "open"
            )
        values = {
            "account_id": account.pk,
            "name": record["name"],
            "stage": stage,
            "amount": record.get("amount"),
            "currency": record.get("currency") or account.currency,
            "probability": record.get("probability"),
            "created_date": record.get("created_date"),
            "close_date": record.get("close_date"),
            "status": status,
            "competitor": record.get("competitor", ""),
            "owner_id": ctx.users.find(record.get("owner")),
        }
        if values["amount"] is not None:
            values["amount"] = values["amount"].quantize(Decimal("0.01"))
        if values["probability"] is not None:
            values["probability"] = values["probability"].quantize(Decimal("0.01"))
        opportunity = existing.get(item.key[0])
        if opportunity is not None:
            # What the file has no column for, and an owner it names but keyplan does not
            # know, keep what the users entered: re-importing then changes nothing.
            values = {
                k: v
                for k, v in values.items()
                if (
                    k not in OPPORTUNITY_SOURCES
                    or any(f in ctx.headers for f in OPPORTUNITY_SOURCES[k])
                )
                and not (k == "owner_id" and v is None)
            }
        if opportunity is None:
            opportunity = Opportunity(external_id=item.key[0], **values)
            new.append(opportunity)
            existing[item.key[0]] = opportunity
        elif any(getattr(opportunity, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(opportunity, k, v)
            changed.append(opportunity)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new), len(changed)
    if not dry_run:
        Opportunity.objects.bulk_create(new, batch_size=1000)
        Opportunity.objects.bulk_update(changed, list(OPPORTUNITY_FIELDS), batch_size=1000)
    return result


# --- share of wallet -------------------------------------------------------------------

WALLET_FIELDS = ("category_spend", "currency", "source")
WALLET_DIGITS = 16
WALLET_LIMIT = Decimal(10) ** WALLET_DIGITS


def write_wallet(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    """One estimate per account (`portfolio.WalletEstimate`): a row sets the account's
    yearly category spend, in the row's currency or else the account's; a file without a
    source column keeps the stored source. Accounts are never created from this kind: an
    estimate for an account keyplan does not know is a mistake in the file."""
    result = BatchResult()
    wanted: dict[int, tuple[int, dict[str, Any]]] = {}  # account pk -> (line, values)
    for item in items:
        record = item.record
        ref = ctx.accounts.find(record)
        if ref is None:
            field_name, value = ctx.accounts.describe(record)
            reason = gettext("no such account")
            result.errors.append((item.line, ctx.column(field_name), value, reason))
            continue
        spend = record["category_spend"]
        if spend < 0:
            reason = gettext("the spend must not be negative")
            result.errors.append((item.line, ctx.column("category_spend"), str(spend), reason))
            continue
        if spend >= WALLET_LIMIT:  # what the estimate's column holds (and set_wallet takes)
            reason = gettext(
                "“%(value)s” is too large (more than %(digits)s digits before the decimal "
                "separator)"
            ) % {"value": str(spend), "digits": WALLET_DIGITS}
            result.errors.append((item.line, ctx.column("category_spend"), str(spend), reason))
            continue
        if ref.pk in wanted:
            # The same account named twice (say by its id and by its name) in one batch.
            reason = gettext("duplicate of line %(line)s") % {"line": wanted[ref.pk][0]}
            result.errors.append((item.line, "", "", reason))
            continue
        values = {
            "category_spend": from_minor(_minor(spend)),
            "currency": record.get("currency") or ref.currency,
        }
        if "source" in ctx.headers:
            values["source"] = record.get("source", "")
        wanted[ref.pk] = (item.line, values)
    ids = list(wanted)
    existing = {}
    for start in range(0, len(ids), 900):
        for estimate in WalletEstimate.objects.filter(account_id__in=ids[start : start + 900]):
            existing[estimate.account_id] = estimate
    user_id = ctx.user.pk if ctx.user is not None else None
    now = timezone.now()
    new, changed = [], []
    for account_id, (_line, values) in wanted.items():
        estimate = existing.get(account_id)
        if estimate is None:
            values.setdefault("source", "")
            new.append(WalletEstimate(account_id=account_id, updated_by_id=user_id, **values))
        elif any(getattr(estimate, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(estimate, k, v)
            estimate.updated_by_id = user_id
            estimate.updated_at = now  # bulk_update does not apply auto_now
            changed.append(estimate)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new), len(changed)
    if not dry_run:
        bulk_create_with_history(
            new,
            WalletEstimate,
            batch_size=1000,
            default_user=ctx.user,
            default_change_reason="import",
        )
        if changed:
            bulk_update_with_history(
                changed,
                WalletEstimate,
                [*WALLET_FIELDS, "updated_by", "updated_at"],
                batch_size=1000,
                default_user=ctx.user,
                default_change_reason="import",
            )
    return result


WRITERS = {
    "accounts": write_accounts,
    "contacts": write_contacts,
    "products": write_products,
    "invoices": write_invoices,
    "payments": write_payments,
    "opportunities": write_opportunities,
    "wallet": write_wallet,
}

# Interactions are written in their own module (it reads this module's types lazily).
from .writers_interactions import write_interactions  # noqa: E402

WRITERS["interactions"] = write_interactions
