"""Archiving, restoring and purging accounts and contacts (issue #19: nothing destroyed
by one click).

- account_archive / contact_archive: hide from lists and pickers, keep everything (sales,
  plans, snapshots, history); recorded in the history with who and when.
- account_restore / contact_restore: the owner, a director or an administrator (for a
  contact: whoever may write its account) brings it back.
- account_purge: an administrator only, on an archived account, with its name typed as
  confirmation. Deletes it and what hangs on it for good, except the portfolio snapshots
  (their rows keep the account's id and name) and an AccountPurge row that records who,
  when and what. The personal data of its contacts is blanked in their history too (no
  one could erase it afterwards).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.core import pagecache
from keyplan.core.history import save_with_history
from keyplan.users.audit.services import record
from keyplan.users.models import AuditKind

from .access import can_delete_account, can_purge_account, can_write_account
from .models import Account, AccountPurge, Contact

if TYPE_CHECKING:
    from keyplan.users.models import User

ERASED_CONTACT = "Erased contact #%(id)s"  # as keyplan.stakeholders.privacy writes it


def _locked(account: Account) -> Account:
    return Account.objects.select_for_update(of=("self",)).get(pk=account.pk)


@transaction.atomic
def account_archive(*, user: User, account: Account) -> Account:
    """Archive `account` (its owner, directors, administrators; PermissionDenied
    otherwise). Nothing is deleted. Already archived: nothing to do. Refused
    (ValidationError) while it has subsidiaries that are not archived."""
    if not can_delete_account(user, account):
        raise PermissionDenied
    current = _locked(account)
    if current.archived_at is not None:
        return current
    if current.subsidiaries.filter(archived_at__isnull=True).exists():
        raise ValidationError(_("This account has subsidiaries; move or archive them first."))
    current.archived_at = timezone.now()
    current.archived_by = user
    save_with_history(current, user, "archived")
    record(AuditKind.ACCOUNT_ARCHIVED, actor=user, after=current.name)
    return current


@transaction.atomic
def account_restore(*, user: User, account: Account) -> Account:
    """Bring an archived account back (its owner, directors, administrators). Refused
    while its parent account is archived: restore the parent first."""
    if not can_delete_account(user, account):
        raise PermissionDenied
    current = _locked(account)
    if current.archived_at is None:
        return current
    if current.parent_id is not None and current.parent.archived_at is not None:  # type: ignore[union-attr]
        raise ValidationError(_("Its parent account is archived; restore the parent first."))
    current.archived_at = None
    current.archived_by = None
    save_with_history(current, user, "restored")
    record(AuditKind.ACCOUNT_RESTORED, actor=user, after=current.name)
    return current


def _collector(account: Account) -> Collector:
    collector = Collector(using=router.db_for_write(Account))
    collector.collect([account])
    return collector


def account_purge_preview(*, account: Account) -> list[tuple[str, int]]:
    """What a purge of `account` removes: (what, how many) per kind of record, most
    first, the account itself left out. Snapshots are never among them.

    Raises ValidationError when something protects the account (a subsidiary)."""
    try:
        collector = _collector(account)
    except ProtectedError as exc:
        raise ValidationError(
            _("Something still refers to this account (a subsidiary?): %(what)s")
            % {"what": ", ".join(sorted({str(obj) for obj in exc.protected_objects})[:5])}
        ) from None
    counts: Counter[str] = Counter()
    for model, instances in collector.data.items():
        if model is not Account:
            counts[str(model._meta.verbose_name_plural)] += len(instances)
    for queryset in collector.fast_deletes:
        counts[str(queryset.model._meta.verbose_name_plural)] += queryset.count()
    return sorted(
        ((label, n) for label, n in counts.items() if n), key=lambda item: (-item[1], item[0])
    )


def _blank_contacts_history(contact_ids: list[int]) -> None:
    """The people of a purged account can no longer be erased: blank their personal
    data in the history tables (the deletion's own records included)."""
    history = Contact.history.model
    for contact_id in contact_ids:
        history.objects.filter(id=contact_id).update(
            first_name="",
            last_name=ERASED_CONTACT % {"id": contact_id},
            title="",
            email="",
            phone="",
            notes="",
        )


@transaction.atomic
def account_purge(*, user: User, account: Account, confirm_name: str) -> AccountPurge:
    """Delete an archived account for good (administrators only: PermissionDenied).

    `confirm_name` must be the account's name (ValidationError otherwise); an account
    that is not archived is refused. Returns the AccountPurge audit row, which records
    who, when and how many records of each kind went."""
    if not can_purge_account(user):
        raise PermissionDenied
    current = _locked(account)
    if current.archived_at is None:
        raise ValidationError(_("Archive the account before purging it."))
    if (confirm_name or "").strip() != current.name.strip():
        raise ValidationError({"confirm_name": [_("Type the account's name exactly to confirm.")]})
    removed = dict(account_purge_preview(account=current))
    audit = AccountPurge.objects.create(
        account_ref=current.pk,
        name=current.name,
        external_id=current.external_id,
        purged_by=user,
        removed=removed,
    )
    contact_ids = list(Contact.all_objects.filter(account=current).values_list("pk", flat=True))
    current._history_user = user  # type: ignore[attr-defined]
    current._change_reason = "purged"  # type: ignore[attr-defined]
    current.delete()
    _blank_contacts_history(contact_ids)
    record(AuditKind.ACCOUNT_PURGED, actor=user, after=audit.name)
    # Kept pages may show the account's people: none outlives the purge on disk.
    transaction.on_commit(pagecache.clear)
    return audit


# --- contacts -----------------------------------------------------------------------------


def _locked_contact(contact: Contact) -> Contact:
    return Contact.all_objects.select_for_update(of=("self",)).get(pk=contact.pk)


@transaction.atomic
def contact_archive(*, user: User, contact: Contact) -> Contact:
    """Archive a contact (whoever may write its account): hidden from lists and
    pickers, kept with its interactions and history. Already archived: nothing to do."""
    if not can_write_account(user, contact.account):
        raise PermissionDenied
    current = _locked_contact(contact)
    if current.archived_at is not None:
        return current
    current.archived_at = timezone.now()
    current.archived_by = user
    save_with_history(current, user, "archived")
    return current


@transaction.atomic
def contact_restore(*, user: User, contact: Contact) -> Contact:
    """Bring an archived contact back (whoever may write its account)."""
    if not can_write_account(user, contact.account):
        raise PermissionDenied
    current = _locked_contact(contact)
    if current.archived_at is None:
        return current
    current.archived_at = None
    current.archived_by = None
    save_with_history(current, user, "restored")
    return current


def archived_contacts(*, account: Account) -> list[Contact]:
    """The archived people of `account`, for its page's restore list (the caller checks
    access)."""
    return list(
        Contact.all_objects.filter(account=account, archived_at__isnull=False).order_by(
            "last_name", "first_name", "pk"
        )
    )
