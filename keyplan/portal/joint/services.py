"""Joint actions with the customer (SPEC §8.2): the customer's people confirm or reject a
joint action's completion and propose actions; the team accepts or declines proposals.

- joint_confirm(*, user, action, decision, note="") -> JointConfirmation: a portal user of
  the action's account on a completed joint action; a rejection needs a note; the team
  is notified.
- proposal_create(*, user, title, detail="", due_on=None) -> ActionProposal: a portal
  user proposes an action for their account; the team is notified.
- proposal_decide(*, user, proposal, accept, note="") -> ActionProposal: someone who may
  change the account accepts (a joint action is added to the current plan, co-owned by
  the proposer's contact) or declines a pending proposal.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.access import can_write_account
from keyplan.plans.actions.services import action_set_joint
from keyplan.plans.items.services import item_create
from keyplan.plans.models import Action, ActionStatus
from keyplan.plans.versions.selectors import current_plan
from keyplan.users.models import Role, User

from .. import notices
from ..models import ActionProposal, Decision, JointConfirmation, PortalInvitation, ProposalStatus
from ..team import notify_team


def _require_portal_user(user: User, account_id: int) -> None:
    if user.role != Role.PORTAL or user.portal_account_id != account_id or not user.is_active:
        raise PermissionDenied


def _team_url(account_id: int) -> str:
    return reverse("portal:team-joint", args=[account_id])


@transaction.atomic
def joint_confirm(
    *, user: User, action: Action, decision: str, note: str = ""
) -> JointConfirmation:
    account = action.plan.account
    _require_portal_user(user, account.pk)
    note = (note or "").strip()
    if not action.joint:
        raise PermissionDenied
    if decision not in Decision.values:
        raise ValidationError({"decision": [_("Confirm or reject.")]})
    if action.status != ActionStatus.DONE:
        raise ValidationError(_("Only a completed action can be confirmed or rejected."))
    if decision == Decision.REJECTED and not note:
        raise ValidationError({"note": [_("Tell the team what is still missing.")]})
    confirmation = JointConfirmation.objects.create(
        action=action, user=user, decision=decision, note=note
    )
    notify_team(
        account=account,
        kind="decision",
        message=notices.JOINT_CONFIRMED
        if decision == Decision.CONFIRMED
        else notices.JOINT_REJECTED,
        params={"person": str(user), "action": action.title[:80]},
        body=note,
        url=_team_url(account.pk),
    )
    return confirmation


@transaction.atomic
def proposal_create(
    *, user: User, title: str, detail: str = "", due_on: date | None = None
) -> ActionProposal:
    if user.role != Role.PORTAL or user.portal_account_id is None or not user.is_active:
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("Name the action.")]})
    proposal = ActionProposal.objects.create(
        account_id=user.portal_account_id,
        title=title[:255],
        detail=(detail or "").strip(),
        due_on=due_on,
        proposed_by=user,
    )
    notify_team(
        account=proposal.account,
        kind="request",
        message=notices.PROPOSED,
        params={"person": str(user), "title": title[:80]},
        body=proposal.detail,
        url=_team_url(proposal.account_id),
    )
    return proposal


def _proposer_contact_ids(proposal: ActionProposal) -> list[int]:
    if proposal.proposed_by_id is None:
        return []
    contact_id = (
        PortalInvitation.objects.filter(user_id=proposal.proposed_by_id, contact__isnull=False)
        .values_list("contact_id", flat=True)
        .first()
    )
    return [contact_id] if contact_id else []


@transaction.atomic
def proposal_decide(
    *, user: User, proposal: ActionProposal, accept: bool, note: str = ""
) -> ActionProposal:
    """ValidationError when already decided, or (accepting) when the account has no plan
    that takes new actions (an approved plan must be revised first)."""
    if not can_write_account(user, proposal.account):
        raise PermissionDenied
    proposal = ActionProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal was decided already."))
    if accept:
        plan = current_plan(proposal.account)
        if plan is None:
            raise ValidationError(_("The account has no current plan to add the action to."))
        data = {"title": proposal.title, "detail": proposal.detail, "due_on": proposal.due_on}
        action = item_create(user=user, plan=plan, kind="action", data=data)
        assert isinstance(action, Action)
        action_set_joint(
            user=user, action=action, joint=True, contact_ids=_proposer_contact_ids(proposal)
        )
        proposal.action = action
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.decision_note = (note or "").strip()
    proposal.save()
    return proposal
