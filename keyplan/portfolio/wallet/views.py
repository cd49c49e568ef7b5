"""The account page's portfolio panel: class history, scores, share of wallet and SAM
fitness (context for templates/portfolio/_account_panel.html), and the wallet and SAM
fitness forms it posts to (namespace "scoring")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import AccountClass
from keyplan.core.decorators import internal_required
from keyplan.core.web import apply_service_errors
from keyplan.sales.figures.selectors import account_metrics, default_period
from keyplan.sales.models import DataMetric, WalletEstimate

from ..classification.selectors import class_history
from ..common.views import as_percent, error_messages
from ..models import AccountScore, Criterion, Fitness, PortfolioSettings, SamFitness
from ..scoring.domain import criteria_weights, weighted_total
from ..scoring.texts import shown_rationale
from .forms import SamFitnessForm, WalletForm
from .services import set_sam_fitness, set_wallet

# --- the account page's portfolio panel ---------------------------------------------------


def account_panel(access) -> dict:
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
    raw, normalised = criteria_weights(criteria)
    total, coverage = (
        weighted_total({c.key: scores[c.pk].score for c in criteria if c.pk in scores}, raw)
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
                    "rationale": shown_rationale(
                        scores.get(c.pk), c, portfolio_settings.base_currency
                    ),
                    "weight": as_percent(normalised.get(c.key)),
                }
                for c in criteria
            ],
            "total": total,
            "coverage": coverage,
            "coverage_pct": as_percent(coverage),
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
        for entry in class_history(account)
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
    headroom (as account_metrics computes them for the score sheet)."""
    estimate = WalletEstimate.objects.filter(account=account).first()
    period = default_period()
    metrics: dict = {}
    if period is not None or estimate is not None:
        metrics = account_metrics(
            period,
            [account.pk],
            base=PortfolioSettings.load().base_currency,
            metrics=WALLET_METRICS,
        ).get(account.pk, {})
    return {
        "estimate": estimate,
        "period": period,
        "currency": portfolio_settings.base_currency,
        "revenue": metrics.get(DataMetric.REVENUE),
        "share": metrics.get(DataMetric.SHARE_OF_WALLET),
        "headroom": metrics.get(DataMetric.HEADROOM),
    }


def condition_label(name: str) -> str:
    """The label of one of SamFitness.CONDITIONS (a column; get_field may also answer a
    relation)."""
    field = SamFitness._meta.get_field(name)
    if not isinstance(field, Field):
        raise LookupError(name)
    return str(field.verbose_name)


def _fitness_rows(fitness) -> list[dict]:
    rows = []
    for name in SamFitness.CONDITIONS:
        value = getattr(fitness, name) if fitness else Fitness.UNKNOWN
        rows.append(
            {
                "label": condition_label(name),
                "value": value,
                "display": dict(Fitness.choices)[value],
            }
        )
    return rows


def _panel_response(request, access, *, form_name: str = "", form=None, saved: str = ""):
    """The panel alone, for htmx: with the refused form and its errors (422), or freshly
    computed after a save (200, with `saved` naming the section that was saved)."""
    context = {"account": access.account, "access": access, **account_panel(access)}
    if form is not None:
        context["panel"][form_name] = form
    context["panel"]["saved"] = saved
    return render(
        request, "portfolio/_account_panel.html", context, status=422 if form is not None else 200
    )


def _save_panel_form(request, access, form, *, save, section: str, form_name: str, message: str):
    """Save a valid panel form through `save(cleaned_data)`; htmx gets the panel back (saved,
    or the form with its errors), a plain form a redirect to the section with a message."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if request.htmx:
                return _panel_response(request, access, saved=section)
            messages.success(request, message)
            return redirect(_account_url(access.account, section))
    if request.htmx:
        return _panel_response(request, access, form_name=form_name, form=form)
    error_messages(request, form)
    return redirect(_account_url(access.account, section))


@internal_required
@require_POST
def wallet_edit(request, pk):
    access = account_for_user(request.user, pk, write=True)
    form = WalletForm(request.POST, auto_id="wallet-%s")
    return _save_panel_form(
        request,
        access,
        form,
        save=lambda data: set_wallet(
            user=request.user,
            account=access.account,
            category_spend=data["category_spend"],
            currency=data["currency"],
            source=data["source"],
        ),
        section="wallet",
        form_name="wallet_form",
        message=_("Share of wallet estimate saved."),
    )


@internal_required
@require_POST
def sam_fitness_edit(request, pk):
    access = account_for_user(request.user, pk, write=True)
    account = access.account
    instance = SamFitness.objects.filter(account=account).first() or SamFitness(account=account)
    form = SamFitnessForm(request.POST, instance=instance, auto_id="sam-%s")
    return _save_panel_form(
        request,
        access,
        form,
        save=lambda data: set_sam_fitness(
            user=request.user,
            account=account,
            **{name: data[name] for name in form.Meta.fields},
        ),
        section="sam-fitness",
        form_name="fitness_form",
        message=_("SAM fitness saved."),
    )


def _account_url(account, anchor: str) -> str:
    return reverse("accounts:detail-economics", kwargs={"pk": account.pk}) + f"#{anchor}"
