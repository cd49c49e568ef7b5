"""Portfolio pages (SPEC §1): the overview, the Pareto analysis with its exports and the
drill-down to an account's months, the classification preview and apply, the snapshots
and the portfolio settings with the exchange rates.

Thin adapters: the figures come from `analysis` (reads, scoped to the user by the one
access rule) and the writes from `services`; portfolio-wide actions are for
`can_manage_portfolio` users, everyone else who may see the page gets 403 on a POST.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.numbers import format_percent
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from keyplan.accounts.access import account_for_user, visible_accounts
from keyplan.accounts.models import AccountClass
from keyplan.accounts.selectors import account_filter_choices
from keyplan.core.decorators import internal_required
from keyplan.core.money import babel_locale
from keyplan.imports.services import can_import
from keyplan.users.models import BusinessUnit

from . import analysis, exports, services
from .access import can_manage_portfolio, require_portfolio_manager
from .forms import (
    ApplyClassificationForm,
    ExchangeRateForm,
    MonthRangeForm,
    ParetoForm,
    PortfolioSettingsForm,
    RateValueForm,
)
from .models import ExchangeRate, PortfolioSettings, Snapshot, SnapshotRow
from .selectors import portfolio_overview

PARETO_PAGE_SIZE = 50
CHART_TOP = 50  # bars in the Pareto chart; the table and the exports have every account
MAX_HISTORY_MONTHS = 120
SETTINGS_HISTORY = 20
# Snapshot parameters shown with the snapshot's own fields, or meant for the raw JSON.
SHOWN_APART = frozenset({"metric", "date_from", "date_to", "base_currency", "period_note"})
MOVED_SHOWN = 200  # accounts listed per class and direction in a comparison


def percent(value: Decimal | None) -> str:
    """0.123456 → "12.3%" in the active language ("12,3%" in Polish); "" for None."""
    if value is None:
        return ""
    return format_percent(value, format="#,##0.0%", locale=babel_locale())


def rate_text(value: Decimal | None) -> str:
    """4.30000000 → "4.3", 100 → "100" (never "1E+2")."""
    return "" if value is None else format(value.normalize(), "f")


def _pk(value: object) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**63:
        raise Http404
    return number


def _form_errors(form) -> list[str]:
    """Every error of `form` as "Label: message", so each message names its field."""
    found = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            found.append(f"{label}: {error}" if label else str(error))
    return found


def _metric_label(metric: str) -> str:
    return _("Gross profit") if metric == "gp" else _("Revenue")


def _class_label(key: str) -> str:
    try:
        return str(AccountClass(key).label)
    except ValueError:
        return key or "—"


@internal_required
@require_GET
def overview(request):
    overview = portfolio_overview(user=request.user)
    chart = {
        "labels": [str(c["label"]) for c in overview["classes"]],
        "values": [c["count"] for c in overview["classes"]],
    }
    return render(request, "portfolio/overview.html", {"overview": overview, "chart": chart})


# --- Pareto -------------------------------------------------------------------------------


def _pareto_form(request) -> ParetoForm:
    choices = account_filter_choices(user=request.user)
    data = request.GET.copy()
    if data.get("country"):
        data["country"] = data["country"].upper()
    return ParetoForm(
        data,
        owners=choices["owners"],
        countries=choices["countries"],
        business_units=BusinessUnit.objects.order_by("name"),
    )


def _months_before(month: date, count: int) -> date:
    """The first day of the month `count` months before `month`."""
    index = max(month.year * 12 + month.month - 1 - count, 12)  # not before January of year 1
    return date(index // 12, index % 12 + 1, 1)


def _pareto_period(cleaned: dict) -> analysis.Period | None:
    """The period asked for; a missing end takes the default period's. None: no sales."""
    if cleaned.get("all"):
        return analysis.whole_history()
    start, end = cleaned.get("date_from"), cleaned.get("date_to")
    if start and end:
        return analysis.Period.months(start, end)
    if end:
        return analysis.Period.months(_months_before(end, 11), end)
    default = analysis.default_period()
    if default is None:
        return None
    if start:
        return analysis.Period.months(start, max(start, default.date_to))
    return default


def _pareto_result(form: ParetoForm, user):
    """(period, result) for a valid form; (None, None) when there are no sales at all."""
    data = form.cleaned_data
    period = _pareto_period(data)
    if period is None:
        return None, None
    scope = analysis.Scope(
        business_unit=data["business_unit"],
        country=data["country"],
        owner=data["owner"],
        industry=data["industry"],
    )
    result = analysis.pareto(
        user=user, metric=data["metric"], period=period, level=data["level"], scope=scope
    )
    return period, result


def _pareto_rows(rows) -> list[dict]:
    return [
        {
            "row": row,
            "class_label": _class_label(row.account_class),
            "share": percent(row.share),
            "cumulative": percent(row.cumulative_share),
        }
        for row in rows
    ]


def _pager(request, page, param: str, *, label: str, target: str = "") -> dict:
    """Links to the previous and next page of one table, keeping the other parameters
    (a page with two tables pages each with its own parameter)."""

    def link(number: int) -> str:
        params = request.GET.copy()
        params[param] = str(number)
        return "?" + params.urlencode()

    return {
        "number": page.number,
        "total": page.paginator.num_pages,
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
        "label": label,
        "target": target,
    }


def _pareto_chart(result) -> dict:
    top = result.rows[:CHART_TOP]
    return {
        "names": [row.name for row in top],
        "values": [float(row.value) for row in top],
        "cumulative": [round(float(row.cumulative_share or 0) * 100, 2) for row in top],
        "threshold": round(float(result.threshold) * 100, 2),
        "currency": result.currency,
        "labels": {
            "value": _metric_label(result.metric),
            "cumulative": _("Cumulative share, %"),
            "threshold": _("%(share)s of the total") % {"share": percent(result.threshold)},
        },
    }


def _period_query(period) -> str:
    """The drill-down's parameters for the same months, when it can show that many."""
    months = (period.date_to.year - period.date_from.year) * 12
    months += period.date_to.month - period.date_from.month + 1
    if months > MAX_HISTORY_MONTHS:
        return ""
    return f"date_from={period.date_from:%Y-%m}&date_to={period.date_to:%Y-%m}"


def _query_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@internal_required
@require_GET
def pareto(request):
    form = _pareto_form(request)
    context: dict = {
        "form": form,
        "errors": [],
        "result": None,
        "no_sales": False,
        "can_import": can_import(request.user),
    }
    if not form.is_valid():
        context["errors"] = _form_errors(form)
        return render(request, "portfolio/pareto.html", context)
    period, result = _pareto_result(form, request.user)
    if result is None:
        context["no_sales"] = True
        return render(request, "portfolio/pareto.html", context)
    if not form.cleaned_data["all"]:
        # Show the months the analysis used in the inputs, also when they were defaulted.
        form.data = form.data.copy()
        form.data["date_from"] = f"{period.date_from:%Y-%m}"
        form.data["date_to"] = f"{period.date_to:%Y-%m}"
    ranked = Paginator(result.rows, PARETO_PAGE_SIZE).get_page(request.GET.get("page"))
    non_positive = Paginator(result.non_positive, PARETO_PAGE_SIZE).get_page(
        request.GET.get("npage")
    )
    context.update(
        {
            "result": result,
            "period": period,
            "metric_label": _metric_label(result.metric),
            "ranked": ranked,
            "ranked_rows": _pareto_rows(ranked.object_list),
            "ranked_pager": _pager(
                request, ranked, "page", label=_("Pages of ranked accounts"), target="pareto-ranked"
            ),
            "non_positive": non_positive,
            "non_positive_rows": _pareto_rows(non_positive.object_list),
            "non_positive_pager": _pager(
                request,
                non_positive,
                "npage",
                label=_("Pages of accounts at zero or below"),
                target="pareto-non-positive",
            ),
            "chart": _pareto_chart(result),
            "threshold": percent(result.threshold),
            "head_share": percent(result.share_of_accounts_for_threshold),
            "top_shares": {key: percent(value) for key, value in result.top_shares.items()},
            "export_query": _query_without(request, "page", "npage"),
            "period_query": _period_query(period),
        }
    )
    target = request.htmx.target if request.htmx else None
    if target == "pareto-ranked":
        return render(request, "portfolio/_pareto_ranked.html", context)
    if target == "pareto-non-positive":
        return render(request, "portfolio/_pareto_non_positive.html", context)
    return render(request, "portfolio/pareto.html", context)


def _pareto_export(request, fmt: str):
    form = _pareto_form(request)
    if not form.is_valid():
        # The page explains what is wrong with the parameters.
        return redirect(reverse("portfolio:pareto") + "?" + request.GET.urlencode())
    _period, result = _pareto_result(form, request.user)
    if fmt == "xlsx":
        return exports.pareto_xlsx(result, metric=form.cleaned_data["metric"])
    return exports.pareto_csv(result, metric=form.cleaned_data["metric"])


@internal_required
@require_GET
def pareto_csv(request):
    return _pareto_export(request, "csv")


@internal_required
@require_GET
def pareto_xlsx(request):
    return _pareto_export(request, "xlsx")


# --- drill-down ---------------------------------------------------------------------------


@internal_required
@require_GET
def account_sales(request, pk):
    access = account_for_user(request.user, pk)
    form = MonthRangeForm(request.GET)
    period = None
    if form.is_valid():
        start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        if bool(start) != bool(end):
            missing = "date_to" if start else "date_from"
            form.add_error(missing, _("Give both months, or neither."))
        elif start and end:
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            if months > MAX_HISTORY_MONTHS:
                form.add_error(
                    "date_to",
                    ngettext(
                        "Choose at most %(count)d month.",
                        "Choose at most %(count)d months.",
                        MAX_HISTORY_MONTHS,
                    )
                    % {"count": MAX_HISTORY_MONTHS},
                )
            else:
                period = analysis.Period.months(start, end)
    history = analysis.monthly_history(access.account, period=period)
    shown = history.get("period")
    if shown is not None and not form.errors and period is None:
        # Show the months used in the inputs, also when they were defaulted.
        form.data = form.data.copy()
        form.data["date_from"] = f"{shown.date_from:%Y-%m}"
        form.data["date_to"] = f"{shown.date_to:%Y-%m}"
    months = history["months"]
    chart = {
        "labels": [f"{m['month']:%Y-%m}" for m in months],
        "revenue": [float(m["revenue"]) for m in months],
        "gross_profit": [float(m["gross_profit"]) for m in months],
        "names": {"revenue": _("Revenue"), "gross_profit": _("Gross profit")},
        "currency": history["currency"],
    }
    has_sales = any(m["revenue"] or m["gross_profit"] for m in months)
    return render(
        request,
        "portfolio/account_sales.html",
        {
            "account": access.account,
            "history": history,
            "months": months,
            "chart": chart,
            "has_sales": has_sales,
            "form": form,
            "errors": _form_errors(form),
        },
    )


# --- classification -----------------------------------------------------------------------


def _class_counts(before: dict, after: dict) -> list[dict]:
    return [
        {
            "key": key,
            "label": label,
            "before": before.get(key, 0),
            "after": after.get(key, 0),
            "difference": after.get(key, 0) - before.get(key, 0),
        }
        for key, label in AccountClass.choices
    ]


@internal_required
@require_http_methods(["GET", "POST"])
def classes(request):
    can_manage = can_manage_portfolio(request.user)
    form = ApplyClassificationForm(request.POST or None)
    if request.method == "POST":
        require_portfolio_manager(request.user)
        if form.is_valid():
            try:
                snapshot = services.apply_classification(
                    user=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Classification applied: %(count)d account changed class.",
                        "Classification applied: %(count)d accounts changed class.",
                        snapshot.changed,
                    )
                    % {"count": snapshot.changed},
                )
                url = reverse("portfolio:snapshot", args=[snapshot.pk])
                if request.htmx:
                    return HttpResponseClientRedirect(url)
                return redirect(url)
    preview = analysis.classification_preview(user=request.user)
    changes = Paginator(preview.changes, PARETO_PAGE_SIZE).get_page(request.GET.get("page"))
    change_rows = [
        {
            "row": row,
            "current": _class_label(row.current),
            "proposed": _class_label(row.proposed),
            "cumulative": percent(row.cumulative_share),
        }
        for row in changes.object_list
    ]
    context = {
        "preview": preview,
        "counts": _class_counts(preview.counts_before, preview.counts_after),
        "changes": changes,
        "change_rows": change_rows,
        "changes_pager": _pager(
            request, changes, "page", label=_("Pages of changes"), target="class-changes"
        ),
        "settings": PortfolioSettings.load(),
        "metric_label": _metric_label(preview.metric),
        "form": form,
        "errors": _form_errors(form),
        "can_manage": can_manage,
    }
    if request.htmx and request.htmx.target == "class-changes":
        return render(request, "portfolio/_class_changes.html", context)
    return render(request, "portfolio/classes.html", context)


# --- snapshots ----------------------------------------------------------------------------


def _visible_rows(user):
    """Snapshot rows the user may see: all for portfolio managers, else visible accounts."""
    if can_manage_portfolio(user):
        return Q()
    return Q(rows__account__in=visible_accounts(user))


def _snapshots_with_counts(user):
    visible = _visible_rows(user)
    counts = {
        f"n_{key}": Count("rows", filter=visible & Q(rows__class_after=key))
        for key in AccountClass.values
    }
    # GROUP BY queries ignore Meta.ordering, so the order is spelled out.
    return (
        Snapshot.objects.select_related("created_by")
        .annotate(**counts)
        .order_by("-created_at", "-pk")
    )


@internal_required
@require_GET
def snapshot_list(request):
    snapshots = _snapshots_with_counts(request.user)
    page = Paginator(snapshots, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    choices = list(Snapshot.objects.values_list("pk", "created_at", "note")[:200])
    return render(
        request,
        "portfolio/snapshots.html",
        {
            "page": page,
            "classes": AccountClass.choices,
            "choices": choices,
            "default_a": choices[1][0] if len(choices) > 1 else None,
            "default_b": choices[0][0] if choices else None,
        },
    )


@internal_required
@require_GET
def snapshot_detail(request, pk):
    snapshot = get_object_or_404(_snapshots_with_counts(request.user), pk=_pk(pk))
    rows = SnapshotRow.objects.filter(snapshot=snapshot).select_related("account")
    if not can_manage_portfolio(request.user):
        rows = rows.filter(account__in=visible_accounts(request.user))
    changed_only = request.GET.get("changed") == "1"
    if changed_only:
        rows = rows.exclude(class_before=F("class_after"))
    class_filter = request.GET.get("class", "")
    if class_filter in AccountClass.values:
        rows = rows.filter(class_after=class_filter)
    else:
        class_filter = ""
    rows = rows.order_by(F("rank").asc(nulls_last=True), "account__name", "pk")
    page = Paginator(rows, PARETO_PAGE_SIZE).get_page(request.GET.get("page"))
    display = [
        {
            "row": row,
            "before": _class_label(row.class_before),
            "after": _class_label(row.class_after),
            "cumulative": percent(row.cumulative_share),
        }
        for row in page.object_list
    ]
    counts = [
        {"key": key, "label": label, "count": getattr(snapshot, f"n_{key}")}
        for key, label in AccountClass.choices
    ]
    return render(
        request,
        "portfolio/snapshots.html",
        {
            "snapshot": snapshot,
            "parameters": _parameter_list(snapshot.parameters),
            "counts": counts,
            "page": page,
            "rows": display,
            "changed_only": changed_only,
            "class_filter": class_filter,
            "classes": AccountClass.choices,
            "previous": Snapshot.objects.filter(
                Q(created_at__lt=snapshot.created_at)
                | Q(created_at=snapshot.created_at, pk__lt=snapshot.pk)
            )
            .values_list("pk", flat=True)
            .first(),
        },
    )


def _parameter_list(parameters: dict) -> list[tuple[str, str]]:
    """The saved parameters for display, with the settings' labels where a key is one."""
    labels = {
        field.name: str(field.verbose_name)
        for field in PortfolioSettings._meta.fields
        if field.name not in ("id", "updated_at")
    }
    labels |= {
        "metric": _("classified on"),
        "date_from": _("from"),
        "date_to": _("to"),
        "strategic_cap": _("at most strategic accounts"),
        "interest_since": _("interest counted since"),
        "classified": _("accounts classified"),
        "rates": _("exchange rates"),
        "missing_rates": _("currencies without a rate"),
    }
    items = []
    for key, value in (parameters or {}).items():
        if key in SHOWN_APART:
            continue
        if isinstance(value, dict):
            text = "; ".join(f"{k} {v}" for k, v in value.items()) or "—"
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value) or "—"
        elif key == "metric":
            text = _metric_label(str(value))
        else:
            text = str(value)
        items.append((labels.get(key, key.replace("_", " ")), text))
    return items


@internal_required
@require_GET
def snapshot_compare(request):
    snapshots = Snapshot.objects.select_related("created_by")
    errors: list[str] = []
    picked: dict[str, Snapshot | None] = {"a": None, "b": None}
    labels = {"a": _("Older snapshot"), "b": _("Newer snapshot")}
    given = {name: request.GET.get(name, "").strip() for name in picked}
    if not any(given.values()):
        latest = list(snapshots[:2])
        if len(latest) == 2:
            picked = {"a": latest[1], "b": latest[0]}
    else:
        for name, raw in given.items():
            if not raw:
                errors.append(f"{labels[name]}: {_('Choose a snapshot.')}")
                continue
            try:
                number = int(raw)
            except ValueError:
                number = 0
            found = snapshots.filter(pk=number).first() if 0 < number < 2**63 else None
            if found is None:
                errors.append(
                    f"{labels[name]}: " + _("No snapshot “%(value)s”.") % {"value": raw[:40]}
                )
            picked[name] = found
        if picked["a"] and picked["b"] and picked["a"].pk == picked["b"].pk:
            errors.append(f"{labels['b']}: {_('Choose two different snapshots.')}")
    comparison = None
    older, newer = picked["a"], picked["b"]
    if older and newer and not errors:
        if (newer.created_at, newer.pk) < (older.created_at, older.pk):
            older, newer = newer, older
        comparison = services.compare_snapshots(older, newer, user=request.user)
        for entry in comparison["classes"]:
            for name in ("moved_in", "moved_out"):
                for row in entry[name]:
                    row["before_label"] = _class_label(row["before"])
                    row["after_label"] = _class_label(row["after"])
                entry[f"{name}_shown"] = entry[name][:MOVED_SHOWN]
    return render(
        request,
        "portfolio/snapshot_compare.html",
        {
            "errors": errors,
            "older": older,
            "newer": newer,
            "comparison": comparison,
            "choices": list(Snapshot.objects.values_list("pk", "created_at", "note")[:200]),
            "currency": newer.currency if newer else "",
            "can_manage": can_manage_portfolio(request.user),
            "selected_a": older.pk if older else given["a"],
            "selected_b": newer.pk if newer else given["b"],
        },
    )


# --- settings and exchange rates ----------------------------------------------------------


def _history(records, model) -> list[dict]:
    """Each historical record with what changed against the one before it (newest first)."""
    fields = {field.name: field for field in model._meta.fields}

    def shown(name: str, value):
        field = fields.get(name)
        if field is not None and field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    records = list(records)
    entries = []
    for index, record in enumerate(records[:SETTINGS_HISTORY]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if older is not None and record.history_type == "~":
            changes = [
                {
                    "field": fields[c.field].verbose_name if c.field in fields else c.field,
                    "old": shown(c.field, c.old),
                    "new": shown(c.field, c.new),
                }
                for c in record.diff_against(older).changes
            ]
        entries.append({"record": record, "changes": changes})
    return entries


def _settings_context(request, *, form=None, rate_form=None) -> dict:
    current = PortfolioSettings.load()
    can_manage = can_manage_portfolio(request.user)
    if can_manage:
        form = form or PortfolioSettingsForm(instance=current)
        rate_form = rate_form or ExchangeRateForm(base_currency=current.base_currency)
    shown = [
        {
            "label": field.verbose_name,
            "help": field.help_text,
            "value": (
                getattr(current, f"get_{field.name}_display")()
                if field.choices
                else getattr(current, field.name)
            ),
        }
        for field in PortfolioSettings._meta.fields
        if field.name not in ("id", "updated_at")
    ]
    settings_history = PortfolioSettings.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )[: SETTINGS_HISTORY + 1]
    rate_history = ExchangeRate.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )[:SETTINGS_HISTORY]
    return {
        "current": current,
        "shown": shown,
        "rates": [
            {"rate": rate, "value": rate_text(rate.rate)} for rate in ExchangeRate.objects.all()
        ],
        "form": form,
        "rate_form": rate_form,
        "errors": _form_errors(form) if form is not None and form.is_bound else [],
        "rate_errors": _form_errors(rate_form)
        if rate_form is not None and rate_form.is_bound
        else [],
        "can_manage": can_manage,
        "history": _history(settings_history, PortfolioSettings),
        "rate_history": [
            {"record": record, "value": rate_text(record.rate)} for record in rate_history
        ],
    }


@internal_required
@require_http_methods(["GET", "POST"])
def settings_edit(request):
    form = None
    if request.method == "POST":
        require_portfolio_manager(request.user)
        form = PortfolioSettingsForm(request.POST, instance=PortfolioSettings.load())
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Portfolio settings saved."))
            return redirect("portfolio:settings")
    return render(request, "portfolio/settings.html", _settings_context(request, form=form))


@internal_required
@require_POST
def rate_add(request):
    require_portfolio_manager(request.user)
    base = PortfolioSettings.load().base_currency
    rate_form = ExchangeRateForm(request.POST, base_currency=base)
    if rate_form.is_valid():
        rate = rate_form.save()
        messages.success(request, _("Exchange rate for %(code)s added.") % {"code": rate.currency})
        return redirect(reverse("portfolio:settings") + "#rates")
    return render(
        request, "portfolio/settings.html", _settings_context(request, rate_form=rate_form)
    )


@internal_required
@require_POST
def rate_edit(request, pk):
    require_portfolio_manager(request.user)
    rate = get_object_or_404(ExchangeRate, pk=_pk(pk))
    form = RateValueForm(request.POST, instance=rate)
    if form.is_valid():
        form.save()
        messages.success(request, _("Exchange rate for %(code)s saved.") % {"code": rate.currency})
    else:
        for error in _form_errors(form):
            messages.error(request, f"{rate.currency} — {error}")
    return redirect(reverse("portfolio:settings") + "#rates")


@internal_required
@require_POST
def rate_delete(request, pk):
    require_portfolio_manager(request.user)
    rate = get_object_or_404(ExchangeRate, pk=_pk(pk))
    code = rate.currency
    rate.delete()
    messages.success(
        request,
        _("Exchange rate for %(code)s deleted: sales in %(code)s are left out of analyses.")
        % {"code": code},
    )
    return redirect(reverse("portfolio:settings") + "#rates")
