from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def internal_required(view):
    """Signed-in people of our company only. Portal users get the same 404 as for anything
    not shared with them, so the internal application is invisible to them."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_internal:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
