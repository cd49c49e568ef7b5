"""Account pages: thin adapters over the access rule, selectors and services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.core import exports
from keyplan.core.countries import country_name
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.money import format_money, format_number
from keyplan.core.pagecache import page_cache
from keyplan.core.web import apply_service_errors

from . import archive, selectors, services
from .access import account_for_user, can_purge_account, contact_for_user, visible_accounts
from .forms import AccountForm, ContactForm, TeamMemberForm
from .models import AccountClass, Industry

_CONTACT_CONFLICT = ValidationError(
    _lazy(
        "Someone else saved this contact while you were editing it. "
        "Reload the page to see their version, then make your change again."
    ),
    code="conflict",
)


def _int_or_none(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def _people(account_pk: int) -> str:
    """Where a team or contact change returns: the people tab of the account page."""
    return reverse("accounts:detail-people", args=[account_pk])


def _text_param(params, name: str, limit: int) -> str:
    # PostgreSQL refuses NUL characters in text (a 500); no name, id or code contains one.
    return params.get(name, "")[:limit].replace("\x00", "")


@internal_required
@require_http_methods(["GET"])
@page_cache
def account_list(request):
    params = request.GET
    filters = _filters(params)
    accounts = selectors.account_list(user=request.user, filters=filters)
    page = Paginator(accounts, settings.KEYPLAN_PAGE_SIZE).get_page(params.get("page"))
    context = {
        "page": page,
        "rows": _list_rows(page.object_list),
        "filters": filters,
        "filtered": any(
            [filters.q, filters.account_class, filters.owner, filters.industry, filters.country]
        )
        or filters.archived,
        "class_choices": AccountClass.choices,
        "industry_choices": Industry.choices,
        "default_sort": selectors.DEFAULT_SORT,
        "can_create": request.user.can_create_accounts,
        **selectors.account_filter_choices(user=request.user),
    }
    template = "accounts/_list_results.html" if request.htmx else "accounts/list.html"
    return render(request, template, context)


def _list_rows(accounts) -> list:
    """The page's accounts, each with what its row shows already worked out (issue #19,
    "Load held"): the template's row loop then reads plain attributes. Labels come from
    one dict per page, where `get_FOO_display` built a dict of every choice per call."""
    classes = {key: str(label) for key, label in AccountClass.choices}
    industries = {key: str(label) for key, label in Industry.choices}
    detail = reverse("accounts:detail", args=[0]).removesuffix("0/")
    rows = list(accounts)
    for account in rows:
        account.row_url = f"{detail}{account.pk}/"
        account.class_label = classes.get(account.account_class, account.account_class)
        account.industry_label = industries.get(account.industry, account.industry)
        account.owner_label = str(account.owner) if account.owner_id else ""
        account.country_label = country_name(account.country) if account.country else ""
        account.revenue_text = format_money(account.annual_revenue, account.currency)
        account.team_text = format_number(account.team_size)
    return rows


def _filters(params) -> selectors.AccountFilters:
    return selectors.AccountFilters(
        q=_text_param(params, "q", 200),
        account_class=params.get("class", ""),
        owner=_int_or_none(params.get("owner")),
        industry=params.get("industry", ""),
        country=_text_param(params, "country", 2),
        sort=params.get("sort", selectors.DEFAULT_SORT),
        archived=params.get("archived") == "1",
    )


EXPORT_COLUMNS = (
    exports.Column(_lazy("External ID")),
    exports.Column(_lazy("Name")),
    exports.Column(_lazy("Parent account")),
    exports.Column(_lazy("Class")),
    exports.Column(_lazy("Status")),
    exports.Column(_lazy("Owner")),
    exports.Column(_lazy("Industry")),
    exports.Column(_lazy("Country")),
    exports.Column(_lazy("Region")),
    exports.Column(_lazy("Tax id")),
    exports.Column(_lazy("Currency")),
    exports.Column(_lazy("Customer's annual revenue"), exports.MONEY),
    exports.Column(_lazy("Team"), exports.INTEGER),
    exports.Column(_lazy("Updated"), exports.DATETIME),
)


@internal_required
@require_http_methods(["GET"])
def account_export(request, fmt: str):
    """The accounts list as CSV or XLSX: every account the filters select (not only the
    page shown), in the page's order, under the same access rule."""
    exports.check_format(fmt)
    accounts = selectors.account_list(user=request.user, filters=_filters(request.GET))
    rows = (
        (
            a.external_id,
            a.name,
            a.parent.name if a.parent else "",
            a.get_account_class_display(),
            a.get_status_display(),
            str(a.owner) if a.owner else "",
            a.get_industry_display(),
            a.country,
            a.region,
            a.tax_id,
            a.currency,
            a.annual_revenue,
            a.team_size,  # type: ignore[attr-defined]  # annotated by account_list
            a.updated_at,
        )
        for a in accounts.iterator(chunk_size=2000)
    )
    return exports.export_response(
        fmt=fmt,
        filename=exports.dated_name("accounts"),
        columns=EXPORT_COLUMNS,
        rows=rows,
        sheet_title=_("Accounts"),
    )


@internal_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    if not request.user.can_create_accounts:
        raise Http404
    form = AccountForm(
        request.POST or None, user=request.user, parent_queryset=visible_accounts(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seen_updated_at"}
        try:
            account = services.account_create(user=request.user, data=data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Account “%(name)s” created.") % {"name": account.name})
            return redirect("accounts:detail", pk=account.pk)
    return render(request, "accounts/form.html", {"form": form, "account": None})


@internal_required
@require_http_methods(["GET", "POST"])
def account_edit(request, pk):
    access = account_for_user(request.user, pk, write=True)
    account = access.account
    form = AccountForm(
        request.POST or None,
        instance=account,
        user=request.user,
        parent_queryset=visible_accounts(request.user),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seen_updated_at"}
        try:
            services.account_update(
                user=request.user,
                account=account,
                data=data,
                seen_updated_at=form.cleaned_data.get("seen_updated_at"),
            )
        except ConflictError as exc:
            conflict = exc.current
            form.add_error(
                None,
                _(
                    "Someone else saved this account while you were editing it. "
                    "Their version is shown below; review it, then save again to keep yours."
                ),
            )
            # The next save is checked against the version now shown.
            form.data = form.data.copy()
            form.data["seen_updated_at"] = conflict.updated_at.isoformat()
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("accounts:detail", pk=account.pk)
    return render(
        request, "accounts/form.html", {"form": form, "account": account, "conflict": conflict}
    )


@internal_required
@require_http_methods(["GET", "POST"])
def account_delete(request, pk):
    """Archive the account (the former delete): a confirmation page saying what it means,
    then nothing is deleted. Owner, directors, administrators (403 for other readers)."""
    access = account_for_user(request.user, pk)
    if not access.can_delete:
        raise PermissionDenied
    if access.archived:
        return redirect("accounts:detail", pk=access.account.pk)
    error = None
    if request.method == "POST":
        try:
            archive.account_archive(user=request.user, account=access.account)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request, _("Account “%(name)s” archived.") % {"name": access.account.name}
            )
            return redirect("accounts:list")
    return render(
        request,
        "accounts/confirm_archive.html",
        {"account": access.account, "error": error},
    )


@internal_required
@require_POST
def account_restore(request, pk):
    access = account_for_user(request.user, pk)
    if not access.can_delete:
        raise PermissionDenied
    try:
        archive.account_restore(user=request.user, account=access.account)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Account “%(name)s” restored.") % {"name": access.account.name})
    return redirect("accounts:detail", pk=access.account.pk)


@internal_required
@require_http_methods(["GET", "POST"])
def account_purge(request, pk):
    """Delete an archived account for good: administrators only, with its name typed."""
    access = account_for_user(request.user, pk)
    if not can_purge_account(request.user):
        raise PermissionDenied
    if not access.archived:
        return redirect("accounts:detail", pk=access.account.pk)
    error = None
    try:
        removed = archive.account_purge_preview(account=access.account)
    except ValidationError as exc:
        removed, error = [], exc.messages[0]
    if request.method == "POST" and error is None:
        try:
            archive.account_purge(
                user=request.user,
                account=access.account,
                confirm_name=_text_param(request.POST, "confirm_name", 200),
            )
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request, _("Account “%(name)s” purged.") % {"name": access.account.name}
            )
            return redirect(reverse("accounts:list") + "?archived=1")
    return render(
        request,
        "accounts/confirm_purge.html",
        {"account": access.account, "removed": removed, "error": error},
        status=422 if error else 200,
    )


@internal_required
@require_POST
def team_add(request, pk):
    access = account_for_user(request.user, pk, write=True)
    form = TeamMemberForm(request.POST, account=access.account)
    if form.is_valid():
        try:
            services.team_member_add(
                user=request.user, account=access.account, **form.service_kwargs()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Team member added."))
            return redirect(_people(access.account.pk))
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect(_people(access.account.pk))


@internal_required
@require_POST
def team_remove(request, pk, member_pk):
    access = account_for_user(request.user, pk, write=True)
    try:
        services.team_member_remove(user=request.user, account=access.account, member_id=member_pk)
    except ValidationError:
        raise Http404 from None
    messages.success(request, _("Team member removed."))
    return redirect(_people(access.account.pk))


@internal_required
@require_http_methods(["GET", "POST"])
def contact_create(request, pk):
    access = account_for_user(request.user, pk, write=True)
    form = ContactForm(request.POST or None, account=access.account)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(
                user=request.user, account=access.account, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Contact added."))
            return redirect(_people(access.account.pk))
    return render(request, "accounts/contact_form.html", {"form": form, "account": access.account})


@internal_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk):
    contact, access = contact_for_user(request.user, pk, write=True)
    form = ContactForm(request.POST or None, instance=contact)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(
                user=request.user,
                contact=contact,
                data=form.cleaned_data,
                seen_updated_at=form.cleaned_data.get("seen_updated_at"),
            )
        except ConflictError:
            form.add_error(None, _CONTACT_CONFLICT)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(_people(access.account.pk))
    if request.method == "POST" and any(
        error.code == "conflict" for error in form.errors.as_data().get("__all__", [])
    ):
        status = 409  # someone else saved it since: nothing was written
    return render(
        request,
        "accounts/contact_form.html",
        {"form": form, "account": access.account, "contact": contact},
        status=status,
    )


@internal_required
@require_POST
def contact_delete(request, pk):
    """Archive the contact (the former delete): hidden from lists, kept, restorable."""
    contact, access = contact_for_user(request.user, pk)
    if not access.can_write:
        raise PermissionDenied
    archive.contact_archive(user=request.user, contact=contact)
    messages.success(request, _("Contact archived. You can restore it from the account page."))
    return redirect(_people(access.account.pk))


@internal_required
@require_POST
def contact_restore(request, pk):
    contact, access = contact_for_user(request.user, pk)
    if not access.can_write:
        raise PermissionDenied
    archive.contact_restore(user=request.user, contact=contact)
    messages.success(request, _("Contact restored."))
    return redirect(_people(access.account.pk))
