from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from keyplan.core.countries import country_name
from keyplan.core.money import format_money, format_number

register = template.Library()


@register.filter
def money(amount, currency: str = "PLN") -> str:
    """1234567.89|money:"PLN" → 1 234 567,89 zł in Polish, PLN 1,234,567.89 in English."""
    return format_money(amount, currency)


@register.filter
def number(value, places=None) -> str:
    return format_number(value, places=None if places is None else int(places))


@register.filter
def country(code: str) -> str:
    return country_name(code)


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.inclusion_tag("core/sort_link.html", takes_context=True)
def sort_link(context, key: str, label: str):
    current = context["request"].GET.get("sort", context.get("default_sort", ""))
    if current == key:
        next_sort, state = f"-{key}", "ascending"
    elif current == f"-{key}":
        next_sort, state = key, "descending"
    else:
        next_sort, state = key, "none"
    params = context["request"].GET.copy()
    params["sort"] = next_sort
    params.pop("page", None)
    return {"url": "?" + params.urlencode(), "label": label, "state": state}


@register.filter
def minutes(value) -> int:
    """A timedelta (or seconds) as whole minutes, rounded up."""
    seconds = value.total_seconds() if hasattr(value, "total_seconds") else float(value or 0)
    return max(1, -(-int(seconds) // 60))


@register.inclusion_tag("core/export_links.html", takes_context=True)
def export_links(context, url_name: str, *args):
    """Links to download the list as CSV and XLSX with the page's current filters and sort
    (`url_name` takes the format as its last argument; `args` come before it)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    suffix = f"?{params.urlencode()}" if params else ""
    return {
        "csv": reverse(url_name, args=[*args, "csv"]) + suffix,
        "xlsx": reverse(url_name, args=[*args, "xlsx"]) + suffix,
    }
