"""Pages of the account team (namespace "team"): an account's team by function and unit
with who covers what and who is missing (inline add, edit and remove), the portfolio's
strategic accounts with team gaps, and the execution settings.

Inline editing works without JavaScript: "Edit" reloads the page with that row as a form
(`?edit=<id>`); team.js adds the keyboard (Escape cancels, Ctrl+Enter saves) and htmx
swaps just the row. A stale save answers 409 with the current version in the form; invalid
input answers 422 with the messages by the fields.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Field
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from keyplan.accounts import services as account_services
from keyplan.accounts.access import account_for_user
from keyplan.accounts.forms import TeamMemberForm
from keyplan.accounts.models import AccountTeamMember, TeamFunction
from keyplan.accounts.services import team_member_delete, team_member_update
from keyplan.core import rows as rows_helpers
from keyplan.core.decorators import internal_required
from keyplan.core.rows import row_delete, row_save
from keyplan.core.settings_pages import settings_page
from keyplan.core.web import apply_service_errors, parse_pk
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.users.models import User

from ..models import ExecutionSettings
from . import domain, selectors, services
from .forms import ExecutionSettingsForm, TeamMemberEditForm


def _page_size() -> int:
    from django.conf import settings

    return getattr(settings, "KEYPLAN_PAGE_SIZE", 50) or 50


def _member(user, pk, *, write: bool = False):
    account_id = (
        AccountTeamMember.objects.filter(pk=parse_pk(pk))
        .values_list("account_id", flat=True)
        .first()
    )
    if account_id is None:
        raise Http404
    access = account_for_user(user, account_id, write=write)
    member = AccountTeamMember.objects.select_related("user", "business_unit").get(pk=pk)
    return member, access


def _edit_form(member: AccountTeamMember) -> TeamMemberEditForm:
    return TeamMemberEditForm(
        prefix_id=str(member.pk),
        current_unit_id=member.business_unit_id,
        initial={
            "function": member.function,
            "business_unit": member.business_unit_id,
            "role": member.role,
            "contribution": member.contribution,
            "committed_hours": member.committed_hours,
            "seen_updated_at": member.updated_at.isoformat(),
        },
    )


def _team_context(
    request, access, *, add_form=None, edit_form=None, edit_id=None, conflict: bool = False
) -> dict:
    account = access.account
    sort = request.GET.get("sort", selectors.DEFAULT_MEMBER_SORT)
    found = selectors.account_team(account, sort=sort)
    page = Paginator(found["members"], _page_size()).get_page(request.GET.get("page"))
    if edit_id is None and access.can_write:
        edit_id = rows_helpers.edit_id(request)
    rows = []
    for member in page.object_list:
        form = None
        if access.can_write and member.pk == edit_id:
            form = edit_form or _edit_form(member)
        rows.append({"member": member, "form": form, "conflict": conflict and form is not None})
    coverage = found["coverage"]
    functions = [
        {
            "code": code,
            "label": domain.function_label(code),
            "names": coverage.covered.get(code, ()),
            "hours": coverage.hours_by_function.get(code),
            "required": code in coverage.required,
        }
        for code in TeamFunction.values
        if code in coverage.required or code in coverage.covered
    ]
    if access.can_write and add_form is None:
        add_form = TeamMemberForm(account=account)
    return {
        "account": account,
        "access": access,
        "page": page,
        "rows": rows,
        "coverage": coverage,
        "functions": functions,
        "missing": domain.missing_labels(coverage),
        "is_strategic": account.account_class == "strategic",
        "add_form": add_form,
        "default_sort": selectors.DEFAULT_MEMBER_SORT,
    }


def _back(account_id: int, anchor: str = "", request=None) -> str:
    return rows_helpers.back_url("team:account", account_id, anchor, request)


@internal_required
@require_GET
def account_team(request, pk):
    access = account_for_user(request.user, pk)
    return render(request, "execution/team/account.html", _team_context(request, access))


def _team_section(account_pk: int) -> str:
    """The team section of the account page's people tab."""
    return reverse("accounts:detail-people", args=[account_pk]) + "#team"


@internal_required
@require_POST
def member_add(request, pk):
    """Add a member. From the account page (`back=detail`) it returns there."""
    access = account_for_user(request.user, pk, write=True)
    form = TeamMemberForm(request.POST, account=access.account)
    from_detail = request.POST.get("back") == "detail"
    if form.is_valid():
        try:
            entry = account_services.team_member_add(
                user=request.user, account=access.account, **form.service_kwargs()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Team member added."))
            if from_detail:
                return redirect(_team_section(access.account.pk))
            return redirect(_back(access.account.pk, f"#member-{entry.pk}"))
    if from_detail:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(_team_section(access.account.pk))
    context = _team_context(request, access, add_form=form)
    context["add_open"] = True
    return render(request, "execution/team/account.html", context, status=422)


@internal_required
@require_POST
def member_edit(request, pk):
    member, access = _member(request.user, pk, write=True)
    form = TeamMemberEditForm(
        request.POST, prefix_id=str(member.pk), current_unit_id=member.business_unit_id
    )
    result = row_save(
        form,
        lambda valid: team_member_update(
            user=request.user,
            member=member,
            data=valid.service_data(),
            seen_updated_at=valid.cleaned_data["seen_updated_at"],
        ),
    )
    if result.gone:
        messages.error(request, _("This person was taken off the team meanwhile."))
        return redirect(_back(access.account.pk))
    if result.status == 200:
        messages.success(request, _("Team member saved."))
        return redirect(_back(access.account.pk, f"#member-{member.pk}", request))
    # 409: the row shows their version (no form), with a message; 422: the form again.
    context = _team_context(
        request, access, edit_form=result.form, edit_id=member.pk, conflict=result.status == 409
    )
    return render(request, "execution/team/account.html", context, status=result.status)


@internal_required
@require_POST
def member_remove(request, pk):
    member, access = _member(request.user, pk, write=True)
    removed = row_delete(
        request,
        TeamMemberEditForm,
        lambda seen: team_member_delete(user=request.user, member=member, seen_updated_at=seen),
    )
    if not removed:
        messages.error(
            request, _("Someone else changed this member since you opened the page; kept.")
        )
        context = _team_context(request, access)
        return render(request, "execution/team/account.html", context, status=409)
    messages.success(request, _("Team member removed."))
    return redirect(_back(access.account.pk, "#members", request))


def _owner_param(raw: str) -> int | None:
    try:
        value = int(raw or 0)
    except ValueError:
        return None
    return value if 0 < value < 2**63 else None


@internal_required
@require_GET
def gaps(request):
    params = request.GET
    function = params.get("function", "")
    if function not in TeamFunction.values:
        function = ""
    owner_id = _owner_param(params.get("owner", ""))
    show_all = params.get("show") == "all"
    sort = params.get("sort", selectors.DEFAULT_GAP_SORT)
    rows = selectors.gap_rows(
        request.user, function=function, owner_id=owner_id, show_all=show_all, sort=sort
    )
    page = Paginator(rows, _page_size()).get_page(params.get("page"))
    for row in page.object_list:
        row.missing_labels = domain.missing_labels(row.coverage)
    owners = User.objects.filter(is_active=True, role__in=["admin", "director", "kam"])
    return render(
        request,
        "execution/team/gaps.html",
        {
            "page": page,
            "count": len(rows),
            "functions": TeamFunction.choices,
            "function": function,
            "owners": owners.order_by("last_name", "first_name", "username"),
            "owner_id": owner_id,
            "show_all": show_all,
            "required": [domain.function_label(c) for c in selectors.required_functions()],
            "default_sort": selectors.DEFAULT_GAP_SORT,
        },
    )


def _settings_field(name: str) -> Field:
    """A column of the settings (`_meta.fields`, unlike `get_field`, holds only columns)."""
    return next(field for field in ExecutionSettings._meta.fields if field.name == name)


def _shown_value(current: ExecutionSettings, name: str):
    field = _settings_field(name)
    if name == "required_functions":
        labels = [
            domain.function_label(c) for c in domain.clean_required(current.required_functions)
        ]
        return ", ".join(labels) or "—"
    if field.choices:
        return getattr(current, f"get_{name}_display")()
    return getattr(current, name)


def _shown(current: ExecutionSettings) -> list[dict]:
    return [
        {
            "label": _settings_field(name).verbose_name,
            "value": _shown_value(current, name),
        }
        for name in services.SETTINGS_FIELDS
    ]


@internal_required
@require_http_methods(["GET", "POST"])
def execution_settings(request):
    return settings_page(
        request,
        model=ExecutionSettings,
        form_class=ExecutionSettingsForm,
        template="execution/team/settings.html",
        shown=_shown,
        save=lambda form: services.execution_settings_update(
            user=request.user,
            data=form.service_data(),
            seen_updated_at=form.cleaned_data["seen_updated_at"],
        ),
        add_errors=apply_service_errors,
        done="team:settings",
        can_manage=can_manage_portfolio,
    )
