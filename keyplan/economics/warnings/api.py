"""The early warnings over REST, under the one access rule: an account you may not see
answers 404 like a missing one; read-only roles may read but not decide (403).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.http import Http404
from ninja import Query, Router, Status

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS

from . import services
from .domain import KEY_MAX
from .schemas import (
    AccountWarningQuery,
    AccountWarningsOut,
    ResolveIn,
    SnoozeIn,
    WarningListOut,
    WarningOut,
    WarningQuery,
    warning_out,
)
from .selectors import WarningFilters, account_warning, account_warnings, portfolio_warnings

router = Router(tags=["economics"])


@router.get(
    "/economics/warnings",
    response={200: WarningListOut, **ERRORS},
    summary="The early warnings of the accounts you may see, ranked by money at stake",
)
def economics_warnings(request, filters: Query[WarningQuery]):
    """Warnings of the visible, not closed accounts: highest money at stake first (base
    currency), then severity. `counts` are the shown warnings per kind before the kind
    filter; the snoozed and resolved ones are counted in `hidden` and listed only with
    `hidden=true`."""
    result = portfolio_warnings(
        user=request.auth,
        filters=WarningFilters(
            kind=filters.kind,
            account_class=filters.account_class,
            owner=filters.owner,
            hidden=filters.hidden,
        ),
    )
    count = len(result.rows)
    start = (filters.page - 1) * filters.page_size
    return {
        "as_of": result.as_of,
        "currency": result.currency,
        "counts": result.counts,
        "hidden": result.hidden,
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": max(1, -(-count // filters.page_size)),
        "items": [warning_out(row) for row in result.rows[start : start + filters.page_size]],
    }


@router.get(
    "/accounts/{account_id}/warnings",
    response={200: AccountWarningsOut, **ERRORS},
    summary="One account's early warnings",
)
def account_warning_list(request, account_id: int, filters: Query[AccountWarningQuery]):
    access = account_for_user(request.auth, account_id)
    result = account_warnings(account=access.account)
    rows = result.rows if filters.hidden else [row for row in result.rows if not row.hidden]
    return {
        "account_id": access.account.pk,
        "as_of": result.as_of,
        "currency": result.currency,
        "hidden": result.hidden,
        "items": [warning_out(row) for row in rows],
    }


def _writable(request, account_id: int, key: str):
    access = account_for_user(request.auth, account_id, write=True)
    if not key or len(key) > KEY_MAX:
        raise Http404
    return access.account


def _current(account, key: str) -> dict:
    row = account_warning(account=account, key=key)
    if row is None:  # cleared in the meantime
        raise Http404
    return warning_out(row)


@router.post(
    "/accounts/{account_id}/warnings/{key}/snooze",
    response={200: WarningOut, **BODY_ERRORS},
    summary="Hide a warning until a day",
)
def snooze_warning(request, account_id: int, key: str, payload: SnoozeIn):
    account = _writable(request, account_id, key)
    services.warning_snooze(
        user=request.auth, account=account, key=key, until=payload.until, note=payload.note
    )
    return _current(account, key)


@router.post(
    "/accounts/{account_id}/warnings/{key}/resolve",
    response={200: WarningOut, **BODY_ERRORS},
    summary="Resolve a warning with a note",
)
def resolve_warning(request, account_id: int, key: str, payload: ResolveIn):
    """Hidden until its evidence changes; then it shows again with the state "back"."""
    account = _writable(request, account_id, key)
    services.warning_resolve(user=request.auth, account=account, key=key, note=payload.note)
    return _current(account, key)


@router.delete(
    "/accounts/{account_id}/warnings/{key}",
    response={204: None, **ERRORS},
    summary="Reopen a warning (drop the snooze or the resolution)",
)
def reopen_warning(request, account_id: int, key: str):
    account = _writable(request, account_id, key)
    services.warning_reopen(user=request.auth, account=account, key=key)
    return Status(204, None)
