"""Pages of the zipper (namespace "relationships"): an account's links with inline add,
edit and delete, its coverage matrix, the portfolio list of accounts at risk, and the
selling settings (norms and risk thresholds).

Inline editing works without JavaScript: "Edit" reloads the list with that row as a form
(`?edit=<id>`), the form posts and comes back to the list. zipper.js adds the keyboard:
Escape cancels, Ctrl+Enter saves. A stale save answers 409 with the current version in
the form and a message; invalid input answers 422 with the messages by the fields.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import AccountClass, ContactLevel
from keyplan.core import rows as rows_helpers
from keyplan.core.decorators import internal_required
from keyplan.core.settings_pages import settings_page
from keyplan.core.web import apply_service_errors, parse_int
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.users.models import User

from ..models import SellingSettings
from . import domain, selectors, services
from .access import relationship_for_user
from .forms import FIELD_OF, RelationshipForm, SellingSettingsForm

PAGE_SIZE = 50


def level_label(level: str) -> str:
    return str(ContactLevel(level).label) if level in ContactLevel.values else _("Level not set")


def _list_context(
    request, access, *, add_form=None, edit_form=None, edit_id=None, conflict: bool = False
) -> dict:
    account = access.account
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    links = selectors.relationships_for_account(account, sort=sort)
    page = Paginator(links, PAGE_SIZE).get_page(request.GET.get("page"))
    if edit_id is None and access.can_write:
        edit_id = rows_helpers.edit_id(request)
    rows = []
    for link in page.object_list:
        form = None
        if access.can_write and link.pk == edit_id:
            form = edit_form or RelationshipForm(
                account=account,
                prefix_id=str(link.pk),
                autofocus=True,
                initial={
                    "contact": link.contact_id,
                    "user": link.user_id,
                    "strength": link.strength,
                    "notes": link.notes,
                    "seen_updated_at": link.updated_at.isoformat(),
                },
            )
        rows.append(
            {
                "link": link,
                "our_level": level_label(domain.our_level(link.user.role)),
                "their_level": level_label(link.contact.level),
                "form": form,
                "conflict": conflict and form is not None,
            }
        )
    if access.can_write and add_form is None:
        add_form = RelationshipForm(account=account)
    return {
        "account": account,
        "access": access,
        "page": page,
        "rows": rows,
        "add_form": add_form,
        "risks": selectors.account_risks(account),
        "default_sort": selectors.DEFAULT_SORT,
    }


@internal_required
@require_GET
def account_relationships(request, pk):
    access = account_for_user(request.user, pk)
    return render(request, "stakeholders/relationships/list.html", _list_context(request, access))


def _back(account_id: int, anchor: str = "", request=None) -> str:
    """The account's links, on the page and in the order the user was looking at."""
    return rows_helpers.back_url("relationships:account", account_id, anchor, request)


@internal_required
@require_POST
def relationship_create(request, pk):
    access = account_for_user(request.user, pk, write=True)
    form = RelationshipForm(request.POST, account=access.account, autofocus=True)
    result = rows_helpers.row_save(
        form,
        lambda valid: services.relationship_create(
            user=request.user, account=access.account, data=valid.service_data()
        ),
        FIELD_OF,
    )
    if result.status == 200:
        messages.success(request, _("Link added."))
        return redirect(_back(access.account.pk, f"#rel-{result.saved.pk}"))
    context = _list_context(request, access, add_form=result.form)
    context["add_open"] = True
    return render(request, "stakeholders/relationships/list.html", context, status=422)


@internal_required
@require_POST
def relationship_edit(request, pk):
    link, access = relationship_for_user(request.user, pk, write=True)
    form = RelationshipForm(
        request.POST, account=access.account, prefix_id=str(link.pk), autofocus=True
    )
    result = rows_helpers.row_save(
        form,
        lambda valid: services.relationship_update(
            user=request.user,
            relationship=link,
            data=valid.service_data(),
            seen_updated_at=valid.cleaned_data["seen_updated_at"],
        ),
        FIELD_OF,
    )
    if result.gone:
        messages.error(request, _("This link was deleted by someone else meanwhile."))
        return redirect(_back(access.account.pk))
    if result.status == 200:
        messages.success(request, _("Link saved."))
        return redirect(_back(access.account.pk, f"#rel-{link.pk}", request))
    if result.status == 409:
        # The edited row says so (list.html), for htmx and the plain page alike.
        link = result.current
    context = _list_context(
        request, access, edit_form=result.form, edit_id=link.pk, conflict=result.status == 409
    )
    return render(request, "stakeholders/relationships/list.html", context, status=result.status)


@internal_required
@require_POST
def relationship_delete(request, pk):
    link, access = relationship_for_user(request.user, pk, write=True)
    deleted = rows_helpers.row_delete(
        request,
        RelationshipForm,
        lambda seen: services.relationship_delete(
            user=request.user, relationship=link, seen_updated_at=seen
        ),
    )
    if not deleted:
        messages.error(
            request,
            _("Someone else changed this link since you opened it; it was not deleted."),
        )
        context = _list_context(request, access)
        return render(request, "stakeholders/relationships/list.html", context, status=409)
    messages.success(request, _("Link deleted."))
    return redirect(_back(access.account.pk, "#links", request))


@internal_required
@require_GET
def coverage(request, pk):
    access = account_for_user(request.user, pk)
    found = selectors.account_risks(access.account)
    rows = [
        {
            "row": row,
            "label": level_label(row.level),
            "cells": [{"cell": cell, "label": level_label(cell.our_level)} for cell in row.cells],
        }
        for row in found.coverage.rows
    ]
    return render(
        request,
        "stakeholders/relationships/coverage.html",
        {
            "account": access.account,
            "access": access,
            "found": found,
            "rows": rows,
            "our_levels": [level_label(level) for level in found.coverage.our_levels],
        },
    )


@internal_required
@require_GET
def at_risk(request):
    params = request.GET
    account_class = params.get("class", "")
    if account_class not in AccountClass.values:
        account_class = ""
    owner_id = parse_int(params.get("owner"))  # beyond any id: ignored, not an overflow
    sort = params.get("sort", selectors.DEFAULT_RISK_SORT)
    rows = selectors.at_risk_accounts(
        request.user, account_class=account_class, owner_id=owner_id, sort=sort
    )
    page = Paginator(rows, PAGE_SIZE).get_page(params.get("page"))
    owners = User.objects.filter(is_active=True, role__in=["admin", "director", "kam"])
    return render(
        request,
        "stakeholders/relationships/at_risk.html",
        {
            "page": page,
            "count": len(rows),
            "classes": AccountClass.choices,
            "account_class": account_class,
            "owners": owners.order_by("last_name", "first_name", "username"),
            "owner_id": owner_id,
            "default_sort": selectors.DEFAULT_RISK_SORT,
        },
    )


def _shown(current: SellingSettings) -> list[dict[str, Any]]:
    fields = {field.name: field for field in SellingSettings._meta.fields}
    return [
        {
            "label": fields[name].verbose_name,
            "help": fields[name].help_text,
            "value": getattr(current, name),
        }
        for name in services.SETTINGS_FIELDS
    ]


def _save_settings(request, form) -> None:
    data = {name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS}
    services.selling_settings_update(
        user=request.user, data=data, seen_updated_at=form.cleaned_data["seen_updated_at"]
    )


@internal_required
@require_http_methods(["GET", "POST"])
def selling_settings(request):
    return settings_page(
        request,
        model=SellingSettings,
        form_class=SellingSettingsForm,
        template="stakeholders/relationships/settings.html",
        shown=_shown,
        save=lambda form: _save_settings(request, form),
        add_errors=apply_service_errors,
        done="relationships:settings",
        can_manage=can_manage_portfolio,
    )
