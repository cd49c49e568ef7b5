"""Scoring pages: the score sheet (with inline manual scores), the criteria, the
reclassification suggestions, the portfolio norms and the account page's portfolio panel.

Thin adapters: the access rule (keyplan.accounts.access) and `can_manage_portfolio`
decide who may do what; `scoring`, `suggestions`, `norms` and `analysis` compute and write.
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
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import WRITE_ROLES, account_for_user, visible_accounts
from keyplan.accounts.models import AccountClass
from keyplan.accounts.selectors import account_filter_choices
from keyplan.accounts.services import ConflictError
from keyplan.core.decorators import internal_required
from keyplan.core.money import format_money, format_number

from . import analysis, domain, norms, scoring, suggestions
from .access import can_manage_portfolio, require_portfolio_manager
from .forms_scores import (
    CriteriaFormSet,
    DecisionForm,
    SamFitnessForm,
    ScoreCellForm,
    WalletForm,
)
from .models import (
    AccountScore,
    Criterion,
    DataMetric,
    Fitness,
    PortfolioSettings,
    SamFitness,
    Suggestion,
    SuggestionStatus,
    WalletEstimate,
)

SHEET = "scoring:scores"
DECIDED = (SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED, SuggestionStatus.OUTDATED)


def _htmx_or_redirect(request, to: str) -> HttpResponse:
    """After a POST: htmx reloads the page at `to`; a plain form follows a redirect."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = to
        return response
    return redirect(to)


def _error_messages(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{str(label).capitalize()}: {error}" if label else error)


def _service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _weights(criteria) -> tuple[dict[str, object], dict[str, object]]:
    """(raw weights of the criteria in use, the same normalised; {} when none weighs)."""
    raw = {c.key: c.weight for c in criteria if c.enabled}
    try:
        normalised = domain.normalise_weights(raw)
    except ValueError:
        normalised = {}
    return raw, normalised


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
        return redirect(_safe_next(request, reverse(SHEET)))

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
        "next_url": _safe_next(request, reverse(SHEET)),
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


def _percent(fraction):
    """A 0..1 fraction as a percentage (None stays None)."""
    return None if fraction is None else fraction * 100


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


# --- the account page's portfolio panel ---------------------------------------------------


def account_panel(request, access) -> dict:
    """Context for templates/portfolio/_account_panel.html on the account page, in a
    fixed number of queries (independent of the account's data size)."""
    account = access.account
    criteria = list(Criterion.objects.filter(enabled=True))
    scores = {
        s.criterion_id: s
        for s in AccountScore.objects.filter(
            account=account, criterion__in=criteria
        ).select_related("scored_by")
    }
    raw, normalised = _weights(criteria)
    total, coverage = (
        domain.weighted_total({c.key: scores[c.pk].score for c in criteria if c.pk in scores}, raw)
        if normalised
        else (None, 0)
    )
    portfolio_settings = PortfolioSettings.load()
    wallet = _wallet_figures(account, portfolio_settings)
    fitness = SamFitness.objects.filter(account=account).first()
    can_write = access.can_write
    return {
        "panel": {
            "class_history": _class_history(account),
            "scores": [
                {
                    "criterion": c,
                    "score": scores.get(c.pk),
                    "weight": _percent(normalised.get(c.key)),
                }
                for c in criteria
            ],
            "total": total,
            "coverage": coverage,
            "coverage_pct": _percent(coverage),
            "wallet": wallet,
            "fitness": fitness,
            "fitness_rows": _fitness_rows(fitness),
            "can_write": can_write,
            "wallet_form": _wallet_form(wallet["estimate"], portfolio_settings)
            if can_write
            else None,
            "fitness_form": SamFitnessForm(
                instance=fitness or SamFitness(account=account), auto_id="sam-%s"
            )
            if can_write
            else None,
        }
    }


def _class_history(account) -> list[dict]:
    labels = dict(AccountClass.choices)
    return [
        {
            "when": entry["date"],
            "who": entry["user"],
            "before": entry["old"],
            "after": entry["new"],
            "before_label": labels.get(entry["old"], entry["old"]),
            "after_label": labels.get(entry["new"], entry["new"]),
            "reason": entry["reason"],
        }
        for entry in analysis.class_history(account)
    ]


def _wallet_form(estimate, portfolio_settings, data=None) -> WalletForm:
    if estimate is not None:
        initial = {
            "category_spend": estimate.category_spend,
            "currency": estimate.currency,
            "source": estimate.source,
        }
    else:
        initial = {"currency": portfolio_settings.base_currency}
    return WalletForm(data, initial=initial, auto_id="wallet-%s")


WALLET_METRICS = (DataMetric.REVENUE, DataMetric.HEADROOM, DataMetric.SHARE_OF_WALLET)


def _wallet_figures(account, portfolio_settings) -> dict:
    """The estimate, our revenue over the default period, the share of wallet and the
    headroom (both as scoring.account_metrics computes them for the score sheet)."""
    estimate = WalletEstimate.objects.filter(account=account).first()
    period = analysis.default_period()
    metrics: dict = {}
    if period is not None or estimate is not None:
        metrics = scoring.account_metrics(period, [account.pk], metrics=WALLET_METRICS).get(
            account.pk, {}
        )
    return {
        "estimate": estimate,
        "period": period,
        "currency": portfolio_settings.base_currency,
        "revenue": metrics.get(DataMetric.REVENUE),
        "share": metrics.get(DataMetric.SHARE_OF_WALLET),
        "headroom": metrics.get(DataMetric.HEADROOM),
    }


def _fitness_rows(fitness) -> list[dict]:
    rows = []
    for name in SamFitness.CONDITIONS:
        field = SamFitness._meta.get_field(name)
        value = getattr(fitness, name) if fitness else Fitness.UNKNOWN
        rows.append(
            {
                "label": field.verbose_name,
                "value": value,
                "display": dict(Fitness.choices)[value],
            }
        )
    return rows


def _panel_response(request, access, *, form_name: str = "", form=None, saved: str = ""):
    """The panel alone, for htmx: with the refused form and its errors (422), or freshly
    computed after a save (200, with `saved` naming the section that was saved)."""
    context = {"account": access.account, "access": access, **account_panel(request, access)}
    if form is not None:
        context["panel"][form_name] = form
    context["panel"]["saved"] = saved
    return render(
        request, "portfolio/_account_panel.html", context, status=422 if form is not None else 200
    )


@internal_required
@require_POST
def wallet_edit(request, pk):
    access = account_for_user(request.user, pk, write=True)
    account = access.account
    form = WalletForm(request.POST, auto_id="wallet-%s")
    if form.is_valid():
        try:
            scoring.set_wallet(
                user=request.user,
                account=account,
                category_spend=form.cleaned_data["category_spend"],
                currency=form.cleaned_data["currency"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            if request.htmx:
                return _panel_response(request, access, saved="wallet")
            messages.success(request, _("Share of wallet estimate saved."))
            return redirect(_account_url(account, "wallet"))
    if request.htmx:
        return _panel_response(request, access, form_name="wallet_form", form=form)
    _error_messages(request, form)
    return redirect(_account_url(account, "wallet"))


@internal_required
@require_POST
def sam_fitness_edit(request, pk):
    access = account_for_user(request.user, pk, write=True)
    account = access.account
    instance = SamFitness.objects.filter(account=account).first() or SamFitness(account=account)
    form = SamFitnessForm(request.POST, instance=instance, auto_id="sam-%s")
    if form.is_valid():
        try:
            scoring.set_sam_fitness(
                user=request.user,
                account=account,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            if request.htmx:
                return _panel_response(request, access, saved="sam-fitness")
            messages.success(request, _("SAM fitness saved."))
            return redirect(_account_url(account, "sam-fitness"))
    if request.htmx:
        return _panel_response(request, access, form_name="fitness_form", form=form)
    _error_messages(request, form)
    return redirect(_account_url(account, "sam-fitness"))


def _account_url(account, anchor: str) -> str:
    return reverse("accounts:detail", kwargs={"pk": account.pk}) + f"#{anchor}"
