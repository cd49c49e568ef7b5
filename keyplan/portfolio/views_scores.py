"""Scoring pages: the score sheet (with inline manual scores), the criteria, the
reclassification suggestions and the portfolio norms.

Thin adapters: the access rule (keyplan.accounts.access) and `can_manage_portfolio`
decide who may do what; `scoring`, `suggestions` and `norms` compute and write. The
account page's panel and its forms are in `views_account`.
"""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import WRITE_ROLES, account_for_user, visible_accounts
from keyplan.accounts.models import AccountClass
from keyplan.accounts.selectors import account_filter_choices
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.money import format_money, format_number
from keyplan.core.web import safe_next

from . import domain, norms, scoring, suggestions
from .access import can_manage_portfolio, require_portfolio_manager
from .forms_scores import (
    CriteriaFormSet,
    DecisionForm,
    ScoreCellForm,
)
from .models import (
    AccountScore,
    Criterion,
    Fitness,
    PortfolioSettings,
    SamFitness,
    Suggestion,
    SuggestionStatus,
)

# Re-exported: the account page imports the panel from here, and these were defined here.
from .views_account import account_panel as account_panel
from .views_account import sam_fitness_edit as sam_fitness_edit
from .views_account import wallet_edit as wallet_edit
from .web import _error_messages, _percent, _service_errors, _weights

SHEET = "scoring:scores"
DECIDED = (SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED, SuggestionStatus.OUTDATED)


def _htmx_or_redirect(request, to: str) -> HttpResponse:
    """After a POST: htmx reloads the page at `to`; a plain form follows a redirect."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = to
        return response
    return redirect(to)


# --- score sheet --------------------------------------------------------------------------


@internal_required
@require_http_methods(["GET"])
def score_sheet(request):
    sheet = scoring.score_sheet(user=request.user, params=request.GET)
    criteria = sheet["criteria"]
    for row in sheet["page"].object_list:
        row["grid"] = [
            {"criterion": c, "cell": cell} for c, cell in zip(criteria, row["cells"], strict=True)
        ]
    filters = sheet["filters"]
    context = {
        "sheet": sheet,
        "page": sheet["page"],
        "criteria": criteria,
        "filters": filters,
        "filtered": any(filters[k] for k in ("class", "owner", "country", "candidates")),
        "class_choices": AccountClass.choices,
        "default_sort": "-total",
        "can_manage": can_manage_portfolio(request.user),
        "can_score": request.user.role in WRITE_ROLES,
        "next_url": request.get_full_path(),
        **_filter_choices(request.user),
    }
    template = "portfolio/_scores_results.html" if request.htmx else "portfolio/scores.html"
    return render(request, template, context)


def _filter_choices(user) -> dict:
    choices = account_filter_choices(user=user)
    # distinct() over the model's default ordering can repeat a country: once each here.
    choices["countries"] = sorted(set(choices["countries"]))
    return choices


def _account_total(account) -> dict:
    """The weighted total, coverage and candidate flag of one account (after a save)."""
    enabled = list(Criterion.objects.filter(enabled=True))
    scores = {
        s.criterion.key: s.score
        for s in AccountScore.objects.filter(account=account, criterion__in=enabled).select_related(
            "criterion"
        )
    }
    raw, normalised = _weights(enabled)
    total, coverage = domain.weighted_total(scores, raw) if normalised else (None, 0)
    threshold = PortfolioSettings.load().candidate_score
    candidate = (
        total is not None and total >= threshold and account.account_class != AccountClass.STRATEGIC
    )
    return {"total": total, "coverage": coverage, "candidate": candidate}


def _index(value: str | None) -> int:
    try:
        number = int(value or "0")
    except ValueError:
        return 0
    return number if 0 <= number < 10_000 else 0


def _cell(score: AccountScore | None) -> dict | None:
    if score is None:
        return None
    return {
        "score": score.score,
        "from_data": score.from_data,
        "value": score.value,
        "rationale": score.rationale,
        "scored_by": score.scored_by,
        "scored_at": score.scored_at,
        "updated_at": score.updated_at,
    }


def _save_score(user, account, criterion, data: dict) -> AccountScore:
    """Save a manual score; a version saved meanwhile by someone else is a conflict.

    The user's own newer version is not: the score input and the rationale's Save button
    may post one after the other from the same cell, the second with the older version."""

    def save(seen):
        return scoring.set_score(
            user=user,
            account=account,
            criterion=criterion,
            score=data["score"],
            rationale=data["rationale"],
            seen_updated_at=seen,
        )

    if data["seen_updated_at"] is None and data["blank"]:
        # The user saw an empty cell: a score someone else entered since is a conflict too.
        existing = AccountScore.objects.filter(account=account, criterion=criterion).first()
        if existing is not None and existing.scored_by_id != user.pk:
            raise ConflictError(existing)
    try:
        return save(data["seen_updated_at"])
    except ConflictError as exc:
        current = exc.current
        if current is None or current.from_data or current.scored_by_id != user.pk:
            raise
        return save(current.updated_at)


@internal_required
@require_POST
def score_cell(request, account_pk, criterion_pk):
    access = account_for_user(request.user, account_pk, write=True)
    account = access.account
    criterion = get_object_or_404(Criterion, pk=criterion_pk)
    form = ScoreCellForm(request.POST)
    status = 200
    conflict = None
    entered = request.POST.get("score", "")[:20]
    if form.is_valid():
        try:
            _save_score(request.user, account, criterion, form.cleaned_data)
        except ConflictError as exc:
            conflict = exc.current
            status = 409
        except ValidationError as exc:
            _service_errors(form, exc)
            status = 422
    else:
        status = 422
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    conflict_text = _conflict_text(conflict, entered) if status == 409 else ""

    if not request.htmx:
        if status == 200:
            messages.success(request, _("Score saved."))
        elif status == 409:
            messages.error(request, conflict_text)
        else:
            for error in errors:
                messages.error(request, f"{account.name}, {criterion}: {error}")
        return redirect(safe_next(request, reverse(SHEET)))

    current = (
        AccountScore.objects.filter(account=account, criterion=criterion)
        .select_related("scored_by")
        .first()
    )
    context = {
        "account_id": account.pk,
        "account_name": account.name,
        "criterion": {"id": criterion.pk, "label": str(criterion), "is_data": criterion.is_data},
        "cell": _cell(current),
        "r": _index(request.POST.get("r")),
        "c": _index(request.POST.get("c")),
        "can_score": True,
        "next_url": safe_next(request, reverse(SHEET)),
        "error": " ".join(errors) if status == 422 else "",
        "entered_value": entered if status == 422 else None,
        "conflict_text": conflict_text,
        "saved": status == 200,
        "oob": True,
        **_account_total(account),
    }
    return render(request, "portfolio/_scores_cell.html", context, status=status)


def _conflict_text(current, entered: str) -> str:
    """Both values: the one saved meanwhile and the one the user entered."""
    if current is None:
        return _(
            "Someone removed this score while you were editing; you entered %(yours)s. "
            "Enter it again to save it."
        ) % {"yours": entered or "—"}
    who = current.scored_by or _("someone else")
    return _(
        "%(who)s saved %(theirs)s here while you were editing; you entered %(yours)s. "
        "Their score is shown now; enter yours again to replace it."
    ) % {"who": who, "theirs": current.score, "yours": entered or "—"}


@internal_required
@require_POST
def recompute(request):
    require_portfolio_manager(request.user)
    try:
        written = scoring.compute_data_scores(user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Data scores recomputed: %(count)s scores from data in place.") % {"count": written},
        )
    return _htmx_or_redirect(request, reverse(SHEET))


# --- criteria -----------------------------------------------------------------------------


ACTIONS = {"+": gettext_lazy("added"), "~": gettext_lazy("changed"), "-": gettext_lazy("removed")}
CRITERION_FIELDS = ("enabled", "weight", "metric", "method", "low", "high", "higher_is_better")


def _criterion_value(record, name: str) -> str:
    value = getattr(record, name)
    field = Criterion._meta.get_field(name)
    if name == "metric" and not value:
        return str(_("Scored by people"))
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value)


def _seeded_criteria() -> dict[str, Criterion]:
    """The catalogue as migration 0002 seeded it (that migration writes no history): the
    baseline a criterion's first recorded change is compared with."""
    seed = importlib.import_module("keyplan.portfolio.migrations.0002_criteria_catalogue")
    baseline = {}
    for key, enabled, weight, metric, method, low, high, higher in seed.CATALOGUE:
        baseline[key] = Criterion(
            key=key,
            enabled=enabled,
            weight=Decimal(weight),
            metric=metric,
            method=method,
            low=None if low is None else Decimal(low),
            high=None if high is None else Decimal(high),
            higher_is_better=higher,
        )
    return baseline


def _criteria_history(limit: int = 20) -> list[dict]:
    """The latest changes to the criteria, newest first, each with its field changes."""
    records = list(
        Criterion.history.select_related("history_user").order_by("-history_date", "-history_id")[
            :200
        ]
    )
    older: dict[int, object] = {}
    previous_of: dict[int, object] = {}
    for record in reversed(records):
        previous_of[record.history_id] = older.get(record.id)
        older[record.id] = record
    labels = dict(Criterion._meta.get_field("key").flatchoices)
    seeded = _seeded_criteria()
    entries = []
    for record in records:
        previous = previous_of[record.history_id]
        if previous is None and record.history_type == "~":
            previous = seeded.get(record.key)
        changes = []
        if previous is not None:
            for name in CRITERION_FIELDS:
                old, new = _criterion_value(previous, name), _criterion_value(record, name)
                if old != new:
                    label = str(Criterion._meta.get_field(name).verbose_name)
                    changes.append({"field": label[:1].upper() + label[1:], "old": old, "new": new})
            if not changes:
                continue
        entries.append(
            {
                "when": record.history_date,
                "who": str(record.history_user) if record.history_user_id else _("system"),
                "subject": str(labels.get(record.key, record.key)),
                "action": ACTIONS.get(record.history_type, ""),
                "changes": changes,
            }
        )
        if len(entries) == limit:
            break
    return entries


@internal_required
@require_http_methods(["GET", "POST"])
def criteria(request):
    can_manage = can_manage_portfolio(request.user)
    if request.method == "POST":
        require_portfolio_manager(request.user)
    items = list(Criterion.objects.all())
    formset = CriteriaFormSet(request.POST if request.method == "POST" else None, criteria=items)
    if request.method == "POST":
        if formset.is_valid():
            rules_before = {c.pk: _rule(c) for c in Criterion.objects.all()}
            saved = formset.save()
            if saved:
                messages.success(request, _("Criteria saved."))
                if any(_rule(c) != rules_before.get(c.pk) for c in saved):
                    messages.info(
                        request,
                        _("The data rules changed: recompute the data scores to apply them."),
                    )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("scoring:criteria")
        for error in formset.error_messages():
            messages.error(request, error)
        items = list(Criterion.objects.all())  # the weights shown are the saved ones
    _raw, normalised = _weights(items)
    rows = [
        {"criterion": c, "form": f, "normalised": _percent(normalised.get(c.key))}
        for c, f in zip(items, formset.forms, strict=True)
    ]
    context = {
        "rows": rows,
        "formset": formset,
        "can_manage": can_manage,
        "history": _criteria_history(),
        "weights_valid": bool(normalised),
    }
    return render(
        request,
        "portfolio/criteria.html",
        context,
        status=200,
    )


def _rule(criterion) -> tuple:
    return (
        criterion.enabled,
        criterion.metric,
        criterion.method,
        criterion.low,
        criterion.high,
        criterion.higher_is_better,
    )


# --- suggestions --------------------------------------------------------------------------


@internal_required
@require_http_methods(["GET"])
def suggestion_list(request):
    show = "decided" if request.GET.get("status") == "decided" else "pending"
    qs = Suggestion.objects.filter(account__in=visible_accounts(request.user)).select_related(
        "account", "account__owner", "decided_by"
    )
    if show == "pending":
        qs = qs.filter(status=SuggestionStatus.PENDING).order_by("-created_at", "-pk")
    else:
        qs = qs.filter(status__in=DECIDED).order_by("-decided_at", "-created_at", "-pk")
    page = Paginator(qs, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = can_manage_portfolio(request.user)
    labels = dict(AccountClass.choices)
    rows = [
        {
            "suggestion": s,
            "reason": suggestions.reason_text(s),
            "figures": _figures(s.evidence),
            "from_label": labels.get(s.from_class, s.from_class),
            "to_label": labels.get(s.to_class, s.to_class),
            "form": DecisionForm(prefix=f"s{s.pk}") if can_manage and show == "pending" else None,
        }
        for s in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "show": show,
        "can_manage": can_manage,
    }
    return render(request, "portfolio/suggestions.html", context)


def _figures(evidence) -> list[tuple[str, str]]:
    """The main figures behind a suggestion (the reason sentence has the rest)."""
    if not isinstance(evidence, dict):
        return []
    currency = evidence.get("currency") or PortfolioSettings.load().base_currency
    figures = []
    period = evidence.get("period")
    if isinstance(period, dict) and period.get("from") and period.get("to"):
        try:
            start, end = date.fromisoformat(period["from"]), date.fromisoformat(period["to"])
        except (TypeError, ValueError):
            pass
        else:
            figures.append(
                (
                    _("Period"),
                    f"{date_format(start, 'SHORT_DATE_FORMAT')} – "
                    f"{date_format(end, 'SHORT_DATE_FORMAT')}",
                )
            )
    for key, label in (
        ("revenue", _("Revenue")),
        ("previous_revenue", _("Revenue a year earlier")),
        ("gross_profit", _("Gross profit")),
    ):
        value = evidence.get(key)
        if value is None:
            continue
        try:
            figures.append((label, format_money(Decimal(str(value)), currency)))
        except (InvalidOperation, ValueError):
            continue
    return figures


@internal_required
@require_POST
def suggestion_decide(request, pk):
    require_portfolio_manager(request.user)
    suggestion = get_object_or_404(
        Suggestion.objects.filter(account__in=visible_accounts(request.user)).select_related(
            "account"
        ),
        pk=pk,
    )
    form = DecisionForm(request.POST, prefix=f"s{suggestion.pk}")
    if not form.is_valid():
        # A plain form without the prefix (the API-like call) is accepted too.
        plain = DecisionForm(request.POST)
        if plain.is_valid():
            form = plain
    back = reverse("scoring:suggestions")
    if form.is_valid():
        accept = form.cleaned_data["decision"] == DecisionForm.ACCEPT
        try:
            suggestions.decide(
                user=request.user,
                suggestion=suggestion,
                accept=accept,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            name = suggestion.account.name
            messages.success(
                request,
                (_("Accepted: %(name)s changes class.") if accept else _("Rejected for %(name)s."))
                % {"name": name},
            )
    else:
        _error_messages(request, form)
    return redirect(back)


@internal_required
@require_POST
def suggestion_generate(request):
    require_portfolio_manager(request.user)
    try:
        made = suggestions.generate_suggestions(user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if made:
            messages.success(
                request,
                _("%(count)s suggestions created or updated.") % {"count": len(made)},
            )
        else:
            messages.info(request, _("No new suggestions: every class fits the data."))
    return _htmx_or_redirect(request, reverse("scoring:suggestions"))


# --- norms --------------------------------------------------------------------------------


@internal_required
@require_http_methods(["GET"])
def norms_page(request):
    result = norms.portfolio_norms(user=request.user)
    verdicts = {
        Fitness.YES: _("Fit"),
        Fitness.NO: _("Not fit"),
        Fitness.UNKNOWN: _("Incomplete"),
        norms.MISSING: _("Not assessed"),
    }
    answers = dict(Fitness.choices)
    fitness_rows = [
        {
            **row,
            "verdict_label": verdicts.get(row["verdict"], row["verdict"]),
            "answer_list": [
                {
                    "value": (row["answers"] or {}).get(name, norms.MISSING),
                    "label": answers.get((row["answers"] or {}).get(name), "—"),
                }
                for name in SamFitness.CONDITIONS
            ],
        }
        for row in result["fitness"]
    ]
    top = max([row["strategic"] for row in result["per_kam"]] or [0])
    context = {
        "norms": result,
        "blocks": [
            {"key": "revenue", "title": _("Strategic share of revenue"), "data": result["revenue"]},
            {
                "key": "gross-profit",
                "title": _("Strategic share of gross profit"),
                "data": result["gross_profit"],
            },
        ],
        "kam_scale": max(top, result["max_per_kam"] + 1, 1),
        "condition_labels": [
            SamFitness._meta.get_field(name).verbose_name for name in SamFitness.CONDITIONS
        ],
        "fitness_rows": fitness_rows,
        "can_manage": can_manage_portfolio(request.user),
    }
    return render(request, "portfolio/norms.html", context)
