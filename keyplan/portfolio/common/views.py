"""What the portfolio pages share: labels, percentages, a table's pager and a form's
errors as text or messages (ids from the URL and a service's ValidationError onto a form
are keyplan.core.web's)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.utils.translation import gettext as _

from keyplan.accounts.models import AccountClass
from keyplan.core.money import format_percentage

TABLE_PAGE_SIZE = 50  # rows per page of the Pareto, classification and snapshot tables


def error_messages(request, form) -> None:
    """Every error of `form` as a message ("Label: message"), for a form that redirects."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{str(label).capitalize()}: {error}" if label else error)


def as_percent(fraction: Decimal | int | None) -> Decimal | int | None:
    """A 0..1 fraction as a percentage (None stays None)."""
    return None if fraction is None else fraction * 100


def percent(value: Decimal | None) -> str:
    """0.123456 → "12.3%" in the active language ("12,3%" in Polish); "" for None."""
    return format_percentage(value)


def form_errors(form) -> list[str]:
    """Every error of `form` as "Label: message", so each message names its field."""
    found = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            found.append(f"{label}: {error}" if label else str(error))
    return found


def metric_label(metric: str) -> str:
    return _("Gross profit") if metric == "gp" else _("Revenue")


def class_label(key: str) -> str:
    try:
        return str(AccountClass(key).label)
    except ValueError:
        return key or "—"


def pager(request, page, param: str, *, label: str, target: str = "") -> dict:
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
