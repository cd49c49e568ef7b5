"""Writes to actions beyond the generic item services (keyplan.plans.items.services).

- action_set_joint(*, user, action, joint, contact_ids=()) -> Action: mark an action as
  joint with the customer (SPEC §8: jointly owned actions) and name the customer's
  contacts who co-own it. Like an action's status, this is execution, so it may change
  on an approved plan too; a superseded version is read-only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keyplan.accounts.models import Contact
from keyplan.plans.common.services import read_only_error, require_write, save
from keyplan.plans.models import Action, PlanState
from keyplan.users.models import User


@transaction.atomic
def action_set_joint(
    *, user: User, action: Action, joint: bool, contact_ids: Iterable[int] = ()
) -> Action:
    """PermissionDenied unless the user may change the account; ValidationError for a
    superseded plan or a contact that is not one of the account's."""
    require_write(user, action.plan)
    if action.plan.state == PlanState.SUPERSEDED:
        raise read_only_error(action.plan)
    wanted = set(contact_ids) if joint else set()
    found = set(
        Contact.objects.filter(pk__in=wanted, account_id=action.plan.account_id).values_list(
            "pk", flat=True
        )
    )
    if wanted - found:
        raise ValidationError({"co_owners": [_("Choose contacts of this account.")]})
    if action.joint != joint:
        action.joint = joint
        save(action, user=user, update_fields=["joint", "updated_at"])
    action.co_owners.set(found)
    return action
