"""The selection scoring matrix (SPEC §1.3): data-driven scores by each criterion's
visible rule over the measured values (`metrics`), manual scores with a rationale, and
the score sheet. The growth-potential inputs (share of wallet estimate, SAM fitness) are
written by `wallet`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account, AccountClass, AccountStatus
from keyplan.core.db import bulk_insert
from keyplan.core.errors import check_seen

# Names imported `as` themselves are re-exported: they were first defined here, and the
# demo, the benchmark, the plans and the commands import them from here.
from . import domain
from .access import require_portfolio_manager, write_access
from .metrics import METRIC_GROUPS as METRIC_GROUPS
from .metrics import ZERO, M, _q
from .metrics import account_metrics as account_metrics
from .metrics import year_before as year_before
from .models import (
    AccountScore,
    Criterion,
    PortfolioSettings,
    ScoreMethod,
)
from .rollups import Period, default_period
from .wallet import delete_wallet as delete_wallet
from .wallet import set_sam_fitness as set_sam_fitness
from .wallet import set_wallet as set_wallet

__all__ = [
    "METRIC_GROUPS",
    "PER_PAGE",
    "SORTS",
    "account_metrics",
    "clear_score",
    "compute_data_scores",
    "delete_wallet",
    "score_sheet",
    "set_sam_fitness",
    "set_score",
    "set_wallet",
    "year_before",
]

PER_PAGE = 50
VALUE_QUANTUM = Decimal("0.0001")  # AccountScore.value has four places


# --- data-driven scores -----------------------------------------------------------

_MONEY_METRICS = frozenset({M.AVERAGE_INVOICE, M.REVENUE, M.GROSS_PROFIT, M.HEADROOM})
_PERCENT_METRICS = frozenset({M.REVENUE_GROWTH, M.GROSS_PROFIT_GROWTH, M.SHARE_OF_WALLET})


def _plain(value: Decimal) -> str:
    """A number as stored text, without trailing zeros: plain digits (fast; rationales
    are written in bulk)."""
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _value_text(metric: str, currency: str) -> str:
    """A %-template for one measured value of `metric` (the value goes in %(v)s)."""
    if metric == M.TENURE_YEARS:
        return _("years: %(v)s")
    if metric == M.DAYS_LATE:
        return _("days late: %(v)s")
    if metric in _PERCENT_METRICS:
        return "%(v)s%%"
    if metric in _MONEY_METRICS:
        return "%(v)s " + currency
    return "%(v)s"


def _rule_text(criterion: Criterion, linear: bool) -> str:
    if linear:
        return _("linear %(low)s–%(high)s") % {
            "low": _plain(Decimal(criterion.low or 0)),
            "high": _plain(Decimal(criterion.high or 0)),
        }
    if criterion.higher_is_better:
        return _("deciles, higher is better")
    return _("deciles, lower is better")


def _uses_linear(criterion: Criterion) -> bool:
    # A linear rule without both ends cannot be applied: the deciles stand in (and the
    # rationale says so).
    return (
        criterion.method == ScoreMethod.LINEAR
        and criterion.low is not None
        and criterion.high is not None
    )


def _score_criterion(
    criterion: Criterion, values: Mapping[int, Decimal], currency: str
) -> dict[int, tuple[int, str]]:
    """{account_id: (score, rationale)} for the accounts with a value."""
    linear = _uses_linear(criterion)
    if linear:
        low, high = Decimal(criterion.low or 0), Decimal(criterion.high or 0)
        by_value: dict[Decimal, int] = {}  # values repeat (tenure in months, days)
        scores = {}
        for pk, v in values.items():
            score = by_value.get(v)
            if score is None:
                score = by_value[v] = domain.score_linear(v, low, high)
            scores[pk] = score
    else:
        scores = domain.score_deciles(values, criterion.higher_is_better)
    value_template = _value_text(criterion.metric, currency)
    rule = _rule_text(criterion, linear)
    texts: dict[tuple[Decimal, int], str] = {}
    result = {}
    for pk, score in scores.items():
        key = (values[pk], score)
        text = texts.get(key)
        if text is None:
            text = texts[key] = f"{value_template % {'v': _plain(key[0])}} → {score} ({rule})"
        result[pk] = (score, text)
    return result


@transaction.atomic
def compute_data_scores(*, user=None, period: Period | None = None) -> int:
    """Score every account that is not closed on every enabled data criterion, by the
    criterion's rule over `period` (default: the 12 months up to the latest sale).

    Upserts `AccountScore(from_data=True, value, rationale "12.5 years → 5 (linear 0–10)",
    scored_at=now, scored_by=None)` in bulk (data scores keep no per-row history; a manual
    score that a criterion's new data rule replaces is saved with history). Data scores
    whose value can no longer be measured are deleted, as are data scores left on
    criteria that are now scored by people. Returns the number of data scores in place.
    Managers only when `user` is given (the command line passes none).
    """
    if user is not None:
        require_portfolio_manager(user)
    if period is None:
        period = default_period()
    criteria = list(Criterion.objects.filter(enabled=True).exclude(metric=""))
    # Data scores on criteria now scored by people are leftovers: remove them.
    _delete_rows(
        AccountScore.objects.filter(from_data=True, criterion__metric="").values_list(
            "pk", flat=True
        )
    )
    if not criteria:
        return 0
    metrics = account_metrics(period, None, metrics={c.metric for c in criteria})
    base = PortfolioSettings.load().base_currency
    now = timezone.now()
    ops = connection.ops
    now_db = ops.adapt_datetimefield_value(now)

    existing: dict[tuple[int, int], tuple] = {
        (row[1], row[2]): row
        for row in AccountScore.objects.filter(criterion__in=criteria)
        .order_by()
        .values_list("pk", "account_id", "criterion_id", "from_data", "score", "value", "rationale")
        .iterator(chunk_size=10_000)
    }
    new_rows: list[tuple] = []
    replaced: list[int] = []  # changed data scores: deleted and inserted again
    replaced_manual: list[AccountScore] = []
    unchanged = 0
    for criterion in criteria:
        values = {
            pk: row[criterion.metric]
            for pk, row in metrics.items()
            if row[criterion.metric] is not None
        }
        computed = _score_criterion(criterion, values, base)  # type: ignore[arg-type]
        for pk, (score, rationale) in computed.items():
            value = _q(values[pk], VALUE_QUANTUM)  # type: ignore[arg-type]
            old = existing.pop((pk, criterion.pk), None)
            if old is not None:
                old_pk, _a, _c, from_data, old_score, old_value, old_rationale = old
                if not from_data:  # rare: a criterion switched from people to data
                    manual = AccountScore.objects.get(pk=old_pk)
                    manual.score, manual.from_data, manual.value = score, True, value
                    manual.rationale, manual.scored_at, manual.scored_by = rationale, now, None
                    replaced_manual.append(manual)
                    continue
                if (old_score, old_value, old_rationale) == (score, value, rationale):
                    unchanged += 1  # scored_at is refreshed below in one statement
                    continue
                replaced.append(old_pk)
            new_rows.append(
                (
                    pk,
                    criterion.pk,
                    score,
                    True,
                    ops.adapt_decimalfield_value(value, 20, 4),
                    rationale,
                    None,
                    now_db,
                    now_db,
                )
            )
    # What is left of `existing` has no value now: data scores go, manual ones stay.
    _delete_rows([row[0] for row in existing.values() if row[3]] + replaced)
    # Data scores are derived figures, rewritten whole at each run: plain INSERTs (COPY
    # on PostgreSQL) without model instances or per-row history.
    bulk_insert(AccountScore._meta.db_table, SCORE_COLUMNS, new_rows)
    for manual in replaced_manual:
        manual._change_reason = "data rule"  # type: ignore[attr-defined]
        manual.save()
    if unchanged:
        AccountScore.objects.filter(criterion__in=criteria, from_data=True).update(
            scored_at=now, updated_at=now
        )
    return unchanged + len(new_rows) + len(replaced_manual)


SCORE_COLUMNS = (
    "account_id",
    "criterion_id",
    "score",
    "from_data",
    "value",
    "rationale",
    "scored_by_id",
    "scored_at",
    "updated_at",
)


def _delete_rows(pks) -> None:
    """Delete data scores by id without per-row signals (no history for data scores)."""
    pks = list(pks)
    table = connection.ops.quote_name(AccountScore._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE id IN ({marks})", chunk)  # noqa: S608


# --- manual scores ----------------------------------------------------------------


def _criterion(criterion) -> Criterion | None:
    if isinstance(criterion, Criterion):
        return Criterion.objects.filter(pk=criterion.pk).first()
    if isinstance(criterion, int) or (isinstance(criterion, str) and criterion.isdigit()):
        return Criterion.objects.filter(pk=int(criterion)).first()
    if isinstance(criterion, str):
        return Criterion.objects.filter(key=criterion).first()
    return None


def _manual_criterion(criterion) -> tuple[Criterion | None, dict[str, list[str]]]:
    found = _criterion(criterion)
    if found is None:
        return None, {"criterion": [_("Unknown criterion.")]}
    if found.is_data:
        return found, {
            "criterion": [
                _("This criterion is scored from data by its rule; change the rule instead.")
            ]
        }
    if not found.enabled:
        return found, {"criterion": [_("This criterion is not in use.")]}
    return found, {}


def _parse_score(score) -> int | None:
    if isinstance(score, bool):
        return None
    try:
        value = Decimal(str(score).strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value != value.to_integral_value() or not 1 <= value <= 10:
        return None
    return int(value)


@transaction.atomic
def set_score(
    *,
    user,
    account,
    criterion,
    score: int,
    rationale: str = "",
    seen_updated_at: datetime | None = None,
) -> AccountScore:
    """A person's 1-10 score of `account` on a criterion scored by people.

    `account` is an Account or its id, `criterion` a Criterion, its id or its key.
    Http404 for an account the user cannot see, PermissionDenied without write access;
    ValidationError naming "score" (not a whole number 1-10) or "criterion" (unknown,
    not in use, or scored from data). With `seen_updated_at` (the score's `updated_at`
    when the user read it) ConflictError if it changed since. Saving the same score and
    rationale again writes nothing. History: simple-history, by `user`.
    """
    access = write_access(user, account)
    found, errors = _manual_criterion(criterion)
    value = _parse_score(score)
    if value is None:
        errors["score"] = [_("Enter a whole number from 1 to 10.")]
    if errors:
        raise ValidationError(errors)
    assert found is not None and value is not None
    rationale = (rationale or "").replace("\x00", "").strip()
    current = (
        AccountScore.objects.select_for_update()
        .filter(account=access.account, criterion=found)
        .first()
    )
    check_seen(current, seen_updated_at)
    if current is None:
        current = AccountScore(account=access.account, criterion=found)
    elif not current.from_data and (current.score, current.rationale) == (value, rationale):
        return current
    current.score = value
    current.rationale = rationale
    current.from_data = False
    current.value = None
    current.scored_by = user
    current.scored_at = timezone.now()
    current._history_user = user  # type: ignore[attr-defined]
    current.save()
    return current


@transaction.atomic
def clear_score(*, user, account, criterion, seen_updated_at: datetime | None = None) -> None:
    """Remove a person's score (same access, validation and conflict rules as set_score)."""
    access = write_access(user, account)
    found, errors = _manual_criterion(criterion)
    if errors:
        raise ValidationError(errors)
    current = (
        AccountScore.objects.select_for_update()
        .filter(account=access.account, criterion=found)
        .first()
    )
    check_seen(current, seen_updated_at)
    if current is not None:
        current._history_user = user  # type: ignore[attr-defined]
        current.delete()


# --- the score sheet --------------------------------------------------------------

SORTS = ("-total", "total", "name", "class", "headroom", "-headroom", "share_of_wallet")
CLASS_ORDER = {key: n for n, key in enumerate(AccountClass.values)}


def _weights(criteria: list[Criterion]) -> tuple[dict[str, Decimal], str]:
    """Normalised weights by criterion key, or all zero and the reason."""
    if not criteria:
        return {}, _("No criterion is in use: choose the criteria on the criteria page.")
    try:
        return domain.normalise_weights({c.key: c.weight for c in criteria}), ""
    except ValueError:
        return {c.key: ZERO for c in criteria}, _(
            "Give at least one criterion a weight above zero."
        )


def _int_param(params, name: str) -> int | None:
    try:
        value = int(str(params.get(name) or "").strip())
    except ValueError:
        return None
    return value if 0 < value < 2**63 else None


def _none_last(value: Decimal | None, descending: bool) -> tuple:
    if value is None:
        return (1, ZERO)
    return (0, -value if descending else value)


def score_sheet(*, user, params: Mapping[str, Any] | None = None) -> dict:
    """The accounts x criteria grid of the visible accounts that are not closed.

    `params` (a dict or QueryDict): class, owner (user id), country, candidates ("1":
    candidates only), sort (one of SORTS, default "-total"; missing values sort last),
    page. Returns
    {"criteria": [{"id", "key", "label", "weight", "normalised_weight", "is_data",
      "metric", "method", "low", "high", "higher_is_better"}]   (enabled, in order),
     "weights_error": str ("" when the weights are fine),
     "rows": [{"account", "account_id", "name", "external_id", "owner", "country",
       "account_class", "class_label", "scores": {key: cell}, "cells": [cell per
       criterion], "total": Decimal | None (1..10), "coverage": Decimal (0..1),
       "headroom": Decimal | None, "share_of_wallet": Decimal | None (%),
       "candidate": bool}],
       cell = {"criterion_id", "key", "score", "from_data", "value", "rationale",
               "scored_by", "scored_at", "updated_at"} (score None: not scored),
     "page": Django Page (object_list = rows), "count": int (matching accounts),
     "candidates": int (candidates among them), "filters": {"class", "owner",
     "country", "candidates", "sort"}, "sorts": SORTS, "candidate_score": Decimal,
     "currency": str, "period": Period | None}.
    A constant number of queries whatever the number of rows.
    """
    params = params or {}
    settings = PortfolioSettings.load()
    criteria = list(Criterion.objects.filter(enabled=True))
    weights, weights_error = _weights(criteria)
    by_id = {c.pk: c for c in criteria}

    accounts = visible_accounts(user).exclude(status=AccountStatus.CLOSED)
    account_class = str(params.get("class") or "")
    if account_class in CLASS_ORDER:
        accounts = accounts.filter(account_class=account_class)
    else:
        account_class = ""
    owner = _int_param(params, "owner")
    if owner is not None:
        accounts = accounts.filter(owner_id=owner)
    country = str(params.get("country") or "").strip().upper()[:2]
    if country:
        accounts = accounts.filter(country=country)
    candidates_only = str(params.get("candidates") or "") in ("1", "true", "on")
    sort = str(params.get("sort") or "-total")
    if sort not in SORTS:
        sort = "-total"

    base_rows = list(accounts.order_by().values_list("pk", "name", "account_class"))
    given: dict[int, dict[str, int]] = defaultdict(dict)
    if criteria:
        for account_id, criterion_id, score in (
            AccountScore.objects.filter(account__in=accounts, criterion__in=criteria)
            .order_by()
            .values_list("account_id", "criterion_id", "score")
        ):
            given[account_id][by_id[criterion_id].key] = score
    totals: dict[int, tuple[Decimal | None, Decimal]] = {}
    for pk, _name, _cls in base_rows:
        totals[pk] = (
            domain.weighted_total(given[pk], weights) if not weights_error else (None, ZERO)
        )

    def is_candidate(pk: int, cls: str) -> bool:
        total = totals[pk][0]
        return total is not None and total >= settings.candidate_score and cls != "strategic"

    candidate_ids = {pk for pk, _n, cls in base_rows if is_candidate(pk, cls)}
    if candidates_only:
        base_rows = [row for row in base_rows if row[0] in candidate_ids]

    period = default_period()
    wallet_metrics = (M.HEADROOM, M.SHARE_OF_WALLET)
    measured: dict[int, dict[str, Decimal | None]] = {}
    if sort in ("headroom", "-headroom", "share_of_wallet"):
        scope = [pk for pk, _n, _c in base_rows] if candidates_only else accounts
        measured = account_metrics(period, scope, metrics=wallet_metrics)

    names = {pk: (name.casefold(), pk) for pk, name, _c in base_rows}
    if sort == "name":
        base_rows.sort(key=lambda r: names[r[0]])
    elif sort == "class":
        base_rows.sort(
            key=lambda r: (
                CLASS_ORDER.get(r[2], 99),
                _none_last(totals[r[0]][0], True),
                names[r[0]],
            )
        )
    elif sort in ("-total", "total"):
        base_rows.sort(key=lambda r: (_none_last(totals[r[0]][0], sort == "-total"), names[r[0]]))
    else:
        metric = M.SHARE_OF_WALLET if sort == "share_of_wallet" else M.HEADROOM
        base_rows.sort(
            key=lambda r: (
                _none_last(measured.get(r[0], {}).get(metric), sort == "-headroom"),
                names[r[0]],
            )
        )

    page = Paginator([row[0] for row in base_rows], PER_PAGE).get_page(params.get("page"))
    page_ids = list(page.object_list)
    if page_ids and not measured:
        measured = account_metrics(period, page_ids, metrics=wallet_metrics)
    page_accounts = Account.objects.select_related("owner").in_bulk(page_ids)
    cells: dict[int, dict[int, AccountScore]] = defaultdict(dict)
    if page_ids and criteria:
        for entry in AccountScore.objects.filter(
            account_id__in=page_ids, criterion__in=criteria
        ).select_related("scored_by"):
            cells[entry.account_id][entry.criterion_id] = entry

    rows = []
    for pk in page_ids:
        account = page_accounts[pk]
        row_cells = []
        for c in criteria:
            s = cells[pk].get(c.pk)
            row_cells.append(
                {
                    "criterion_id": c.pk,
                    "key": c.key,
                    "score": s.score if s else None,
                    "from_data": s.from_data if s else c.is_data,
                    "value": s.value if s else None,
                    "rationale": s.rationale if s else "",
                    "scored_by": s.scored_by if s else None,
                    "scored_at": s.scored_at if s else None,
                    "updated_at": s.updated_at if s else None,
                }
            )
        total, coverage = totals[pk]
        metrics_row = measured.get(pk, {})
        rows.append(
            {
                "account": account,
                "account_id": pk,
                "name": account.name,
                "external_id": account.external_id,
                "owner": str(account.owner.get_full_name() or account.owner)
                if account.owner
                else "",
                "country": account.country,
                "account_class": account.account_class,
                "class_label": account.get_account_class_display(),
                "scores": {cell["key"]: cell for cell in row_cells},
                "cells": row_cells,
                "total": total,
                "coverage": coverage,
                "headroom": metrics_row.get(M.HEADROOM),
                "share_of_wallet": metrics_row.get(M.SHARE_OF_WALLET),
                "candidate": pk in candidate_ids,
            }
        )
    page.object_list = rows  # type: ignore[assignment]
    return {
        "criteria": [
            {
                "id": c.pk,
                "key": c.key,
                "label": c.get_key_display(),
                "weight": c.weight,
                "normalised_weight": weights.get(c.key, ZERO),
                "is_data": c.is_data,
                "metric": c.metric,
                "method": c.method,
                "low": c.low,
                "high": c.high,
                "higher_is_better": c.higher_is_better,
            }
            for c in criteria
        ],
        "weights_error": weights_error,
        "rows": rows,
        "page": page,
        "count": len(base_rows),
        "candidates": len(candidate_ids) if not candidates_only else len(base_rows),
        "filters": {
            "class": account_class,
            "owner": owner,
            "country": country,
            "candidates": candidates_only,
            "sort": sort,
        },
        "sorts": SORTS,
        "candidate_score": settings.candidate_score,
        "currency": settings.base_currency,
        "period": period,
    }
