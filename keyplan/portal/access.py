"""The second access rule: what a customer's portal user may see (SPEC "Who uses it").

It is as strict as keyplan.accounts.access, and the two never overlap:

- a portal user is an active user with role "portal" and exactly one `portal_account`;
  everything they reach is fetched through `portal_account_for(user)` and filtered by
  that account, so another customer's items, names and counts never reach them;
- within their account they see only what is shared (`shared_sections`): the sections
  the account's share level allows and the team turned on; a plan section shows the
  items of the account's current plan only; a joint action is visible through "joint
  actions" (when it is joint) or through "action plan";
- internal notes, internal comments, potential, culture notes, our own ratings and the
  team's names beyond the account owner's are never shown;
- internal pages and the internal API refuse portal users (keyplan.core.decorators.
  internal_required and accounts.access.visible_accounts: none); portal pages refuse
  internal users. Both refuse with the same 404 as for something missing.

Who manages the portal of an account (invitations, portal users, sharing): the
account's owner, administrators and directors (`can_manage_portal`); the account's team
reads those pages and replies to comments, decides proposals and marks joint actions
(`account_for_user(..., write=True)`); read-only viewers only read.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from keyplan.accounts.access import ALL_ACCOUNT_ROLES, AccountAccess, account_for_user, active_user
from keyplan.accounts.models import Account
from keyplan.core.web import parse_pk
from keyplan.plans.models import ITEM_MODELS, Action, PlanItem
from keyplan.plans.versions.selectors import current_plan
from keyplan.users.models import Role

from . import domain
from .models import AccountSharing, SharedSection

if TYPE_CHECKING:
    from keyplan.users.models import User


def portal_account_for(user: Any) -> Account:
    """The one account a portal user belongs to; Http404 for anyone else (internal,
    anonymous, inactive users, a portal user without an account)."""
    active = active_user(user)
    if active is None or active.role != Role.PORTAL or active.portal_account_id is None:
        raise Http404
    return Account.objects.get(pk=active.portal_account_id)


def portal_required(view):
    """Portal pages: signed-in portal users only; `request.portal_account` is theirs."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        request.portal_account = portal_account_for(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def share_level(account: Account) -> str:
    sharing = AccountSharing.objects.filter(account=account).first()
    return sharing.level if sharing else "none"


def shared_sections(account: Account) -> tuple[str, ...]:
    """The sections really shared with the account's people (level ∩ turned on)."""
    turned_on = SharedSection.objects.filter(account=account).values_list("section", flat=True)
    return domain.effective_sections(share_level(account), turned_on)


def require_section(account: Account, section: str) -> None:
    if section not in shared_sections(account):
        raise Http404


def _item_visible(item: PlanItem, shared: tuple[str, ...]) -> bool:
    if any(s in shared for s in domain.sections_for_kind(item.kind)):
        return True
    return isinstance(item, Action) and item.joint and "joint_actions" in shared


def shared_item(account: Account, kind: str, pk: object) -> PlanItem:
    """An item of the account's current plan that is shared with its people; Http404
    alike for a missing item, another account's, an unshared one, a malformed id."""
    model = ITEM_MODELS.get(kind)
    plan = current_plan(account)
    if model is None or plan is None:
        raise Http404
    item = model.objects.filter(pk=parse_pk(pk), plan=plan).first()
    if item is None or not _item_visible(item, shared_sections(account)):
        raise Http404
    return item


def joint_action_for(account: Account, pk: object) -> Action:
    """A joint action of the account's current plan, if joint actions are shared."""
    require_section(account, "joint_actions")
    plan = current_plan(account)
    action = Action.objects.filter(pk=parse_pk(pk), plan=plan, joint=True).first() if plan else None
    if action is None:
        raise Http404
    return action


def can_manage_portal(user: User | Any, account: Account) -> bool:
    """Invite, deactivate, revoke and change sharing: the owner, admins and directors."""
    active = active_user(user)
    if active is None:
        return False
    return active.role in ALL_ACCOUNT_ROLES or (
        active.role == Role.KAM and account.owner_id == active.pk
    )


def account_for_manager(user: Any, pk: object) -> AccountAccess:
    """The account for a portal management write: 404 when unseen, 403 when seen but not
    the user's to manage."""
    access = account_for_user(user, pk)
    if not can_manage_portal(user, access.account):
        raise PermissionDenied
    return access
