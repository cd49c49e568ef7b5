from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.core.decorators import internal_required
from keyplan.core.web import apply_service_errors

from . import services
from .forms import TokenForm
from .models import ApiToken


@internal_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    """The user's personal API tokens. A new token's value is shown once, on this page."""
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request, "users/tokens.html", {"form": form, "tokens": tokens, "new_token": new_token}
    )


@internal_required
@require_POST
def token_revoke(request, pk):
    try:
        token = services.token_revoke(user=request.user, token_id=pk)
    except ValidationError:
        raise Http404 from None
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("token-list")
