"""Decisions about early warnings: snooze one until a day, resolve one with a note, or
reopen it. By whoever may change the account (read-only roles: PermissionDenied); one
transaction each, history kept (who, when, what: WarningState's history). Invalid input
raises a ValidationError keyed by field ("until", "note", "key").

- warning_snooze(*, user, account, key, until, note="") -> WarningState
- warning_resolve(*, user, account, key, note) -> WarningState
- warning_reopen(*, user, account, key) -> bool (False: there was nothing to reopen)

A snoozed warning is hidden until the day `until` (it shows again that day); a resolved
one is hidden while its evidence stays what it was when resolved (see domain.status).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from keyplan.accounts.access import can_write_account
from keyplan.accounts.models import Account
from keyplan.core.history import delete_with_history, save_with_history
from keyplan.users.models import User

from ..models import WarningDecision, WarningState
from . import selectors
from .domain import EVIDENCE_MAX, KEY_MAX

MAX_SNOOZE_DAYS = 180
NOTE_MAX = 2000


def _check_writer(user: User, account: Account) -> None:
    if not can_write_account(user, account):
        raise PermissionDenied


def _evidence(account: Account, key: str, today: date) -> str:
    """The warning's evidence today; a key the account does not raise now is refused."""
    found = None
    if isinstance(key, str) and 0 < len(key) <= KEY_MAX:
        found = selectors.account_warning(account=account, key=key, today=today)
    if found is None:
        raise ValidationError(
            {"key": [_("This warning is not raised for this account now; it may have cleared.")]}
        )
    return found.warning.evidence[:EVIDENCE_MAX]


def _check_note(note: object, errors: dict[str, list[str]], *, required: bool) -> str:
    text = note.strip() if isinstance(note, str) else ""
    if note is not None and not isinstance(note, str):
        errors["note"] = [_("Enter the note as text.")]
    elif required and not text:
        errors["note"] = [_("Say how the warning was resolved: a note is required.")]
    elif len(text) > NOTE_MAX:
        errors["note"] = [
            _("Keep the note to %(max)s characters (it has %(count)s).")
            % {"max": NOTE_MAX, "count": len(text)}
        ]
    return text


def _save(*, user: User, account: Account, key: str, values: dict, reason: str) -> WarningState:
    state = WarningState.objects.select_for_update().filter(
        account=account, key=key
    ).first() or WarningState(account=account, key=key)
    for name, value in values.items():
        setattr(state, name, value)
    state.decided_by = user
    save_with_history(state, user, reason)
    return state


@transaction.atomic
def warning_snooze(
    *, user: User, account: Account, key: str, until: date | None, note: str = ""
) -> WarningState:
    """Hide the warning `key` of `account` until the day `until` (after today, at most
    MAX_SNOOZE_DAYS days ahead), with an optional note."""
    _check_writer(user, account)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not isinstance(until, date):
        errors["until"] = [_("Enter the day the warning should show again.")]
    elif until <= today:
        errors["until"] = [_("Enter a day after today.")]
    elif until > today + timedelta(days=MAX_SNOOZE_DAYS):
        errors["until"] = [
            _("Snooze for at most %(days)s days, until %(last)s.")
            % {
                "days": MAX_SNOOZE_DAYS,
                "last": date_format(today + timedelta(days=MAX_SNOOZE_DAYS), "SHORT_DATE_FORMAT"),
            }
        ]
    text = _check_note(note, errors, required=False)
    if errors:
        raise ValidationError(errors)
    evidence = _evidence(account, key, today)
    return _save(
        user=user,
        account=account,
        key=key,
        values={
            "decision": WarningDecision.SNOOZED,
            "snoozed_until": until,
            "note": text,
            "evidence": evidence,
        },
        reason=f"snoozed until {until}",
    )


@transaction.atomic
def warning_resolve(*, user: User, account: Account, key: str, note: str) -> WarningState:
    """Mark the warning `key` of `account` resolved, with a note saying how. It stays
    hidden until its evidence changes."""
    _check_writer(user, account)
    errors: dict[str, list[str]] = {}
    text = _check_note(note, errors, required=True)
    if errors:
        raise ValidationError(errors)
    evidence = _evidence(account, key, timezone.localdate())
    return _save(
        user=user,
        account=account,
        key=key,
        values={
            "decision": WarningDecision.RESOLVED,
            "snoozed_until": None,
            "note": text,
            "evidence": evidence,
        },
        reason="resolved",
    )


@transaction.atomic
def warning_reopen(*, user: User, account: Account, key: str) -> bool:
    """Drop the decision about the warning `key`: it shows again (if still raised).
    Reopening a warning nobody decided about changes nothing (False)."""
    _check_writer(user, account)
    state = WarningState.objects.select_for_update().filter(account=account, key=key).first()
    if state is None:
        return False
    delete_with_history(state, user, "reopened")
    return True
