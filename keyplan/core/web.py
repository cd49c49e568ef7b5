"""The web adapter layer every app's views share: ids from URLs, where a form goes back to,
answering htmx or a plain browser, paging and service errors on forms."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def parse_pk(value: object) -> int:
    """A database id from a URL or a form; Http404 for anything that cannot be one (a word,
    zero, a negative number, or a number beyond any database integer), so a malformed id
    answers like a missing one."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**63:
        raise Http404
    return number


MAX_ID = 2**63 - 1  # the largest value of a database integer column (both databases)


def parse_int(value: object, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """An integer filter from a query string, or None (the filter is ignored) for anything
    else: a word, a float, or a number outside minimum..maximum (by default a database
    id: a number beyond any database integer would overflow in the query, a 500)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if minimum <= number <= maximum else None


def safe_next(request, default: str) -> str:
    """The `next` the form posted (or the query names), if it stays on this site; else
    `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def htmx_or_redirect(request, to: str) -> HttpResponse:
    """After a write: htmx follows `HX-Redirect`, a plain browser a 302."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = to
        return response
    return redirect(to)


def apply_service_errors(
    form, exc: ValidationError, field_map: Mapping[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the form: each message at its field (a service
    key renamed by `field_map` where the form calls it otherwise), else as a non-field
    error."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = (field_map or {}).get(key, key)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
