"""The portfolio over REST: Pareto, classification and snapshots, the selection criteria
and the planning exchange rates (the scores, suggestions, norms, share of wallet and SAM
fitness are in `api_scores`), and the helpers both routers share.

Reads go through the one access rule (keyplan.accounts.access): lists cover the
accounts the caller may see, an account the caller may not see answers 404. Actions on
the portfolio as a whole (apply the classification, edit criteria and rates, recompute
scores, generate and decide suggestions) are for administrators and directors; other
internal users get 403. Portal users get 404 everywhere.

No `from __future__ import annotations` here: ninja resolves the annotations of a
@paginate-wrapped view in the pagination module's namespace (see accounts/api.py).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AwareDatetime

from keyplan.accounts.access import visible_accounts
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import MAX_ID, ErrorOut, InputSchema, PatchSchema, Timestamp, UserRef
from keyplan.core.errors import ConflictError

from . import analysis, classification, domain, services
from .access import require_portfolio_manager
from .management import OptionError, resolve_period, resolve_scope
from .models import (
    Criterion,
    DataMetric,
    ExchangeRate,
    PortfolioSettings,
    ScoreMethod,
    Snapshot,
)

router = Router(tags=["portfolio"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BODY_ERRORS = {**ERRORS, 400: ErrorOut, 413: ErrorOut}
CURRENCY = r"^[A-Za-z]{3}$"


def _user_ref(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "name": str(user)}


def _pk(value: int) -> int:
    """An id from the path; beyond any database integer it cannot exist (404, not a 500)."""
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


def _option_error(exc: OptionError) -> ValidationError:
    return ValidationError({exc.option: [exc.message]})


def _jsonable(value: Any) -> Any:
    """Figures of a service as JSON: Decimals as strings, dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


class PageQuery(InputSchema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=settings.KEYPLAN_API_MAX_PAGE_SIZE)


def _page(items, query: PageQuery) -> dict:
    count = len(items) if isinstance(items, list) else items.count()
    offset = (query.page - 1) * query.page_size
    return {
        "items": list(items[offset : offset + query.page_size]),
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "pages": max(1, -(-count // query.page_size)),
    }


class PeriodOut(Schema):
    date_from: str = Field(..., alias="from")
    date_to: str = Field(..., alias="to")


# --- Pareto ---------------------------------------------------------------------------------


class ParetoQuery(InputSchema):
    metric: Literal["revenue", "gp"] = "revenue"
    date_from: str = Field(
        "", alias="from", max_length=10, description="First month, YYYY-MM (with `to`)"
    )
    date_to: str = Field("", alias="to", max_length=10, description="Last month, YYYY-MM")
    all: bool = Field(False, description="The whole sales history")
    level: Literal["account", "group"] = "account"
    business_unit: str = Field("", max_length=40, description="Business unit code or id")
    country: str = Field("", max_length=2)
    owner: str = Field("", max_length=150, description="Owner's user name or id")
    industry: str = Field("", max_length=30)


class ParetoAccountOut(Schema):
    external_id: str
    name: str
    value: str
    share: str | None
    cumulative_share: str | None
    rank: int | None
    account_class: str = Field(..., alias="class")


class ParetoOut(Schema):
    metric: str
    period: PeriodOut
    level: str
    currency: str
    total: str
    positive_total: str
    negative_total: str
    accounts_for_80pct: int
    share_of_accounts_for_80pct: str
    negative_accounts: int
    concentration: dict[str, str]
    missing_rates: list[str]
    accounts: list[ParetoAccountOut]


@router.get(
    "/portfolio/pareto",
    response={200: ParetoOut, **ERRORS},
    by_alias=True,
    summary="Pareto analysis of the accounts you may see",
)
def portfolio_pareto(request, filters: Query[ParetoQuery]):
    """Ranking by revenue or gross profit (`gp`), shares and cumulative shares, the
    accounts that make 80% and the concentration. Default period: the 12 months up to
    the latest invoice. Accounts whose metric is zero or negative are listed and counted
    separately with their total; they are not on the cumulative curve, so cumulative
    shares never exceed 100% or decrease. Amounts are in the base currency; currencies
    without an exchange rate are left out and listed in `missing_rates`."""
    try:
        period = resolve_period(filters.date_from, filters.date_to, filters.all)
        scope = resolve_scope(
            business_unit=filters.business_unit,
            country=filters.country,
            owner=filters.owner,
            industry=filters.industry,
        )
    except OptionError as exc:
        raise _option_error(exc) from None
    result = analysis.pareto(
        user=request.auth, metric=filters.metric, period=period, level=filters.level, scope=scope
    )
    return result.to_json()


# --- classification and snapshots ------------------------------------------------------------


class ChangeOut(Schema):
    account_id: int
    external_id: str
    name: str
    owner: str
    current: str
    proposed: str
    revenue: Decimal
    gross_profit: Decimal
    value: Decimal
    rank: int | None
    cumulative_share: Decimal | None


class ChangesPage(Schema):
    items: list[ChangeOut]
    count: int
    page: int
    page_size: int
    pages: int


class ClassificationOut(Schema):
    period: PeriodOut
    metric: str
    currency: str
    parameters: dict[str, Any]
    counts_before: dict[str, int]
    counts_after: dict[str, int]
    missing_rates: list[str]
    changes: ChangesPage


@router.get(
    "/portfolio/classification",
    response={200: ClassificationOut, **ERRORS},
    by_alias=True,
    summary="Preview the classification: counts before and after, the changes",
)
def classification_preview(request, query: Query[PageQuery]):
    """What applying the classification would change; nothing is written. The counts are
    company-wide; the changes listed are those of the accounts you may see."""
    preview = classification.classification_preview(user=request.auth)
    return {
        "period": preview.period.to_json(),
        "metric": preview.metric,
        "currency": preview.currency,
        "parameters": _jsonable(preview.parameters),
        "counts_before": preview.counts_before,
        "counts_after": preview.counts_after,
        "missing_rates": preview.missing_rates,
        "changes": _page(preview.changes, query),
    }


class ApplyIn(InputSchema):
    note: str = Field("", max_length=255)


class SnapshotOut(Schema):
    id: int
    created_at: Timestamp
    created_by: UserRef | None
    metric: str
    date_from: date
    date_to: date
    currency: str
    parameters: dict[str, Any]
    totals: dict[str, Any]
    changed: int
    note: str

    @staticmethod
    def resolve_created_by(obj) -> dict | None:
        return _user_ref(obj.created_by)


@router.post(
    "/portfolio/classification/apply",
    response={201: SnapshotOut, **BODY_ERRORS},
    summary="Apply the classification (administrators and directors)",
)
def classification_apply(request, payload: ApplyIn):
    """Changes the classes that differ (recorded in each account's history) and saves a
    snapshot of the analysis, which is returned."""
    require_portfolio_manager(request.auth)
    snapshot = services.apply_classification(user=request.auth, note=payload.note)
    return Status(201, Snapshot.objects.select_related("created_by").get(pk=snapshot.pk))


@router.get(
    "/portfolio/snapshots",
    response={200: list[SnapshotOut], **ERRORS},
    summary="Applied classifications, newest first",
)
@paginate(Pagination)
def list_snapshots(request):
    return Snapshot.objects.select_related("created_by").order_by("-created_at", "-pk")


class SnapshotRowOut(Schema):
    account_id: int
    external_id: str
    name: str
    revenue: Decimal
    gross_profit: Decimal
    rank: int | None
    cumulative_share: Decimal | None
    score: Decimal | None
    class_before: str
    class_after: str

    @staticmethod
    def resolve_external_id(obj) -> str:
        return obj.account.external_id

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.account.name


class SnapshotRowsPage(Schema):
    items: list[SnapshotRowOut]
    count: int
    page: int
    page_size: int
    pages: int


class SnapshotDetailOut(SnapshotOut):
    rows: SnapshotRowsPage

    @staticmethod
    def resolve_rows(obj) -> dict:
        return obj.rows_page


class SnapshotRowsQuery(PageQuery):
    changed: bool = Field(False, description="Only the accounts whose class changed")


@router.get(
    "/portfolio/snapshots/{snapshot_id}",
    response={200: SnapshotDetailOut, **ERRORS},
    summary="A snapshot with its rows (the accounts you may see)",
)
def get_snapshot(request, snapshot_id: int, query: Query[SnapshotRowsQuery]):
    snapshot = Snapshot.objects.select_related("created_by").filter(pk=_pk(snapshot_id)).first()
    if snapshot is None:
        raise Http404
    rows = (
        snapshot.rows.filter(account__in=visible_accounts(request.auth))
        .select_related("account")
        .order_by("rank", "account__name", "pk")
    )
    if query.changed:
        rows = rows.exclude(class_before=F("class_after"))
    snapshot.rows_page = _page(rows, query)
    return snapshot


# --- criteria ------------------------------------------------------------------------------


class CriterionOut(Schema):
    id: int
    key: str
    label: str
    position: int
    enabled: bool
    weight: Decimal
    normalised_weight: Decimal | None
    metric: str
    method: str
    low: Decimal | None
    high: Decimal | None
    higher_is_better: bool
    is_data: bool
    updated_at: Timestamp


def _normalised_weights() -> dict[str, Decimal]:
    raw = {c.key: c.weight for c in Criterion.objects.filter(enabled=True)}
    try:
        return domain.normalise_weights(raw)
    except ValueError:
        return {}


def _criterion_json(criterion: Criterion, weights: dict[str, Decimal]) -> dict:
    return {
        "id": criterion.pk,
        "key": criterion.key,
        "label": str(criterion),
        "position": criterion.position,
        "enabled": criterion.enabled,
        "weight": criterion.weight,
        "normalised_weight": weights.get(criterion.key) if criterion.enabled else None,
        "metric": criterion.metric,
        "method": criterion.method,
        "low": criterion.low,
        "high": criterion.high,
        "higher_is_better": criterion.higher_is_better,
        "is_data": criterion.is_data,
        "updated_at": criterion.updated_at,
    }


@router.get(
    "/portfolio/criteria",
    response={200: list[CriterionOut], **ERRORS},
    summary="The ten selection criteria, their weights (raw and normalised) and rules",
)
def list_criteria(request):
    weights = _normalised_weights()
    return [_criterion_json(c, weights) for c in Criterion.objects.all()]


class CriterionPatch(PatchSchema):
    """Only the fields sent change. `metric` empty: scored by people; a data metric: scored
    by the rule (`method`, with `low`/`high` for a linear rule)."""

    NULLABLE = frozenset({"low", "high", "updated_at"})

    enabled: bool | None = None
    weight: Decimal | None = Field(None, ge=0, le=9999, max_digits=6, decimal_places=2)
    metric: Literal[tuple(["", *DataMetric.values])] | None = None  # type: ignore[valid-type]
    method: Literal[tuple(ScoreMethod.values)] | None = None  # type: ignore[valid-type]
    low: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    high: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    higher_is_better: bool | None = None
    updated_at: AwareDatetime | None = Field(
        None, description="The `updated_at` you last read; 409 if the criterion changed since."
    )


@router.patch(
    "/portfolio/criteria/{criterion_id}",
    response={200: CriterionOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Change a criterion (administrators and directors)",
)
def update_criterion(request, criterion_id: int, payload: CriterionPatch):
    """At least one criterion in use must keep a weight above zero; a linear rule needs
    different values for 1 and 10."""
    from .forms_scores import CriterionForm

    require_portfolio_manager(request.auth)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    with transaction.atomic():
        criterion = Criterion.objects.select_for_update().filter(pk=_pk(criterion_id)).first()
        if criterion is None:
            raise Http404
        if seen is not None and criterion.updated_at != seen:
            raise ConflictError(criterion)
        fields = ["enabled", "weight", "metric", "method", "low", "high", "higher_is_better"]
        values = {name: data.get(name, getattr(criterion, name)) for name in fields}
        form_data = {k: ("" if v is None else v) for k, v in values.items()}
        form = CriterionForm(form_data, instance=criterion)
        if not form.is_valid():
            raise ValidationError({k: list(v) for k, v in form.errors.items()})
        in_use = {c.pk: (c.enabled, c.weight) for c in Criterion.objects.exclude(pk=criterion.pk)}
        in_use[criterion.pk] = (values["enabled"], values["weight"])
        if not any(enabled and weight > 0 for enabled, weight in in_use.values()):
            raise ValidationError(
                {"weight": [_("Give at least one criterion in use a weight above zero.")]}
            )
        if form.has_changed():
            form.save()
            criterion.refresh_from_db()
    return _criterion_json(criterion, _normalised_weights())


# --- exchange rates --------------------------------------------------------------------------


class RateOut(Schema):
    currency: str
    rate: Decimal
    updated_at: Timestamp


class RatesOut(Schema):
    base_currency: str
    items: list[RateOut]


@router.get(
    "/portfolio/exchange-rates",
    response={200: RatesOut, **ERRORS},
    summary="The planning rates: base-currency units per unit of each currency",
)
def list_exchange_rates(request):
    return {
        "base_currency": PortfolioSettings.load().base_currency,
        "items": list(ExchangeRate.objects.order_by("currency")),
    }


class RateIn(InputSchema):
    currency: str = Field(..., pattern=CURRENCY)
    rate: Decimal = Field(..., gt=0, max_digits=18, decimal_places=8)


@router.put(
    "/portfolio/exchange-rates",
    response={200: RateOut, **BODY_ERRORS},
    summary="Set one currency's planning rate (administrators and directors)",
)
def set_exchange_rate(request, payload: RateIn):
    require_portfolio_manager(request.auth)
    currency = payload.currency.upper()
    if currency == PortfolioSettings.load().base_currency:
        raise ValidationError({"currency": [_("The base currency's rate is always 1.")]})
    with transaction.atomic():
        rate = ExchangeRate.objects.select_for_update().filter(currency=currency).first()
        if rate is None:
            rate = ExchangeRate.objects.create(currency=currency, rate=payload.rate)
        elif rate.rate != payload.rate:
            rate.rate = payload.rate
            rate.save()
    return rate
