"""Writing invoice lines, payments and products, one batch at a time, idempotently (see
`keyplan.imports.writing.services`). Invoice lines and payments are compared and written
with plain SQL; the monthly rollups move with the invoice lines, in their transaction.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils.translation import gettext

from keyplan.core.db import bulk_insert
from keyplan.core.fields import from_minor, to_minor
from keyplan.sales.models import InvoiceLine, Payment, Product
from keyplan.sales.services import apply_rollup_deltas

from ..lookups.services import ProductResolver
from ..writing.services import ZERO, BatchResult, Context, Item, minor, resolve_accounts

# --- invoices ------------------------------------------------------------------------

QUANTITY_PLACES = Decimal("0.001")
ZERO_QUANTITY = ZERO.quantize(QUANTITY_PLACES)
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
    # The rows' own checks come first: accounts, units and products are created only
    # for the rows that pass them (a rejected row leaves nothing behind).
    items = _with_cost(ctx, items, result)
    items = resolve_accounts(ctx, "invoices", items, result)
    ctx.units.ensure({i.record["business_unit"] for i in items if i.record.get("business_unit")})
    ctx.products.ensure([i.record for i in items], ctx.units)
    rows: dict[tuple[str, str], tuple] = {}
    find_product = ctx.products.find
    find_unit = ctx.units.find
    revenue_total = cost_total = 0  # minor units
    for item in items:
        record = item.record
        revenue, cost = record["revenue"], record["_cost"]
        product = find_product(record)
        unit = find_unit(record.get("business_unit", ""))
        if unit is None and product is not None:
            unit = product[2]
        product_line = record.get("product_line") or (product[1] if product else "")
        account = record["_account"]
        quantity = record.get("quantity")
        revenue_minor = minor(revenue)
        cost_minor = minor(cost)
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
        # The totals of what is stored: the exact amounts (at most four decimals), so they
        # equal the lines, the rollups and the file's own figures.
        revenue_total += revenue_minor
        cost_total += cost_minor
    result.revenue = from_minor(revenue_total)
    result.cost = from_minor(cost_total)
    # A table that held no invoice lines when the run began holds only lines of this run,
    # whose keys are unique within the file (pass 1): nothing to look up.
    existing = _existing(InvoiceLine, "line_key", rows) if ctx.invoices_may_exist() else {}
    inserts: list[tuple] = []
    updates: list[tuple] = []
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


def _with_cost(ctx: Context, items: list[Item], result: BatchResult) -> list[Item]:
    """The items with a cost, in `record["_cost"]` (the cost column, else revenue - gross
    profit, exactly); the others are rejected into `result`."""
    has_cost = "cost" in ctx.headers
    kept = []
    for item in items:
        record = item.record
        if "cost" in record:
            record["_cost"] = record["cost"]
        elif "gross_profit" in record:
            record["_cost"] = record["revenue"] - record["gross_profit"]  # Decimal: exact
        else:
            column = ctx.column("cost") if has_cost else ctx.column("gross_profit")
            reason = gettext("a cost or gross profit is required")
            result.errors.append((item.line, column, "", reason))
            continue
        kept.append(item)
    return kept


def _invoice_delta(deltas: dict[tuple, list], row: tuple, sign: int) -> None:
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


def _existing(
    model: type[InvoiceLine | Payment], key_field: str, rows: dict[tuple[str, str], tuple]
) -> dict[tuple[str, str], tuple]:
    """Stored rows under the batch's natural keys: key -> (pk, *comparable values)."""
    if not rows:
        return {}
    documents = sorted({key[0] for key in rows})
    columns = INVOICE_COLUMNS if model is InvoiceLine else PAYMENT_COLUMNS
    found: dict[tuple[str, str], tuple] = {}
    fields = ["pk", "document_number", key_field, *columns]
    for chunk_start in range(0, len(documents), 900):
        chunk = documents[chunk_start : chunk_start + 900]
        for values in model.objects.filter(document_number__in=chunk).values_list(*fields):
            pk, document, line_key, *rest = values
            key = (document, line_key)
            if key in rows:
                found[key] = (pk, *_normalise(model, rest))
    return found


def _normalise(model: type[InvoiceLine | Payment], values: list) -> tuple:
    # MoneyField gives Decimal; the batch holds integer ten-thousandths (to_minor).
    # Quantities compare at 3 places.
    out = []
    columns = INVOICE_COLUMNS if model is InvoiceLine else PAYMENT_COLUMNS
    for name, value in zip(columns, values, strict=True):
        if name in ("revenue", "cost", "amount"):
            value = to_minor(value)
        elif name == "quantity":
            value = Decimal(value).quantize(Decimal("0.001"))
        out.append(value)
    return tuple(out)


def _insert(model: type[Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
    bulk_insert(model._meta.db_table, columns, rows)


def _update(model: type[Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", rows)  # noqa: S608


# --- payments ------------------------------------------------------------------------

PAYMENT_COLUMNS = ("account_id", "invoice_date", "due_date", "paid_date", "amount", "currency")


def write_payments(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    result = BatchResult()
    items = resolve_accounts(ctx, "payments", items, result)
    rows: dict[tuple[str, str], tuple] = {}
    for item in items:
        record, account = item.record, item.record["_account"]
        rows[item.key] = (
            account.pk,
            record.get("invoice_date"),
            record.get("due_date"),
            record.get("paid_date"),
            to_minor(record["amount"]),
            record.get("currency") or account.currency,
        )
    existing = _existing(Payment, "payment_key", rows)
    inserts: list[tuple] = []
    updates: list[tuple] = []
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
    new: list[Product] = []
    changed: list[Product] = []
    for item in items:
        record = item.record
        unit = ctx.units.find(record.get("business_unit", ""))
        product = existing.get(record["code"])
        values: dict[str, Any] = {
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
