"""Comments on shared items (SPEC §8.2): the customer's people comment, the account team
replies; a team comment marked internal never reaches the portal.

- comment_add_by_customer(*, user, item, body) -> PortalComment: a portal user on an item
  shared with their account (the caller fetched it through portal.access.shared_item);
  the account's team is notified.
- comment_add_by_team(*, user, account, item, body, internal=False) -> PortalComment: a
  reply (or an internal note) by someone who may change the account.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from keyplan.accounts.access import can_write_account
from keyplan.accounts.models import Account
from keyplan.plans.models import PlanItem
from keyplan.users.models import Role, User

from .. import notices
from ..models import PortalComment
from ..team import notify_team

MAX_LENGTH = 4000


def _clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write a comment first.")]})
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            {"body": [_("A comment is at most %(n)s characters long.") % {"n": MAX_LENGTH}]}
        )
    return body


@transaction.atomic
def comment_add_by_customer(*, user: User, item: PlanItem, body: str) -> PortalComment:
    account = item.plan.account
    if user.role != Role.PORTAL or user.portal_account_id != account.pk or not user.is_active:
        raise PermissionDenied
    comment = PortalComment.objects.create(
        account=account, item_kind=item.kind, item_id=item.pk, author=user, body=_clean(body)
    )
    notify_team(
        account=account,
        kind="request",
        message=notices.COMMENTED,
        params={"person": str(user), "item": str(item.label)[:80]},
        body=comment.body,
        url=reverse("portal:comments", args=[account.pk]) + f"#thread-{item.kind}-{item.pk}",
    )
    return comment


@transaction.atomic
def comment_add_by_team(
    *, user: User, account: Account, item: PlanItem, body: str, internal: bool = False
) -> PortalComment:
    if not can_write_account(user, account):
        raise PermissionDenied
    return PortalComment.objects.create(
        account=account,
        item_kind=item.kind,
        item_id=item.pk,
        author=user,
        body=_clean(body),
        internal=internal,
    )
