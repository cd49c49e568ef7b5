"""The classification over REST: the preview, applying it, and the snapshots of applied
classifications (reads through the one access rule; applying is for administrators and
directors, other internal users get 403).

No `from __future__ import annotations` here: ninja resolves the annotations of a
@paginate-wrapped view in the pagination module's namespace (see accounts/api.py).
"""

from django.db.models import F
from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from keyplan.accounts.access import visible_accounts
from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.pagination import Pagination
from keyplan.core.web import parse_pk

from ..access import require_portfolio_manager
from ..common.schemas import PageQuery, jsonable, page_of
from ..models import Snapshot
from . import selectors
from .schemas import (
    ApplyIn,
    ClassificationOut,
    SnapshotDetail,
    SnapshotDetailOut,
    SnapshotOut,
    SnapshotRowsQuery,
)
from .scope import ScopedSnapshots, scoped_parameters, snapshot_for_user
from .services import apply_classification

router = Router(tags=["portfolio"])


@router.get(
    "/portfolio/classification",
    response={200: ClassificationOut, **ERRORS},
    by_alias=True,
    summary="Preview the classification: counts before and after, the changes",
)
def classification_preview(request, query: Query[PageQuery]):
    """What applying the classification would change; nothing is written. The classes
    are worked out company-wide; the counts and the changes listed are over the accounts
    you may see (and the company-wide figures among the parameters, such as the number
    of accounts classified, are left out unless you see every account)."""
    preview = selectors.classification_preview(user=request.auth)
    return {
        "period": preview.period.to_json(),
        "metric": preview.metric,
        "currency": preview.currency,
        "parameters": jsonable(scoped_parameters(preview.parameters, request.auth)),
        "counts_before": preview.counts_before,
        "counts_after": preview.counts_after,
        "missing_rates": preview.missing_rates,
        "changes": page_of(preview.changes, query),
    }


@router.post(
    "/portfolio/classification/apply",
    response={201: SnapshotOut, **BODY_ERRORS},
    summary="Apply the classification (administrators and directors)",
)
def classification_apply(request, payload: ApplyIn):
    """Changes the classes that differ (recorded in each account's history) and saves a
    snapshot of the analysis, which is returned."""
    require_portfolio_manager(request.auth)
    snapshot = apply_classification(user=request.auth, note=payload.note)
    return Status(201, Snapshot.objects.select_related("created_by").get(pk=snapshot.pk))


@router.get(
    "/portfolio/snapshots",
    response={200: list[SnapshotOut], **ERRORS},
    summary="Applied classifications, newest first",
)
@paginate(Pagination)
def list_snapshots(request):
    """Totals, class counts and the number changed are over the accounts you may see
    (`totals.scope`: "visible_accounts") unless you see every account."""
    snapshots = Snapshot.objects.select_related("created_by").order_by("-created_at", "-pk")
    return ScopedSnapshots(snapshots, request.auth)


@router.get(
    "/portfolio/snapshots/{snapshot_id}",
    response={200: SnapshotDetailOut, **ERRORS},
    summary="A snapshot with its rows (the accounts you may see)",
)
def get_snapshot(request, snapshot_id: int, query: Query[SnapshotRowsQuery]):
    snapshot = (
        Snapshot.objects.select_related("created_by").filter(pk=parse_pk(snapshot_id)).first()
    )
    if snapshot is None:
        raise Http404
    rows = (
        snapshot.rows.filter(account__in=visible_accounts(request.auth, include_archived=True))
        .select_related("account")
        .order_by("rank", "account__name", "pk")
    )
    if query.changed:
        rows = rows.exclude(class_before=F("class_after"))
    return SnapshotDetail(snapshot_for_user(snapshot, request.auth), page_of(rows, query))
