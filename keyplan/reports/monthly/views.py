"""The monthly report pages (namespace "reports"): an account's reports by month, one
report (on screen, with its texts' form, Issue, Share to portal, E-mail), its PDF.

Every view goes through the account access rule: an outsider gets 404; a read-only user
reads but every write answers 403.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError

from . import selectors, services
from .domain import last_full_month
from .forms import DraftForm, EmailForm, LanguageForm, TextsForm
from .pdf import pdf_filename, render_pdf
from .present import language_or_default, report_view

LIST_TEMPLATE = "reports/monthly_list.html"
DETAIL_TEMPLATE = "reports/monthly_detail.html"


def _list_context(request, access, *, draft_form=None) -> dict:
    reports = selectors.account_reports(access.account)
    page = Paginator(reports, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    default_month = last_full_month(timezone.localdate())
    return {
        "account": access.account,
        "page": page,
        "can_write": access.can_write,
        "draft_form": draft_form or DraftForm(initial={"month": f"{default_month:%Y-%m}"}),
    }


@internal_required
@require_GET
def report_list(request, pk):
    access = account_for_user(request.user, pk)
    return render(request, LIST_TEMPLATE, _list_context(request, access))


@internal_required
@require_POST
def report_draft_now(request, pk):
    access = account_for_user(request.user, pk, write=True)
    form = DraftForm(request.POST)
    if not form.is_valid():
        context = _list_context(request, access, draft_form=form)
        return render(request, LIST_TEMPLATE, context, status=422)
    report = services.report_draft_now(
        user=request.user, account=access.account, month=form.cleaned_data["month"]
    )
    messages.success(request, _("The draft holds the latest figures."))
    return redirect("reports:monthly-detail", pk=report.pk)


def _detail_context(request, report, access, **forms) -> dict:
    versions = selectors.month_versions(report)
    latest = versions[0].pk == report.pk if versions else True
    can_write = access.can_write
    texts_form = None
    if can_write and latest:
        texts_form = forms.get("texts_form") or TextsForm(
            initial={
                "summary": report.summary,
                "highlights": report.highlights,
                "asks": report.asks,
                "updated_at": report.updated_at,
            }
        )
    email_form = None
    if can_write and report.is_issued:
        email_form = forms.get("email_form") or EmailForm(
            account=access.account, initial={"language": _language(request)}
        )
    return {
        **report_view(report),
        "account": access.account,
        "can_write": can_write,
        "is_latest": latest,
        "versions": versions,
        "texts_form": texts_form,
        "email_form": email_form,
        "language_form": LanguageForm(initial={"language": _language(request)}),
    }


def _language(request) -> str:
    return language_or_default(get_language())


@internal_required
@require_GET
def report_detail(request, pk):
    report, access = selectors.report_for_user(request.user, pk)
    return render(request, DETAIL_TEMPLATE, _detail_context(request, report, access))


@internal_required
@require_POST
def report_texts(request, pk):
    report, access = selectors.report_for_user(request.user, pk, write=True)
    form = TextsForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            saved = services.report_update_texts(
                user=request.user,
                report=report,
                data=form.cleaned_data,
                seen_updated_at=form.cleaned_data.get("updated_at"),
            )
        except ConflictError:
            messages.error(request, _("Someone saved this report since you opened it."))
            status = 409
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if saved.pk != report.pk:
                messages.success(
                    request, _("The report was issued: a new draft version holds your changes.")
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("reports:monthly-detail", pk=saved.pk)
    context = _detail_context(request, report, access, texts_form=form)
    return render(request, DETAIL_TEMPLATE, context, status=status)


def _act(request, pk, action, done: str):
    report, _access = selectors.report_for_user(request.user, pk, write=True)
    try:
        action(report)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("reports:monthly-detail", pk=report.pk)


@internal_required
@require_POST
def report_issue(request, pk):
    return _act(
        request, pk, lambda r: services.report_issue(user=request.user, report=r), _("Issued.")
    )


@internal_required
@require_POST
def report_refresh(request, pk):
    return _act(
        request,
        pk,
        lambda r: services.report_refresh(user=request.user, report=r),
        _("The draft holds the latest figures."),
    )


@internal_required
@require_POST
def report_share(request, pk):
    shared = request.POST.get("shared") == "1"
    return _act(
        request,
        pk,
        lambda r: services.report_share(user=request.user, report=r, shared=shared),
        _("Shared to the customer portal.") if shared else _("No longer shared to the portal."),
    )


@internal_required
@require_POST
def report_email(request, pk):
    report, access = selectors.report_for_user(request.user, pk, write=True)
    form = EmailForm(request.POST, account=access.account)
    if form.is_valid():
        try:
            sent = services.report_email(
                user=request.user,
                report=report,
                contacts=list(form.cleaned_data["contacts"]),
                message=form.cleaned_data["message"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Sent to %(count)s people.") % {"count": sent})
            return redirect("reports:monthly-detail", pk=report.pk)
    context = _detail_context(request, report, access, email_form=form)
    return render(request, DETAIL_TEMPLATE, context, status=422)


@internal_required
@require_GET
def report_pdf(request, pk):
    report, _access = selectors.report_for_user(request.user, pk)
    form = LanguageForm(request.GET)
    language = form.cleaned_data["language"] if form.is_valid() else _language(request)
    response = HttpResponse(render_pdf(report, language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(report)}"'
    return response
