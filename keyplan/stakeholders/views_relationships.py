"""Pages of the zipper (namespace "relationships"): an account's links with inline add,
edit and delete, its coverage matrix, the portfolio list of accounts at risk, and the
selling settings (norms and risk thresholds).

Inline editing works without JavaScript: "Edit" reloads the list with that row as a form
(`?edit=<id>`), the form posts and comes back to the list. zipper.js adds the keyboard:
Escape cancels, Ctrl+Enter saves. A stale save answers 409 with the current version in
the form and a message; invalid input answers 422 with the messages by the fields.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import AccountClass, ContactLevel
from keyplan.core import rows as rows_helpers
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.settings_pages import settings_page
from keyplan.core.web import parse_pk
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.users.models import User

from . import domain, relationships, risk_selectors
from .forms_relationships import FIELD_OF, RelationshipForm, SellingSettingsForm
from .models import Relationship, SellingSettings

PAGE_SIZE = 50


def level_label(level: str) -> str:
    return str(ContactLevel(level).label) if level in ContactLevel.values else _("Level not set")


def _service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = FIELD_OF.get(key)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _relationship(user, pk, *, write: bool = False) -> tuple[Relationship, object]:
    account_id = (
        Relationship.objects.filter(pk=parse_pk(pk)).values_list("account_id", flat=True).first()
    )
    if account_id is None:
        raise Http404
    access = account_for_user(user, account_id, write=write)
    return Relationship.objects.select_related("contact", "user").get(pk=pk), access


def _list_context(
    request, access, *, add_form=None, edit_form=None, edit_id=None, conflict: bool = False
) -> dict:
    account = access.account
    sort = request.GET.get("sort", risk_selectors.DEFAULT_SORT)
    links = risk_selectors.relationships_for_account(account, sort=sort)
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
        "risks": risk_selectors.account_risks(account),
        "default_sort": risk_selectors.DEFAULT_SORT,
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
    if form.is_valid():
        try:
            link = relationships.relationship_create(
                user=request.user, account=access.account, data=form.service_data()
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Link added."))
            return redirect(_back(access.account.pk, f"#rel-{link.pk}"))
    context = _list_context(request, access, add_form=form)
    context["add_open"] = True
    return render(request, "stakeholders/relationships/list.html", context, status=422)


@internal_required
@require_POST
def relationship_edit(request, pk):
    link, access = _relationship(request.user, pk, write=True)
    form = RelationshipForm(
        request.POST, account=access.account, prefix_id=str(link.pk), autofocus=True
    )
    status = 422
    if form.is_valid():
        try:
            relationships.relationship_update(
                user=request.user,
                relationship=link,
                data=form.service_data(),
                seen_updated_at=form.cleaned_data["seen_updated_at"],
            )
        except ConflictError as conflict:
            current = conflict.current
            if current is None:
                messages.error(request, _("This link was deleted by someone else meanwhile."))
                return redirect(_back(access.account.pk))
            # The edited row says so (list.html), for htmx and the plain page alike.
            form = None
            status = 409
            link = current
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Link saved."))
            return redirect(_back(access.account.pk, f"#rel-{link.pk}", request))
    context = _list_context(
        request, access, edit_form=form, edit_id=link.pk, conflict=status == 409
    )
    return render(request, "stakeholders/relationships/list.html", context, status=status)


@internal_required
@require_POST
def relationship_delete(request, pk):
    link, access = _relationship(request.user, pk, write=True)
    seen = rows_helpers.posted_seen_at(request, RelationshipForm)
    try:
        relationships.relationship_delete(
            user=request.user, relationship=link, seen_updated_at=seen
        )
    except ConflictError:
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
    found = risk_selectors.account_risks(access.account)
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
    try:
        owner_id = int(params.get("owner", "") or 0) or None
    except ValueError:
        owner_id = None
    sort = params.get("sort", risk_selectors.DEFAULT_RISK_SORT)
    rows = risk_selectors.at_risk_accounts(
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
            "default_sort": risk_selectors.DEFAULT_RISK_SORT,
        },
    )


def _shown(current: SellingSettings) -> list[dict]:
    return [
        {"label": field.verbose_name, "help": field.help_text, "value": getattr(current, name)}
        for name in relationships.SETTINGS_FIELDS
        for field in [SellingSettings._meta.get_field(name)]
    ]


def _save_settings(request, form) -> None:
    data = {name: form.cleaned_data[name] for name in relationships.SETTINGS_FIELDS}
    relationships.selling_settings_update(
        user=request.user, data=data, seen_updated_at=form.cleaned_data["seen_updated_at"]
    )


def _settings_errors(form, exc: ValidationError) -> None:
    for key, errors in exc.message_dict.items():
        form.add_error(key if key in form.fields else None, errors)


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
        add_errors=_settings_errors,
        done="relationships:settings",
        can_manage=can_manage_portfolio,
    )
