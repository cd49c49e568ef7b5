"""The score sheet (SPEC §1.3): the accounts x criteria grid with inline manual scores,
and the recomputation of the data scores.

Thin adapters: the access rule (keyplan.accounts.access) and `can_manage_portfolio`
decide who may do what; `selectors` reads the sheet and `services` writes the scores.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import WRITE_ROLES, account_for_user
from keyplan.accounts.models import AccountClass
from keyplan.accounts.selectors import account_filter_choices
from keyplan.core import exports
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.rows import row_save
from keyplan.core.web import htmx_or_redirect, safe_next

from ..access import can_manage_portfolio, require_portfolio_manager
from ..models import AccountScore, Criterion, PortfolioSettings
from . import selectors, services
from .domain import criteria_weights, weighted_total
from .forms import ScoreCellForm

SHEET = "scoring:scores"


@internal_required
@require_http_methods(["GET"])
def score_sheet(request):
    sheet = selectors.score_sheet(user=request.user, params=request.GET)
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


@internal_required
@require_http_methods(["GET"])
def score_export(request, fmt: str):
    """The score sheet as CSV or XLSX: every account the filters select, in the sheet's
    order, one column per enabled criterion, under the same access rule."""
    exports.check_format(fmt)
    params = request.GET.copy()
    params.pop("page", None)
    sheet = selectors.score_sheet(user=request.user, params=params, per_page=10**9)
    criteria = sheet["criteria"]
    columns = [
        exports.Column(_("External ID")),
        exports.Column(_("Name")),
        exports.Column(_("Class")),
        exports.Column(_("Owner")),
        exports.Column(_("Country")),
        *(exports.Column(c["label"], exports.INTEGER) for c in criteria),
        exports.Column(_("Weighted total"), exports.DECIMAL),
        exports.Column(_("Coverage"), exports.PERCENT),
        exports.Column(
            _("Headroom (%(currency)s)") % {"currency": sheet["currency"]}, exports.MONEY
        ),
        exports.Column(_("Share of wallet, %"), exports.DECIMAL),
        exports.Column(_("Candidate"), exports.INTEGER),
    ]
    rows = [
        (
            row["external_id"],
            row["name"],
            row["class_label"],
            row["owner"],
            row["country"],
            *(cell["score"] for cell in row["cells"]),
            row["total"],
            row["coverage"],
            row["headroom"],
            row["share_of_wallet"],
            int(row["candidate"]),
        )
        for row in sheet["rows"]
    ]
    return exports.export_response(
        fmt=fmt,
        filename=exports.dated_name("scores"),
        columns=columns,
        rows=rows,
        sheet_title=_("Scores"),
    )


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
    raw, normalised = criteria_weights(enabled)
    total, coverage = weighted_total(scores, raw) if normalised else (None, 0)
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
        return services.set_score(
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
    entered = request.POST.get("score", "")[:20]
    result = row_save(
        form, lambda form: _save_score(request.user, account, criterion, form.cleaned_data)
    )
    status = result.status
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    conflict_text = _conflict_text(result.current, entered) if status == 409 else ""

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
        written = services.compute_data_scores(user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Data scores recomputed: %(count)s scores from data in place.") % {"count": written},
        )
    return htmx_or_redirect(request, reverse(SHEET))
