"""Telling the account team what its customer did in the portal, through keyplan.execution's
public notification service (in-app notice and an e-mail copy)."""

from __future__ import annotations

from typing import Any

from keyplan.accounts.models import Account, AccountTeamMember
from keyplan.execution.common.services import notify
from keyplan.users.models import Role, User

WORKING_ROLES = (Role.ADMIN, Role.DIRECTOR, Role.KAM, Role.TEAM)


def team_recipients(account: Account) -> list[User]:
    """The account's owner and its team members who work on it (viewers are not told)."""
    ids = set(
        AccountTeamMember.objects.filter(account=account, user__role__in=WORKING_ROLES).values_list(
            "user_id", flat=True
        )
    )
    if account.owner_id is not None:
        ids.add(account.owner_id)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def notify_team(
    *,
    account: Account,
    kind: str,
    message: str,
    params: dict[str, Any],
    body: str = "",
    url: str = "",
) -> int:
    """Notify every working member of the account's team with `message` (a key of
    portal.notices) and its `params`, shown in each reader's language; the number notified."""
    sent = 0
    for user in team_recipients(account):
        if notify(
            user=user,
            kind=kind,
            message=message,
            params=params,
            body=body,
            url=url,
            account=account,
        ):
            sent += 1
    return sent
