"""Who may handle a contact's personal data (export, erasure): administrators and the
account's owner. Anyone else who sees the account gets PermissionDenied (403); whoever
does not see it gets Http404, as everywhere."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from keyplan.accounts.access import AccountAccess, contact_for_user
from keyplan.accounts.models import Contact
from keyplan.users.models import Role


def can_handle_personal_data(user, account) -> bool:
    """Administrators and the account's owner export and erase its contacts' data."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.role == Role.ADMIN or account.owner_id == user.pk)
    )


def personal_data_access(user, contact_or_id) -> tuple[Contact, AccountAccess]:
    """The contact for a personal-data action: 404 if the user does not see its account,
    403 if they see it but may not handle its people's personal data."""
    contact, access = contact_for_user(user, getattr(contact_or_id, "pk", contact_or_id))
    if not can_handle_personal_data(user, access.account):
        raise PermissionDenied
    return contact, access
