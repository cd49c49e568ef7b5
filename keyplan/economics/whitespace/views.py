"""Whitespace pages: one account's (the rule in plain words, the peer count, the ranked
lines with "Add as goal" / "Add as action"), the POST adding a line to the plan, and the
top lines of every account the user may see (filtered, sorted, paged).

Thin adapters: the access rule is `account_for_user` (outsiders 404, read-only roles 403
on the POST), the selectors read, `whitespace_add` writes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required

from ..common import list_context, list_filters
from .selectors import (
    DEFAULT_SORT,
    SORTS,
    AccountWhitespace,
    PlanLines,
    WhitespaceFilters,
    account_whitespace,
    plan_lines,
    whitespace_table,
)
from .services import whitespace_add
from .titles import ACTION, GOAL, band_text, rule_text


@internal_required
@require_GET
def whitespace_list(request):
    filters = list_filters(request, WhitespaceFilters, sorts=SORTS, default_sort=DEFAULT_SORT)
    table = whitespace_table(user=request.user, filters=filters)
    context = list_context(request, table, filters, default_sort=DEFAULT_SORT)
    context["rules"] = {
        rule: rule_text(rule) for rule in {row.rule for row in context["page"].object_list}
    }
    template = (
        "economics/whitespace_results.html" if request.htmx else "economics/whitespace_list.html"
    )
    return render(request, template, context)


def _rows(result: AccountWhitespace, held: PlanLines) -> list[dict]:
    return [
        {
            "line": line,
            "goal": held.holds(GOAL, line.product_line),
            "action": held.holds(ACTION, line.product_line),
        }
        for line in result.lines
    ]


def _page_context(request, access, result: AccountWhitespace, held: PlanLines) -> dict:
    whitespace = result.whitespace
    plan = held.plan
    return {
        "account": access.account,
        "access": access,
        "result": result,
        "whitespace": whitespace,
        "period": result.period,
        "rows": _rows(result, held),
        "rule": rule_text(whitespace.rule) if whitespace else "",
        "band": band_text(whitespace.peers.band) if whitespace else "",
        "plan": plan,
        "plan_editable": plan is not None and getattr(plan, "is_editable", False),
        "can_add": access.can_write,
    }


@internal_required
@require_GET
def account_whitespace_page(request, pk):
    access = account_for_user(request.user, pk)
    result = account_whitespace(account=access.account)
    held = plan_lines(access.account, [line.product_line for line in result.lines])
    return render(
        request, "economics/whitespace_account.html", _page_context(request, access, result, held)
    )


@internal_required
@require_POST
def account_whitespace_add(request, pk):
    """Add one line to the plan as a goal or an action. Without JavaScript: back to the
    page with the outcome as a message; with htmx: the line's row again, with it."""
    access = account_for_user(request.user, pk, write=True)
    account = access.account
    kind = request.POST.get("kind", "")
    name = request.POST.get("line", "")[:100].replace("\x00", "")
    ok = True
    try:
        item = whitespace_add(user=request.user, account=account, product_line=name, kind=kind)
    except ValidationError as exc:
        ok, notice = False, " ".join(exc.messages)
    else:
        notice = (
            _("Added to the plan as a goal: “%(title)s”.")
            if kind == GOAL
            else _("Added to the plan as an action: “%(title)s”.")
        ) % {"title": item.label}
    if not request.htmx:
        (messages.success if ok else messages.error)(request, notice)
        return redirect(reverse("economics:account-whitespace", args=[account.pk]))
    result = account_whitespace(account=account)
    line = result.line(name.strip())
    held = plan_lines(account, [name.strip()])
    context = _page_context(request, access, result, held)
    context.update(
        row={
            "line": line,
            "goal": held.holds(GOAL, name.strip()),
            "action": held.holds(ACTION, name.strip()),
        }
        if line
        else None,
        notice=notice,
        notice_ok=ok,
    )
    return render(request, "economics/whitespace_row.html", context)
