"""What the portfolio pages share: ids from the URL, labels, percentages, a table's
pager, a form's errors as text or messages, a service's ValidationError onto the form,
and the criteria's weights."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_percent
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from keyplan.accounts.models import AccountClass
from keyplan.core.money import babel_locale

from . import domain

PARETO_PAGE_SIZE = 50


def _error_messages(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{str(label).capitalize()}: {error}" if label else error)


def _service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _weights(criteria) -> tuple[dict[str, object], dict[str, object]]:
    """(raw weights of the criteria in use, the same normalised; {} when none weighs)."""
    raw = {c.key: c.weight for c in criteria if c.enabled}
    try:
        normalised = domain.normalise_weights(raw)
    except ValueError:
        normalised = {}
    return raw, normalised


def _percent(fraction):
    """A 0..1 fraction as a percentage (None stays None)."""
    return None if fraction is None else fraction * 100


def percent(value: Decimal | None) -> str:
    """0.123456 → "12.3%" in the active language ("12,3%" in Polish); "" for None."""
    if value is None:
        return ""
    return format_percent(value, format="#,##0.0%", locale=babel_locale())


def _pk(value: object) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**63:
        raise Http404
    return number


def _form_errors(form) -> list[str]:
    """Every error of `form` as "Label: message", so each message names its field."""
    found = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            found.append(f"{label}: {error}" if label else str(error))
    return found


def _metric_label(metric: str) -> str:
    return _("Gross profit") if metric == "gp" else _("Revenue")


def _class_label(key: str) -> str:
    try:
        return str(AccountClass(key).label)
    except ValueError:
        return key or "—"


def _pager(request, page, param: str, *, label: str, target: str = "") -> dict:
    """Links to the previous and next page of one table, keeping the other parameters
    (a page with two tables pages each with its own parameter)."""

    def link(number: int) -> str:
        params = request.GET.copy()
        params[param] = str(number)
        return "?" + params.urlencode()

    return {
        "number": page.number,
        "total": page.paginator.num_pages,
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
        "label": label,
        "target": target,
    }
