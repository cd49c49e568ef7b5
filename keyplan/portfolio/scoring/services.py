"""Selection scores (SPEC §1.3): data-driven scores by each criterion's visible rule over
the measured values (`figures.selectors.account_metrics`), and manual scores with a
rationale. The score sheet reads them in `selectors`; the growth-potential inputs (share
of wallet estimate, SAM fitness) are written by `wallet`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.core.db import bulk_insert
from keyplan.core.errors import check_seen
from keyplan.sales.figures.domain import Period, quantize
from keyplan.sales.figures.selectors import account_metrics, default_period, raw_rows
from keyplan.sales.models import DataMetric

from ..access import require_portfolio_manager, write_access
from ..models import AccountScore, Criterion, PortfolioSettings
from . import domain, texts

__all__ = ["clear_score", "compute_data_scores", "set_score"]

M = DataMetric
VALUE_QUANTUM = Decimal("0.0001")  # AccountScore.value has four places


# --- data-driven scores -----------------------------------------------------------


def _score_criterion(
    criterion: Criterion, values: Mapping[int, Decimal], currency: str
) -> dict[int, tuple[int, str]]:
    """{account_id: (score, rationale)} for the accounts with a value."""
    linear = texts.uses_linear(criterion)
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
    value_template = texts.value_text(criterion.metric, currency)
    rule = texts.rule_text(criterion, linear)
    done: dict[tuple[Decimal, int], str] = {}
    result = {}
    for pk, score in scores.items():
        key = (values[pk], score)
        text = done.get(key)
        if text is None:
            text = done[key] = texts.rationale(value_template, rule, texts.plain(key[0]), score)
        result[pk] = (score, text)
    return result


@dataclass
class _Run:
    """One run of compute_data_scores: the scores in place before it, and what it writes."""

    now: datetime
    existing: dict[tuple[int, int], tuple]  # (account id, criterion id) -> stored row
    now_db: Any = None
    new_rows: list[tuple] = field(default_factory=list)
    replaced: list[int] = field(default_factory=list)  # changed data scores: deleted, inserted
    replaced_manual: list[AccountScore] = field(default_factory=list)
    unchanged: int = 0
    adapt_value: Any = None

    def __post_init__(self) -> None:
        self.now_db = connection.ops.adapt_datetimefield_value(self.now)
        # Bound once: `connection` is a thread-local proxy, slow to reach 100,000 times.
        self.adapt_value = connection.ops.adapt_decimalfield_value

    def score(self, criterion_id: int, pk: int, score: int, value: Decimal, rationale: str):
        """Record one computed score of criterion `criterion_id` against the stored one."""
        old = self.existing.pop((pk, criterion_id), None)
        if old is not None:
            old_pk, _a, _c, from_data, old_score, old_value, old_rationale = old
            if not from_data:  # rare: a criterion switched from people to data
                manual = AccountScore.objects.get(pk=old_pk)
                manual.score, manual.from_data, manual.value = score, True, value
                manual.rationale, manual.scored_at, manual.scored_by = rationale, self.now, None
                self.replaced_manual.append(manual)
                return
            if (old_score, old_rationale) == (score, rationale) and _stored_value(
                old_value
            ) == value:
                self.unchanged += 1  # scored_at is refreshed in one statement
                return
            self.replaced.append(old_pk)
        self.new_rows.append(
            (
                pk,
                criterion_id,
                score,
                True,
                self.adapt_value(value, 20, 4),
                rationale,
                None,
                self.now_db,
                self.now_db,
            )
        )


def _existing_scores(criteria: list[Criterion]) -> dict[tuple[int, int], tuple]:
    """The stored scores as the driver returns them (raw_rows: Django's per-row
    converters cost more than the query at 100,000 accounts); `_Run.score` reads the
    value with `_stored_value` only when it compares one."""
    rows = raw_rows(
        AccountScore.objects.filter(criterion__in=criteria)
        .order_by()
        .values_list("pk", "account_id", "criterion_id", "from_data", "score", "value", "rationale")
    )
    return {(row[1], row[2]): row for row in rows}


def _stored_value(raw) -> Decimal | None:
    """A DecimalField value as the driver gives it (Decimal on PostgreSQL; int, float or
    text on SQLite) as a Decimal; the shortest repr of a float is the stored text."""
    if raw is None or isinstance(raw, Decimal):
        return raw
    return Decimal(str(raw))


def _write(run: _Run, criteria: list[Criterion]) -> None:
    # What is left of `existing` has no value now: data scores go, manual ones stay.
    _delete_rows([row[0] for row in run.existing.values() if row[3]] + run.replaced)
    # Data scores are derived figures, rewritten whole at each run: plain INSERTs (COPY
    # on PostgreSQL) without model instances or per-row history. In (account, criterion)
    # order, the order of the unique index: each insert lands at the end of the B-tree.
    run.new_rows.sort(key=_account_criterion)
    bulk_insert(AccountScore._meta.db_table, SCORE_COLUMNS, run.new_rows)
    for manual in run.replaced_manual:
        manual._change_reason = "data rule"  # type: ignore[attr-defined]  # simple-history's reason
        manual.save()
    if run.unchanged:
        AccountScore.objects.filter(criterion__in=criteria, from_data=True).update(
            scored_at=run.now, updated_at=run.now
        )


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
    base = PortfolioSettings.load().base_currency
    metrics = account_metrics(period, None, base=base, metrics={c.metric for c in criteria})
    run = _Run(timezone.now(), _existing_scores(criteria))
    for criterion in criteria:
        values = {
            pk: value for pk, row in metrics.items() if (value := row[criterion.metric]) is not None
        }
        criterion_id = criterion.pk
        for pk, (score, rationale) in _score_criterion(criterion, values, base).items():
            run.score(criterion_id, pk, score, quantize(values[pk], VALUE_QUANTUM), rationale)
    _write(run, criteria)
    return run.unchanged + len(run.new_rows) + len(run.replaced_manual)


def _account_criterion(row: tuple) -> tuple[int, int]:
    return row[0], row[1]


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
    current._history_user = user  # type: ignore[attr-defined]  # simple-history's author
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
        current._history_user = user  # type: ignore[attr-defined]  # simple-history's author
        current.delete()
