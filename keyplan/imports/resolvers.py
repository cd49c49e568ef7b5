"""In-memory lookups of accounts, products, business units and users for one import run.

Loaded once per run (100,000 accounts fit easily), then kept up to date as the run
creates rows, so each batch costs no query per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from keyplan.accounts.models import Account, AccountClass
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
            self._remember(AccountRef(pk, currency), external_id, tax_id, name)

    def _remember(self, ref: AccountRef, external_id: str, tax_id: str, name: str) -> None:
        if external_id:
            self.by_external[external_id] = ref
        if tax_id:
            self.by_tax.setdefault(_tax_key(tax_id), ref)
        key = name.casefold()
        self.by_name[key] = None if key in self.by_name else ref

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

    def create_missing(
        self, records: list[dict[str, Any]], *, account_class: str, user: User | None
    ) -> None:
        """Create the accounts that `records` name but that do not exist yet (one insert)."""
        new: dict[tuple[str, str], Account] = {}
        for record in records:
            if self.find(record) is not None or not record.get("account_name"):
                continue
            key = (record.get("account_external_id", ""), record["account_name"].casefold())
            if key in new:
                continue
            new[key] = Account(
                name=record["account_name"],
                external_id=record.get("account_external_id", ""),
                tax_id=record.get("account_tax_id", ""),
                country=record.get("account_country", ""),
                currency=record.get("currency") or settings.KEYPLAN_DEFAULT_CURRENCY,
                account_class=account_class,
            )
        if not new:
            return
        if self.dry_run:
            for account in new.values():
                self._remember(
                    AccountRef(self._next_fake, account.currency),
                    account.external_id,
                    account.tax_id,
                    account.name,
                )
                self._next_fake -= 1
            return
        created = bulk_create_with_history(
            list(new.values()),
            Account,
            batch_size=1000,
            default_user=user,
            default_change_reason="import",
        )
        for account in created:
            self._remember(
                AccountRef(account.pk, account.currency),
                account.external_id,
                account.tax_id,
                account.name,
            )


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
