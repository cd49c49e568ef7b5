"""Administrators' people pages (namespace "administration"): users, invitations, role,
business unit, deactivation, password reset; Django's admin stays for emergencies.

Access: administrators only; for everyone else these pages do not exist (404), as for
imports (keyplan.users.access); anonymous visitors go to the login page. The invitee's
welcome page and the password reset page are public, opened by their link's token."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from keyplan.core.web import apply_service_errors, parse_int, parse_pk

from ..access import admin_required
from ..audit import selectors as audit_selectors
from ..audit.services import record
from ..invitations.views import accept_page
from ..models import AuditKind, BusinessUnit, Role, User, UserInvitation
from . import selectors, services
from .forms import AssignForm, InviteForm, WelcomeForm


def _base_url(request) -> str:
    return settings.KEYPLAN_BASE_URL or request.build_absolute_uri("/")


def _text(params: QueryDict, name: str, limit: int = 100) -> str:
    # PostgreSQL refuses NUL characters in text (a 500); no name contains one.
    return params.get(name, "")[:limit].replace("\x00", "").strip()


def user_filters(params: QueryDict) -> selectors.UserFilters:
    """The filters of a query string; what cannot be read is left out, never an error."""
    role, active, sort = _text(params, "role"), _text(params, "active"), _text(params, "sort")
    return selectors.UserFilters(
        q=_text(params, "q"),
        role=role if role in Role.values else "",
        unit=parse_int(params.get("unit")),
        active=active if active in selectors.ACTIVE_CHOICES else "active",
        sort=sort if sort.removeprefix("-") in selectors.USER_SORTS else "username",
    )


@admin_required
@require_GET
def user_list(request):
    filters = user_filters(request.GET)
    users = selectors.user_list(filters)
    page = Paginator(users, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "roles": Role.choices,
        "units": BusinessUnit.objects.all(),
        "active_choices": [
            ("active", _("Active")),
            ("inactive", _("Deactivated")),
            ("all", _("All")),
        ],
        "default_sort": selectors.DEFAULT_USER_SORT,
        "invitations": selectors.pending_invitations(),
    }
    template = (
        "users/administration/_user_results.html"
        if request.htmx
        else "users/administration/user_list.html"
    )
    return render(request, template, context)


@admin_required
@require_http_methods(["GET", "POST"])
def user_invite(request):
    form = InviteForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _raw = services.invitation_create(
                actor=request.user,
                base_url=_base_url(request),
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("administration:users")
    status = 400 if form.errors else 200
    return render(request, "users/administration/invite.html", {"form": form}, status=status)


@admin_required
@require_POST
def invitation_revoke(request, pk):
    invitation = UserInvitation.objects.filter(pk=parse_pk(pk)).first()
    if invitation is None:
        raise Http404
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation was revoked."))
    return redirect("administration:users")


def _target(pk) -> User:
    target = (
        User.objects.select_related("business_unit", "portal_account")
        .filter(pk=parse_pk(pk))
        .first()
    )
    if target is None:
        raise Http404
    return target


def _user_history(target: User) -> list:
    return list(
        target.history.select_related("history_user", "business_unit").order_by(
            "-history_date", "-history_id"
        )[:20]
    )


def _user_events(target: User) -> list:
    filters = audit_selectors.AuditFilters(user=target.username)
    return list(audit_selectors.audit_list(filters)[:20])


@admin_required
@require_http_methods(["GET", "POST"])
def user_detail(request, pk):
    """One person: role and business unit (the form), deactivation, password reset, and
    what changed (history and audit events)."""
    target = _target(pk)
    initial = {"role": target.role, "business_unit": target.business_unit}
    form = AssignForm(request.POST or None, target=target, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_assign(
                actor=request.user,
                target=target,
                role=form.cleaned_data["role"],
                business_unit=form.cleaned_data["business_unit"],
                request=request,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved the changes to %(name)s.") % {"name": target})
            return redirect("administration:user", pk=target.pk)
    context = {
        "target": target,
        "form": form,
        "history": _user_history(target),
        "events": audit_selectors.audit_list(audit_selectors.AuditFilters(user=target.username))[
            :20
        ],
        "is_self": target.pk == request.user.pk,
    }
    status = 400 if form.errors else 200
    return render(request, "users/administration/user_detail.html", context, status=status)


def _act(request, pk, act, done: str):
    target = _target(pk)
    try:
        act(target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"name": target})
    return redirect("administration:user", pk=target.pk)


@admin_required
@require_POST
def user_deactivate(request, pk):
    return _act(
        request,
        pk,
        lambda t: services.user_set_active(
            actor=request.user, target=t, active=False, request=request
        ),
        _("%(name)s can no longer sign in; their sessions ended."),
    )


@admin_required
@require_POST
def user_reactivate(request, pk):
    return _act(
        request,
        pk,
        lambda t: services.user_set_active(
            actor=request.user, target=t, active=True, request=request
        ),
        _("%(name)s can sign in again."),
    )


@admin_required
@require_POST
def user_reset_password(request, pk):
    return _act(
        request,
        pk,
        lambda t: services.password_reset_send(
            actor=request.user, target=t, base_url=_base_url(request), request=request
        ),
        _("A link to choose a new password was sent to %(name)s."),
    )


@require_http_methods(["GET", "POST"])
def welcome(request, token):
    """The invitee chooses a password and is signed in."""
    return accept_page(
        request,
        invitation=services.pending_invitation(token),
        accept=partial(services.invitation_accept, raw=token, request=request),
        template="users/administration/welcome.html",
        invalid_template="users/administration/welcome_invalid.html",
        success_url="home",
        form_class=WelcomeForm,
    )


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's reset page (one-use token); a completed reset goes into the audit trail."""

    template_name = "users/administration/reset_confirm.html"
    success_url = reverse_lazy("administration:reset-done")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(
            AuditKind.PASSWORD_RESET_DONE, actor=form.user, target=form.user, request=self.request
        )
        return response


reset_confirm = PasswordResetConfirm.as_view()
reset_done = auth_views.PasswordResetCompleteView.as_view(
    template_name="users/administration/reset_done.html"
)
