"""The core of the invitee's page, shared by the administrators' welcome page and the
portal's accept page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation

from keyplan.core.web import apply_service_errors

from ..models import User
from .forms import SetPasswordForm


def accept_page(
    request: HttpRequest,
    *,
    invitation: Any,
    accept: Callable[..., User],
    template: str,
    invalid_template: str,
    success_url: str,
    form_class: type[SetPasswordForm] = SetPasswordForm,
) -> HttpResponse:
    """The invitee sets a password (in the invitation's language) and is signed in.
    `invitation` is the pending one of the link (None: the invalid page, 404, as for a
    signed-in visitor); `accept(password=, first_name=, last_name=)` makes the user or
    raises ValidationError, shown on the form. On success the language cookie keeps the
    invitation's language."""
    if invitation is None or request.user.is_authenticated:
        return render(request, invalid_template, status=404)
    translation.activate(invitation.language)
    request.LANGUAGE_CODE = invitation.language  # type: ignore[attr-defined]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            user = accept(
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            response = redirect(success_url)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                invitation.language,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
                secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
            )
            return response
    context = {"form": form, "invitation": invitation}
    return render(request, template, context, status=400 if form.errors else 200)
