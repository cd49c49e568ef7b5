"""Pages of the alignment checkpoints (namespace "checkpoints", SPEC §6.3).

- `account`: an account's SAA checkpoint and 7S survey: the current period's quick
  form (one row of 1-5 radio buttons per element and an optional comment), the latest
  results (average, spread, weakest highlighted, disagreement flagged), the trend chart
  and the history;
- `open` (POST): open the current period's checkpoint of a kind;
- `detail`: one checkpoint: results and every rater's scores and comments, with the
  quick form for those who may answer;
- `answer` (POST): submit my ratings; a stale submit (409) or an invalid one (422)
  shows the form again with the messages;
- `portfolio`: strategic (or other) accounts with their latest averages, weakest
  element and trend; above them, the rounds waiting for my rating.

alignment.js adds the keyboard (digits 1-5 rate the focused row, Ctrl+Enter saves,
Escape leaves the form) and draws the charts; everything works without it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import AccountClass
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError

from ..models import ELEMENTS, CheckpointKind, Element
from . import selectors, services

PAGE_SIZE = 50


def element_rows(kind: str, mine=None, posted=None, errors=None) -> list[dict]:
    """The quick form's rows: element, label, chosen score, comment, errors."""
    rows = []
    for index, element in enumerate(ELEMENTS[kind]):
        if posted is not None:
            score = posted.get(f"score_{element}", "")
            comment = posted.get(f"comment_{element}", "")
        elif mine is not None and element in mine.scores:
            score, comment = mine.scores[element]
        else:
            score, comment = "", ""
        rows.append(
            {
                "element": element,
                "label": str(Element(element).label),
                "score": str(score),
                "comment": comment,
                "errors": (errors or {}).get(element, []),
                "first": index == 0,
            }
        )
    return rows


def _form(checkpoint, results, user, *, posted=None, errors=None, conflict=False) -> dict:
    mine = results.mine(user.pk) if results is not None else None
    return {
        "checkpoint": checkpoint,
        "rows": element_rows(checkpoint.kind, mine, posted, errors),
        "seen": mine.updated_at.isoformat() if mine is not None else "",
        "answered": mine is not None,
        "conflict": conflict,
        "non_field": (errors or {}).get("answers", []),
    }


def _account_context(request, access, *, forms=None) -> dict:
    account = access.account
    overview = selectors.account_overview(
        account, request.user, can_write=access.can_write, history=True
    )
    sections = []
    for kind in overview.kinds:
        current = kind.current
        results = selectors.checkpoint_results(current) if current is not None else None
        latest = kind.latest
        if latest is not None and current is not None and latest.checkpoint.pk == current.pk:
            latest_results = results
        elif latest is not None:
            latest_results = selectors.checkpoint_results(latest.checkpoint)
        else:
            latest_results = None
        form = None
        if current is not None and overview.can_answer:
            form = (forms or {}).get(current.pk) or _form(current, results, request.user)
        sections.append(
            {
                "kind": kind,
                "results": latest_results,
                "form": form,
                "chart": selectors.chart_data(kind.history, kind.kind),
                "history": list(reversed(kind.history)),
            }
        )
    return {"account": account, "access": access, "overview": overview, "sections": sections}


@internal_required
@require_GET
def account_alignment(request, pk):
    access = account_for_user(request.user, pk)
    return render(request, "execution/checkpoints/account.html", _account_context(request, access))


@internal_required
@require_POST
def checkpoint_open(request, pk):
    access = account_for_user(request.user, pk, write=True)
    try:
        checkpoint = services.checkpoint_open(
            user=request.user, account=access.account, kind=request.POST.get("kind", "")
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
        return redirect("checkpoints:account", access.account.pk)
    messages.success(request, _("The checkpoint is open: rate each element."))
    return redirect(
        reverse("checkpoints:account", args=[access.account.pk]) + f"#cp-{checkpoint.pk}"
    )


def _detail_context(request, checkpoint, access, *, form=None) -> dict:
    results = selectors.checkpoint_results(checkpoint)
    if form is None and access.can_write:
        form = _form(checkpoint, results, request.user)
    elements = [str(Element(e).label) for e in ELEMENTS[checkpoint.kind]]
    raters = [
        {"row": row, "cells": [row.scores.get(e) for e in ELEMENTS[checkpoint.kind]]}
        for row in results.raters
    ]
    page = Paginator(raters, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "account": access.account,
        "access": access,
        "checkpoint": checkpoint,
        "results": results,
        "elements": elements,
        "page": page,
        "form": form,
    }


@internal_required
@require_GET
def checkpoint_detail(request, pk):
    checkpoint, access = selectors.checkpoint_for_user(request.user, pk)
    return render(
        request, "execution/checkpoints/detail.html", _detail_context(request, checkpoint, access)
    )


def _seen(raw: str):
    """The `updated_at` the form was rendered with; None when absent or malformed."""
    try:
        return parse_datetime(raw) if raw else None
    except ValueError:
        return None


@internal_required
@require_POST
def answers_submit(request, pk):
    checkpoint, access = selectors.checkpoint_for_user(request.user, pk, write=True)
    posted = request.POST
    answers = {}
    for element in ELEMENTS[checkpoint.kind]:
        score = posted.get(f"score_{element}", "")
        if score:
            answers[element] = (score, posted.get(f"comment_{element}", ""))
    seen = _seen(posted.get("seen_updated_at", ""))
    back_to_detail = posted.get("next") == "detail"
    status, errors, conflict = 422, None, False
    try:
        services.answers_submit(
            user=request.user, checkpoint=checkpoint, answers=answers, seen_updated_at=seen
        )
    except ConflictError:
        status, conflict, posted = 409, True, None
    except ValidationError as exc:
        errors = exc.message_dict
    else:
        messages.success(request, _("Thank you: your ratings are saved."))
        if back_to_detail:
            return redirect("checkpoints:detail", checkpoint.pk)
        url = reverse("checkpoints:account", args=[access.account.pk])
        return redirect(f"{url}#cp-{checkpoint.pk}")
    results = selectors.checkpoint_results(checkpoint)
    form = _form(checkpoint, results, request.user, posted=posted, errors=errors, conflict=conflict)
    if back_to_detail:
        context = _detail_context(request, checkpoint, access, form=form)
        return render(request, "execution/checkpoints/detail.html", context, status=status)
    context = _account_context(request, access, forms={checkpoint.pk: form})
    return render(request, "execution/checkpoints/account.html", context, status=status)


@internal_required
@require_GET
def portfolio(request):
    account_class = request.GET.get("class", AccountClass.STRATEGIC)
    if account_class not in AccountClass.values and account_class != "all":
        account_class = AccountClass.STRATEGIC
    sort = request.GET.get("sort", selectors.DEFAULT_PORTFOLIO_SORT)
    rows = selectors.portfolio_alignment(
        request.user, account_class="" if account_class == "all" else account_class, sort=sort
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "execution/checkpoints/portfolio.html",
        {
            "page": page,
            "count": len(rows),
            "classes": AccountClass.choices,
            "account_class": account_class,
            "default_sort": selectors.DEFAULT_PORTFOLIO_SORT,
            "kinds": CheckpointKind.choices,
            "due": selectors.due_for_user(request.user),
            "today": timezone.localdate(),
        },
    )
