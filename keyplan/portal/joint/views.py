"""Joint actions. Customer side (portal users of the account, joint actions shared): the
list, confirming or rejecting a completion, proposing an action. Team side (whoever sees
the account reads; its team writes, viewers 403; outsiders and portal users 404): every
action of the current plan with its joint flag and co-owners, the customer's
confirmations, and the proposals to accept or decline."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required
from keyplan.core.web import apply_service_errors, parse_pk
from keyplan.plans.actions.services import action_set_joint
from keyplan.plans.models import Action

from ..access import joint_action_for, portal_required, require_section
from ..models import ActionProposal
from . import selectors, services
from .forms import ConfirmForm, ProposalForm


def _customer_page(request, *, form=None, status=200):
    account = request.portal_account
    context = {
        "account": account,
        "actions": selectors.customer_joint_actions(account),
        "proposals": selectors.proposals(account)[:50],
        "form": form or ProposalForm(),
        "confirm_form": ConfirmForm(),
    }
    return render(request, "portal/joint_actions.html", context, status=status)


@require_http_methods(["GET", "POST"])
@portal_required
def joint_actions(request):
    """The customer's joint actions and proposals; POST proposes an action."""
    require_section(request.portal_account, "joint_actions")
    if request.method == "GET":
        return _customer_page(request)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: the team will answer your proposal."))
            return redirect("portal:joint-actions")
    return _customer_page(request, form=form, status=400)


@require_POST
@portal_required
def joint_confirm(request, pk):
    action = joint_action_for(request.portal_account, pk)
    form = ConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose whether it is done."))
        services.joint_confirm(user=request.user, action=action, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you: the team was told."))
    return redirect(reverse("portal:joint-actions") + f"#action-{action.pk}")


def team_url(account_id: int) -> str:
    return reverse("portal:team-joint", args=[account_id])


@internal_required
@require_GET
def team_joint(request, pk):
    access = account_for_user(request.user, pk)
    account = access.account
    context = {
        "account": account,
        "actions": selectors.team_actions(account),
        "contacts": list(account.contacts.filter(erased_at__isnull=True)),
        "proposals": selectors.proposals(account)[:100],
        "can_write": access.can_write,
    }
    return render(request, "portal/team_joint.html", context)


@internal_required
@require_POST
def action_joint(request, pk, action_pk):
    account = account_for_user(request.user, pk, write=True).account
    action = (
        Action.objects.select_related("plan__account")
        .filter(pk=parse_pk(action_pk), plan__account=account)
        .first()
    )
    if action is None:
        raise Http404
    contact_ids = [parse_pk(value) for value in request.POST.getlist("co_owners")]
    try:
        action_set_joint(
            user=request.user,
            action=action,
            joint=request.POST.get("joint") == "1",
            contact_ids=contact_ids,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The action was saved."))
    return redirect(team_url(account.pk) + f"#action-{action.pk}")


@internal_required
@require_POST
def proposal_decide(request, pk):
    account_id = (
        ActionProposal.objects.filter(pk=parse_pk(pk)).values_list("account_id", flat=True).first()
    )
    if account_id is None:
        raise Http404
    account = account_for_user(request.user, account_id, write=True).account
    proposal = ActionProposal.objects.select_related("account").get(pk=pk)
    try:
        services.proposal_decide(
            user=request.user,
            proposal=proposal,
            accept=request.POST.get("accept") == "1",
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The proposal was answered."))
    return redirect(team_url(account.pk))
