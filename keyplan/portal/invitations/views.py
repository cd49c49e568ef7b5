"""Portal people of an account (team side: list, invite, revoke, deactivate) and the
invitee's page where they set a password (anonymous, by the link's token).

Access: the account through accounts.access (outsiders and portal users 404); managing
needs portal.access.can_manage_portal (the account's team and viewers 403)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required
from keyplan.core.web import apply_service_errors, parse_pk
from keyplan.users.invitations.views import accept_page
from keyplan.users.models import Role, User

from ..access import account_for_manager, can_manage_portal
from ..models import PortalInvitation
from . import selectors, services
from .forms import AcceptForm, InvitationForm


def people_url(account_id: int) -> str:
    return reverse("portal:people", args=[account_id])


@internal_required
@require_http_methods(["GET", "POST"])
def people(request, pk):
    """The account's portal users and invitations; the manager's invitation form."""
    access = account_for_user(request.user, pk)
    account = access.account
    manage = can_manage_portal(request.user, account)
    form = None
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        form = InvitationForm(request.POST, account=account)
        if form.is_valid():
            try:
                invitation, _raw = services.invitation_create(
                    user=request.user,
                    account=account,
                    email=form.cleaned_data["email"],
                    contact=form.cleaned_data["contact"],
                    language=form.cleaned_data["language"],
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("An invitation was sent to %(email)s.") % {"email": invitation.email},
                )
                return redirect(people_url(account.pk))
    elif manage:
        form = InvitationForm(account=account, initial={"language": translation.get_language()})
    context = {
        "account": account,
        "can_manage": manage,
        "form": form,
        "portal_users": selectors.portal_users(account),
        "invitations": selectors.invitations(account),
    }
    return render(
        request, "portal/people.html", context, status=400 if form and form.errors else 200
    )


@internal_required
@require_POST
def invitation_revoke(request, pk):
    account_id = (
        PortalInvitation.objects.filter(pk=parse_pk(pk))
        .values_list("account_id", flat=True)
        .first()
    )
    if account_id is None:
        raise Http404
    account = account_for_manager(request.user, account_id).account
    invitation = PortalInvitation.objects.select_related("account").get(pk=pk)
    try:
        services.invitation_revoke(user=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation was revoked."))
    return redirect(people_url(account.pk))


@internal_required
@require_POST
def user_deactivate(request, pk, user_pk):
    account = account_for_manager(request.user, pk).account
    target = User.objects.filter(
        pk=parse_pk(user_pk), role=Role.PORTAL, portal_account=account
    ).first()
    if target is None:
        raise Http404
    services.portal_user_deactivate(user=request.user, account=account, target=target)
    messages.success(request, _("%(name)s can no longer sign in.") % {"name": target})
    return redirect(people_url(account.pk))


@require_http_methods(["GET", "POST"])
def accept(request, token):
    """The invitee sets a password and is signed in as a portal user of the invitation's
    account, in its language (the portal's own look: portal/accept.html)."""
    return accept_page(
        request,
        invitation=services.pending_invitation(token),
        accept=partial(services.invitation_accept, raw=token),
        template="portal/accept.html",
        invalid_template="portal/accept_invalid.html",
        success_url="portal-home",
        form_class=AcceptForm,
    )
