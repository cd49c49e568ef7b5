"""In-memory lookups of accounts, products, business units and users for one import run.

Loaded once per run (100,000 accounts fit easily), then kept up to date as the run
creates rows, so each batch costs no query per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import CharField
from django.utils import timezone
from django.utils.text import slugify

from keyplan.accounts.models import Account, AccountClass
from keyplan.core.dataversion import bump
from keyplan.core.db import bulk_insert
from keyplan.sales.models import Product
from keyplan.users.models import BusinessUnit, User


@dataclass
class AccountRef:
    pk: int
    currency: str


class AccountResolver:
    def __init__(self, *, dry_run: bool = False) -> None:
        # A dry run writes nothing: accounts it would create get negative stand-in keys.
        self.dry_run = dry_run
        self._next_fake = -1
        self.by_external: dict[str, AccountRef] = {}
        self.by_tax: dict[str, AccountRef] = {}
        self.by_name: dict[str, AccountRef | None] = {}  # None: the name is not unique
        rows = Account.objects.values_list("pk", "external_id", "tax_id", "name", "currency")
        for pk, external_id, tax_id, name, currency in rows.iterator(chunk_size=5000):
            self.remember(AccountRef(pk, currency), external_id, tax_id, name)

    def remember(self, ref: AccountRef, external_id: str, tax_id: str, name: str) -> None:
        if external_id:
            self.by_external[external_id] = ref
        if tax_id:
            self.by_tax.setdefault(_tax_key(tax_id), ref)
        key = name.casefold()
        self.by_name[key] = None if key in self.by_name else ref

    def stand_in(self, currency: str) -> AccountRef:
        """A negative stand-in key for an account that a dry run would create."""
        ref = AccountRef(self._next_fake, currency)
        self._next_fake -= 1
        return ref

    def find(self, record: dict[str, Any]) -> AccountRef | None:
        """By external id, then tax id, then exact (unique) name: an external id keyplan
        does not know yet falls through to the tax id and the name, so the lines of an
        account created by hand (or from another system) land on it, not on a copy."""
        external_id = record.get("account_external_id")
        if external_id and (ref := self.by_external.get(external_id)):
            return ref
        tax_id = record.get("account_tax_id")
        if tax_id and (ref := self.by_tax.get(_tax_key(tax_id))):
            return ref
        name = record.get("account_name")
        if name:
            return self.by_name.get(name.casefold())
        return None

    def describe(self, record: dict[str, Any]) -> tuple[str, str]:
        for field in ("account_external_id", "account_tax_id", "account_name"):
            if record.get(field):
                return field, record[field]
        return "account", ""

    def is_ambiguous(self, name: str) -> bool:
        """Whether several accounts have this exact name (ignoring case)."""
        key = name.casefold()
        return key in self.by_name and self.by_name[key] is None

    def create_missing(
        self,
        records: list[dict[str, Any]],
        *,
        account_class: str,
        user: User | None,
        id_required: bool,
    ) -> dict[int, AccountRef]:
        """Create the accounts that `records` name but that do not exist yet (one insert);
        returns, by position in `records`, the account created for each record that
        created one. Give it only the records of rows that passed every other check: an
        account created for a row rejected afterwards would stay.

        A record creates its account only when it has a name and, when `id_required` (the
        file has an account id column), the account's external id: a row without the id
        the file otherwise names its accounts by would create a twin of the account its id
        rows create. Without an id column, a record creates its account by tax id, else
        by a name no stored account has (not beside several accounts of that name). The
        records of one account share it: by external id, else as `find` would match them
        (tax id, then name) had the first one been stored already."""
        new: dict[tuple[str, str], dict[str, Any]] = {}
        planned_names: dict[str, tuple[str, str]] = {}  # name -> new account without an id
        planned: dict[int, tuple[str, str]] = {}
        default_currency = settings.KEYPLAN_DEFAULT_CURRENCY
        for n, record in enumerate(records):
            name = record.get("account_name")
            if not name or self.find(record) is not None:
                continue
            key = self._creation_key(record, name, new, planned_names, id_required=id_required)
            if key is None:
                continue
            planned[n] = key
            if key in new:
                continue
            external_id = record.get("account_external_id") or ""
            new[key] = {
                "name": name,
                "external_id": external_id,
                "tax_id": record.get("account_tax_id", ""),
                "country": record.get("account_country", ""),
                "currency": record.get("currency") or default_currency,
                "account_class": account_class,
            }
            if not external_id and not self.is_ambiguous(name):
                planned_names.setdefault(name.casefold(), key)
        if not new:
            return {}
        accounts = list(new.values())
        if self.dry_run:
            refs = [self.stand_in(account["currency"]) for account in accounts]
        else:
            pks = insert_accounts_with_history(accounts, user=user, change_reason="import")
            refs = [
                AccountRef(pk, account["currency"])
                for pk, account in zip(pks, accounts, strict=True)
            ]
        ref_of: dict[tuple[str, str], AccountRef] = {}
        for key, ref, account in zip(new, refs, accounts, strict=True):
            self.remember(ref, account["external_id"], account["tax_id"], account["name"])
            ref_of[key] = ref
        return {n: ref_of[key] for n, key in planned.items()}

    def _creation_key(
        self,
        record: dict[str, Any],
        name: str,
        new: dict[tuple[str, str], dict[str, Any]],
        planned_names: dict[str, tuple[str, str]],
        *,
        id_required: bool,
    ) -> tuple[str, str] | None:
        """The key of the account that a record `find` does not match would create: one
        of `new` (the accounts planned so far) or a new one; None when it may create none."""
        if external_id := record.get("account_external_id"):
            return ("external_id", external_id)
        if id_required:
            return None
        tax_key = _tax_key(record.get("account_tax_id") or "")
        name_key = name.casefold()
        if tax_key and ("tax_id", tax_key) in new:
            return ("tax_id", tax_key)
        if name_key in planned_names:
            return planned_names[name_key]
        if tax_key:
            return ("tax_id", tax_key)
        if name_key in self.by_name:  # several stored accounts have the name
            return None
        return ("name", name_key)


def insert_accounts_with_history(
    accounts: list[dict[str, Any]], *, user: User | None, change_reason: str
) -> list[int]:
    """Insert new accounts and their creation history ("+") with plain SQL; returns their
    primary keys in order.

    What bulk_create_with_history does, without building a model instance and compiling
    an insert per object: `accounts` hold field values (attnames); every other column
    gets the model's default, computed once."""
    now = timezone.now()
    fields = [f for f in Account._meta.concrete_fields if not f.primary_key]
    template = Account()
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = getattr(template, f.attname)
    # Values that are the same for every row are prepared once; the strings the import
    # sets per row are stored as they are (CharField needs no preparation).
    fixed = {f.attname: f.get_db_prep_save(defaults[f.attname], connection) for f in fields}
    columns = [f.attname for f in fields]
    varying = {k for account in accounts[:1] for k in account}
    if varying - set(columns) or any(
        not isinstance(Account._meta.get_field(c), CharField) for c in varying
    ):
        raise ValueError(f"only text fields of Account can be given: {sorted(varying)}")
    table = connection.ops.quote_name(Account._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    pk_column = connection.ops.quote_name(Account._meta.pk.column)
    rows = [tuple(a[c] if c in varying else fixed[c] for c in columns) for a in accounts]
    bump("accounts.account")  # plain SQL sends no signal; the cached analyses read accounts
    if connection.vendor == "postgresql":
        # Ids from the table's own sequence, then one COPY: no SQL to parse per row.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [Account._meta.db_table, Account._meta.pk.column, len(rows)],
            )
            pks = [row[0] for row in cursor.fetchall()]
        bulk_insert(
            Account._meta.db_table,
            [Account._meta.pk.column, *(f.column for f in fields)],
            [(pk, *row) for pk, row in zip(pks, rows, strict=True)],
        )
        if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            _insert_history(Account, columns, rows, pks, user, change_reason, now)
        return pks
    per_statement = max(1, min(1000, _max_query_params() // len(columns)))
    pks = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            marks = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(chunk))
            params = [value for row in chunk for value in row]
            # Only quoted names from the model are interpolated; values are bound.
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {marks} RETURNING {pk_column}",  # noqa: S608
                params,
            )
            pks.extend(row[0] for row in cursor.fetchall())
    if len(pks) != len(rows):
        raise RuntimeError("the database returned fewer account ids than accounts inserted")
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        _insert_history(Account, columns, rows, pks, user, change_reason, now)
    return pks


def _insert_history(
    model: type[Account],
    columns: list[str],
    rows: list[tuple],
    pks: list[int],
    user: User | None,
    change_reason: str,
    now: datetime,
) -> None:
    history_model = model.history.model
    tracked = [f.attname for f in history_model.tracked_fields]
    position = {c: i for i, c in enumerate(columns)}
    if user is None:
        user = history_model.get_default_history_user(None)
    user_id = getattr(user, "pk", None)
    history_date = history_model._meta.get_field("history_date").get_db_prep_save(now, connection)
    names = [
        model._meta.pk.attname,
        *(a for a in tracked if a != model._meta.pk.attname),
    ]
    extra = ["history_date", "history_change_reason", "history_type", "history_user"]
    history_columns = [history_model._meta.get_field(n).column for n in (*names, *extra)]
    picks = [position[a] for a in names[1:]]
    tail = (history_date, change_reason, "+", user_id)
    history_rows = [
        (pk, *(row[i] for i in picks), *tail) for pk, row in zip(pks, rows, strict=True)
    ]
    bulk_insert(history_model._meta.db_table, history_columns, history_rows)


def _max_query_params() -> int:
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:  # Python < 3.11
            return 999
    return connection.features.max_query_params or 65535


def _tax_key(tax_id: str) -> str:
    return "".join(ch for ch in tax_id.upper() if ch.isalnum())


class ProductResolver:
    def __init__(self, *, dry_run: bool = False) -> None:
        self.dry_run = dry_run
        self.by_code: dict[str, tuple[int, str, int | None]] = {
            code: (pk, line, unit)
            for pk, code, line, unit in Product.objects.values_list(
                "pk", "code", "product_line", "business_unit_id"
            ).iterator(chunk_size=5000)
        }

    @staticmethod
    def code_of(record: dict[str, Any]) -> str:
        return record.get("product_code") or (record.get("product_name") or "")[:64]

    def ensure(self, records: list[dict[str, Any]], units: BusinessUnitResolver) -> None:
        new: dict[str, Product] = {}
        for record in records:
            code = self.code_of(record)
            if not code or code in self.by_code or code in new:
                continue
            unit = units.find(record.get("business_unit", ""))
            new[code] = Product(
                code=code,
                name=record.get("product_name") or code,
                product_line=record.get("product_line", ""),
                business_unit_id=unit,
            )
        if new and self.dry_run:
            for n, (code, product) in enumerate(new.items(), start=len(self.by_code) + 1):
                self.by_code[code] = (-n, product.product_line, product.business_unit_id)
        elif new:
            Product.objects.bulk_create(new.values(), batch_size=1000)
            for pk, code, line, unit in Product.objects.filter(code__in=list(new)).values_list(
                "pk", "code", "product_line", "business_unit_id"
            ):
                self.by_code[code] = (pk, line, unit)

    def find(self, record: dict[str, Any]) -> tuple[int, str, int | None] | None:
        code = self.code_of(record)
        return self.by_code.get(code) if code else None


class BusinessUnitResolver:
    def __init__(self, *, dry_run: bool = False) -> None:
        self.dry_run = dry_run
        self.by_key: dict[str, int] = {}
        for pk, code, name in BusinessUnit.objects.values_list("pk", "code", "name"):
            self.by_key[code.casefold()] = pk
            self.by_key[name.casefold()] = pk

    def find(self, text: str) -> int | None:
        return self.by_key.get(text.casefold()) if text else None

    def ensure(self, names: set[str]) -> None:
        for name in sorted(names):
            if not name or self.find(name) is not None:
                continue
            if self.dry_run:
                self.by_key[name.casefold()] = -(len(self.by_key) + 1)
                continue
            base = slugify(name)[:24] or "unit"
            code, n = base, 1
            while BusinessUnit.objects.filter(code=code).exists():
                n += 1
                code = f"{base}-{n}"
            unit = BusinessUnit.objects.create(name=name[:100], code=code)
            self.by_key[name.casefold()] = unit.pk
            self.by_key[code.casefold()] = unit.pk


class UserResolver:
    """Owners named by user name, e-mail or full name; unknown names leave no owner."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        for pk, username, email, first, last in User.objects.filter(is_active=True).values_list(
            "pk", "username", "email", "first_name", "last_name"
        ):
            for key in (username, email, f"{first} {last}".strip()):
                if key:
                    self.by_key.setdefault(key.casefold(), pk)

    def find(self, text: str | None) -> int | None:
        return self.by_key.get(text.casefold()) if text else None


ACCOUNT_CLASS_FOR_KIND = {
    "invoices": AccountClass.REGULAR,
    "payments": AccountClass.REGULAR,
    "opportunities": AccountClass.PROSPECT,
}
