"""Writing accounts (with their parents) and contacts, one batch at a time, idempotently
(see `keyplan.imports.writing.services`), with their change history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from keyplan.accounts import services as account_services
from keyplan.accounts.models import Account, Contact
from keyplan.core.dataversion import bump

from ..lookups.services import AccountRef
from ..writing.services import BatchResult, Context, Item, RowProblem, resolve_accounts

# The account service's editable fields; parent and owner are resolved separately here.
ACCOUNT_FIELDS = tuple(f for f in account_services.ACCOUNT_FIELDS if f not in ("parent", "owner"))


def write_accounts(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    result = BatchResult()
    wanted = _stored(ctx, _with_known_parent(ctx, items, result))
    ids = [ref.pk for _, ref in wanted if ref is not None]
    found = {a.pk: a for a in Account.objects.filter(pk__in=ids)}
    new: list[Account] = []
    changed: list[Account] = []
    for item, ref in wanted:
        record = item.record
        values: dict[str, Any] = {k: record[k] for k in ACCOUNT_FIELDS if k in record}
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
    created: list[Account] = []
    if not dry_run and (new or changed):
        bump("accounts.account")  # bulk writes send no signal; the cached analyses read these
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
        ctx.accounts.remember(
            AccountRef(account.pk, account.currency)
            if not dry_run
            else ctx.accounts.stand_in(account.currency),
            account.external_id,
            account.tax_id,
            account.name,
        )
    return result


def _stored(ctx: Context, items: list[Item]) -> list[tuple[Item, AccountRef | None]]:
    """Each item with its stored account (None: a new one); the rows' parent links are
    noted for link_parents."""
    wanted: list[tuple[Item, AccountRef | None]] = []
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
        if record.get("parent_external_id"):
            child = record.get("external_id") or record["name"]
            ctx.parent_links.append((item.line, child, record["parent_external_id"]))
        if ref is not None and record.get("external_id"):
            # An account found by tax id or name takes the file's id: its children find
            # it by that id (link_parents).
            ctx.accounts.by_external[record["external_id"]] = ref
    return wanted


def _with_known_parent(ctx: Context, items: list[Item], result: BatchResult) -> list[Item]:
    """The items without a parent or whose parent (`parent_external_id`) is an account
    keyplan knows or another of the items kept; the others wait for the end of the run
    (`ctx.hold_unmatched`: a later row may bring the parent) or are rejected, before
    anything is written, so a rejected row leaves no account behind."""
    known = ctx.accounts.by_external
    waiting = {
        n: parent
        for n, item in enumerate(items)
        if (parent := item.record.get("parent_external_id")) and parent not in known
    }
    if not waiting:
        return items
    ids = {item.record.get("external_id") for n, item in enumerate(items) if n not in waiting}
    while ready := [n for n, parent in waiting.items() if parent in ids]:
        for n in ready:
            del waiting[n]
            ids.add(items[n].record.get("external_id"))
    for n in _in_loops(items, waiting):
        # Accounts that are each other's parents are written; link_parents skips the
        # link that would close the loop, as it always did.
        del waiting[n]
    for n, parent in waiting.items():
        item = items[n]
        if ctx.hold_unmatched:
            result.held.append(item)
            continue
        reason = gettext("no account with this external id")
        result.errors.append((item.line, ctx.column("parent_external_id"), parent, reason))
    return [item for n, item in enumerate(items) if n not in waiting]


def _in_loops(items: list[Item], waiting: dict[int, str]) -> list[int]:
    """Of the `waiting` items (position -> parent's external id), those whose chain of
    parents within `waiting` comes back on itself, and those whose chain reaches them."""
    position = {items[n].record.get("external_id"): n for n in waiting}
    looped: set[int] = set()
    for start in waiting:
        seen: list[int] = []
        n: int | None = start
        while n is not None and n not in seen and n not in looped:
            seen.append(n)
            n = position.get(waiting[n])
        if n is not None:  # back on the chain, or on a chain already found to loop
            looped.update(seen)
    return sorted(looped)


def link_parents(
    ctx: Context, pairs: list[tuple[int, str, str]], *, dry_run: bool
) -> list[RowProblem]:
    """After all batches: set parents by external id. pairs: (line, child external id or
    name, parent external id). Returns errors for parents that do not exist."""
    errors: list[RowProblem] = []
    updates: list[tuple[int, int]] = []
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
        changed: list[Account] = []
        for child_pk, parent_pk in updates:
            account = accounts[child_pk]
            if account.parent_id != parent_pk and not _is_ancestor(child_pk, parent_pk):
                account.parent_id = parent_pk
                changed.append(account)
        if changed:
            bump("accounts.account")
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
    seen: set[int] = set()
    current: int | None = start
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
    items = resolve_accounts(ctx, "contacts", items, result)
    account_ids = {i.record["_account"].pk for i in items}
    # A contact is found by its e-mail, or, for a row without one, by its (unique) name;
    # a row with an e-mail also finds a same-named contact that has no e-mail yet.
    existing: dict[tuple, Contact | None] = {}
    for stored in Contact.objects.filter(account_id__in=account_ids):
        _remember_contact(existing, stored)
    new: list[Contact] = []
    changed: list[Contact] = []
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
