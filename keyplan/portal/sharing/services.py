"""Writes to what an account shares with its people (SPEC §8.2; seed 001).

- sharing_set_level(*, user, account, level): the share level; lowering it unshares the
  sections the new level no longer allows (each one recorded).
- section_set(*, user, account, section, shared): turn one section on or off within the
  level.
Every change is recorded as a ShareEvent (who, when, what); a call that changes nothing
records nothing. Only the account's owner, administrators and directors may change
sharing (PermissionDenied otherwise).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from keyplan.accounts.models import Account
from keyplan.users.models import User

from .. import domain
from ..access import can_manage_portal
from ..models import AccountSharing, Section, SharedSection, ShareEvent, ShareEventKind


def _sharing(account: Account) -> AccountSharing:
    sharing, _created = AccountSharing.objects.select_for_update().get_or_create(account=account)
    return sharing


@transaction.atomic
def sharing_set_level(*, user: User, account: Account, level: str) -> AccountSharing:
    if not can_manage_portal(user, account):
        raise PermissionDenied
    if level not in domain.LEVELS:
        raise ValidationError({"level": [_("Choose one of the share levels.")]})
    sharing = _sharing(account)
    old = sharing.level
    if old == level:
        return sharing
    now = timezone.now()
    turned_on = list(
        SharedSection.objects.filter(account=account).values_list("section", flat=True)
    )
    lost = domain.lost_on_change(old, level, turned_on)
    SharedSection.objects.filter(account=account, section__in=lost).delete()
    # Stored untranslated; the log page translates it into its reader's language.
    reason = gettext_noop("The share level was lowered.")
    events = [
        ShareEvent(
            account=account,
            kind=ShareEventKind.UNSHARE,
            section=section,
            user=user,
            reason=reason,
            created_at=now,
        )
        for section in lost
    ]
    events.append(
        ShareEvent(
            account=account,
            kind=ShareEventKind.LEVEL,
            level=level,
            previous_level=old,
            user=user,
            created_at=now,
        )
    )
    ShareEvent.objects.bulk_create(events)
    sharing.level = level
    sharing.updated_by = user
    sharing.save()
    return sharing


@transaction.atomic
def section_set(*, user: User, account: Account, section: str, shared: bool) -> bool:
    """Share or unshare `section`; True when something changed. ValidationError for an
    unknown section or one the account's level does not allow."""
    if not can_manage_portal(user, account):
        raise PermissionDenied
    if section not in Section.values:
        raise ValidationError({"section": [_("Unknown section.")]})
    sharing = _sharing(account)
    existing = SharedSection.objects.filter(account=account, section=section)
    if shared:
        if section not in domain.allowed_sections(sharing.level):
            raise ValidationError(
                {"section": [_("Raise the share level first: this level does not allow it.")]}
            )
        if existing.exists():
            return False
        SharedSection.objects.create(account=account, section=section, shared_by=user)
    else:
        if not existing.exists():
            return False
        existing.delete()
    ShareEvent.objects.create(
        account=account,
        kind=ShareEventKind.SHARE if shared else ShareEventKind.UNSHARE,
        section=section,
        user=user,
    )
    return True
