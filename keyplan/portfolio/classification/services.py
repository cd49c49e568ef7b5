"""Applying a classification: the accounts' new classes with their history, a snapshot of
the analysis, and the pending suggestions the new classes outdate."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from keyplan.accounts.models import Account
from keyplan.core.dataversion import bump
from keyplan.core.db import bulk_insert
from keyplan.core.fields import to_minor
from keyplan.sales.figures.domain import Period
from keyplan.sales.figures.selectors import raw_rows

from ..access import require_portfolio_manager
from ..management import system_user
from ..models import Snapshot, SnapshotRow, Suggestion, SuggestionStatus
from .selectors import chunks, classification_preview

CLASSIFICATION_REASON = "classification"


BATCH = 2000
SIX = Decimal("0.000001")
SNAPSHOT_ROW_COLUMNS = (
    "snapshot_id",
    "account_id",
    "account_name",
    "revenue",
    "gross_profit",
    "rank",
    "cumulative_share",
    "score",
    "class_before",
    "class_after",
)

__all__ = ["CLASSIFICATION_REASON", "apply_classification"]


def _set_classes(new_class: dict[int, str], *, user, when) -> None:
    """Give the accounts their new classes, with one history record each (type "~",
    reason "classification", `user`, `when`), as simple-history would write them.

    Why not bulk_update_with_history: the first classification after an import changes
    most of 100,000 accounts, and a model instance plus a CASE branch per account took
    minutes. Here: one UPDATE per class and chunk, then the history rows copied from the
    updated accounts and written in bulk (as the account import does).
    """
    bump("accounts.account")  # the queryset updates below send no signal
    by_class: dict[str, list[int]] = defaultdict(list)
    for pk, cls in new_class.items():
        by_class[cls].append(pk)
    for cls, ids in sorted(by_class.items()):
        for chunk in chunks(sorted(ids)):
            Account.objects.filter(pk__in=chunk).update(account_class=cls, updated_at=when)
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history_model = Account.history.model
    pk_name = Account._meta.pk.attname
    names = [pk_name, *(f.attname for f in history_model.tracked_fields if f.attname != pk_name)]
    extra = ["history_date", "history_change_reason", "history_type", "history_user"]
    columns = [history_model._meta.get_field(n).column for n in (*names, *extra)]
    history_date = history_model._meta.get_field("history_date").get_db_prep_save(when, connection)
    tail = (history_date, CLASSIFICATION_REASON, "~", getattr(user, "pk", None))
    rows: list[tuple] = []
    for chunk in chunks(sorted(new_class)):
        # The stored values as the driver returns them go back unchanged.
        current = raw_rows(Account.objects.filter(pk__in=chunk).values_list(*names))
        rows.extend((*row, *tail) for row in current)
    bulk_insert(history_model._meta.db_table, columns, rows)


def _outdate_suggestions(account_ids: list[int], *, user, when) -> int:
    """Pending suggestions of these accounts become outdated (their class moved on)."""
    outdated: list[Suggestion] = []
    for chunk in chunks(account_ids):
        outdated.extend(
            Suggestion.objects.filter(status=SuggestionStatus.PENDING, account_id__in=chunk)
        )
    for suggestion in outdated:
        suggestion.status = SuggestionStatus.OUTDATED
    if outdated:
        bulk_update_with_history(
            outdated,
            Suggestion,
            ["status"],
            batch_size=BATCH,
            default_user=user,
            default_change_reason=CLASSIFICATION_REASON,
            default_date=when,
        )
    return len(outdated)


def _save_snapshot(preview, *, user, note: str, outdated: int) -> Snapshot:
    """The Snapshot of an applied classification, with one row per classified account."""
    parameters = dict(preview.parameters)
    # Why the period is stored: the classes depend on it (sales in the period, and
    # interest counted back from its end), so a snapshot is only comparable with it.
    parameters["period_note"] = (
        "Classes computed from sales between date_from and date_to (whole months); "
        "interest counts from interest_since (date_to minus prospect_interest_days)."
    )
    totals = {
        "classified": preview.parameters["classified"],
        "counts_before": preview.counts_before,
        "counts_after": preview.counts_after,
        "revenue": str(sum((r.revenue for r in preview.rows), Decimal("0.00"))),
        "gross_profit": str(sum((r.gross_profit for r in preview.rows), Decimal("0.00"))),
        "outdated_suggestions": outdated,
    }
    snapshot = Snapshot.objects.create(
        created_by=user,
        metric=preview.metric,
        date_from=preview.period.date_from,
        date_to=preview.period.date_to,
        currency=preview.currency,
        parameters=parameters,
        totals=totals,
        changed=len(preview.changes),
        note=note[:255],
    )
    # One row per classified account (100,000): plain values, written in bulk.
    bulk_insert(
        SnapshotRow._meta.db_table,
        SNAPSHOT_ROW_COLUMNS,
        [
            (
                snapshot.pk,
                row.account_id,
                row.name[:200],
                to_minor(row.revenue),
                to_minor(row.gross_profit),
                row.rank,
                None if row.cumulative_share is None else row.cumulative_share.quantize(SIX),
                None,
                row.current,
                row.proposed,
            )
            for row in preview.rows
        ],
    )
    return snapshot


def apply_classification(*, user, period: Period | None = None, note: str = "") -> Snapshot:
    """Recompute the classes and apply them, in one transaction.

    Managers only (PermissionDenied otherwise); `user=None` is the system (a command run
    on the server without --user), recorded without a user. Changed accounts get their
    new class with a history record (reason "classification", by `user`); a Snapshot with
    the settings used (`parameters`), the totals and one SnapshotRow per classified
    account is saved; pending suggestions of the accounts whose class changed become
    outdated (the class they were about has moved on).
    """
    if user is not None:
        require_portfolio_manager(user)
    with transaction.atomic():
        # The system sees every account, as a manager does.
        preview = classification_preview(user=user or system_user(), period=period)
        now = timezone.now()
        new_class = {row.account_id: row.proposed for row in preview.changes}
        _set_classes(new_class, user=user, when=now)
        outdated = _outdate_suggestions(sorted(new_class), user=user, when=now)
        return _save_snapshot(preview, user=user, note=note, outdated=outdated)
