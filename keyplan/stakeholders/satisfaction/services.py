"""Writes of the satisfaction answers entered by hand (the page and the API; the import
writes in bulk, keyplan.imports.satisfaction): add one to an account, change it, delete it.

Every write takes the account's write access (`account_for_user(write=True)`: 404 for an
account the user cannot see, 403 for a read-only viewer), validates (a ValidationError
keyed by field, nothing written: keyplan.stakeholders.satisfaction.domain says what is
valid), refuses a stale update or delete (ConflictError) when given the `updated_at` the
caller saw, and records history with the user.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import Account, Contact
from keyplan.core.errors import ConflictError, check_seen
from keyplan.core.history import delete_with_history, save_with_history
from keyplan.stakeholders.models import SatisfactionAnswer, SatisfactionSource
from keyplan.users.models import User

from .domain import answered_on_problem, score_problem

COMMENT_LENGTH = 2000
EXTERNAL_ID_LENGTH = 100

Cleaned = tuple[Any, str | None]  # the value as stored, or why it is refused


def _contact(value: Any, account: Account) -> Cleaned:
    """A contact of `account` (a Contact or its id), or None for no respondent."""
    if value in (None, ""):
        return None, None
    pk = getattr(value, "pk", value)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    contact = Contact.objects.filter(pk=pk, account=account).first() if pk > 0 else None
    if contact is None:
        return None, _("Choose one of the account's contacts, or nobody.")
    return contact, None


def _answered_on(value: Any, account: Account) -> Cleaned:
    if not isinstance(value, date) or isinstance(value, datetime):
        return None, _("Enter a date as YYYY-MM-DD.")
    return value, answered_on_problem(value, timezone.localdate())


def _score(value: Any, account: Account) -> Cleaned:
    problem = score_problem(value)
    return (None if problem else int(Decimal(str(value).strip()))), problem


def _text(limit: int):
    def clean(value: Any, account: Account) -> Cleaned:
        text = str(value or "").strip()
        if len(text) > limit:
            return None, _("At most %(count)s characters.") % {"count": limit}
        return text, None

    return clean


CLEANERS = {
    "contact": _contact,  # None: no respondent
    "answered_on": _answered_on,
    "score": _score,
    "comment": _text(COMMENT_LENGTH),
    "external_id": _text(EXTERNAL_ID_LENGTH),
}
# What a caller may set; the account is given apart, the source and the rest are the
# service's.
FIELDS = tuple(CLEANERS)


def _clean(
    data: dict[str, Any], *, account: Account
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The values of `data` (of FIELDS) as the model stores them, and the problems per
    field."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for key, value in data.items():
        cleaned, problem = CLEANERS[key](value, account)
        if problem:
            errors[key] = [problem]
        else:
            values[key] = cleaned
    return values, errors


def _check_external_id(answer: SatisfactionAnswer, errors: dict[str, list[str]]) -> None:
    if (
        answer.external_id
        and SatisfactionAnswer.objects.filter(external_id=answer.external_id)
        .exclude(pk=answer.pk)
        .exists()
    ):
        errors.setdefault("external_id", []).append(_("Another answer has this external id."))


def _save(answer: SatisfactionAnswer, user: User) -> None:
    try:
        with transaction.atomic():
            save_with_history(answer, user, "")
    except IntegrityError as exc:  # a race past the external id's check
        raise ValidationError({"external_id": [_("Another answer has this external id.")]}) from exc


@transaction.atomic
def satisfaction_answer_create(
    *, user: User, account: Account | int, data: dict[str, Any]
) -> SatisfactionAnswer:
    """Add an answer to `account` (source "manual"): `data` has answered_on and score, and
    may have contact (a contact of the account or its id; None: no respondent), comment
    and external_id."""
    account = account_for_user(user, getattr(account, "pk", account), write=True).account
    wanted = {key: data.get(key) for key in FIELDS}
    values, errors = _clean(wanted, account=account)
    answer = SatisfactionAnswer(
        account=account, created_by=user, source=SatisfactionSource.MANUAL, **values
    )
    _check_external_id(answer, errors)
    if errors:
        raise ValidationError(errors)
    _save(answer, user)
    return answer


def _locked(answer: SatisfactionAnswer, seen_updated_at: datetime | None):
    current = (
        SatisfactionAnswer.objects.select_for_update(of=("self",)).filter(pk=answer.pk).first()
    )
    check_seen(current, seen_updated_at)
    return current


@transaction.atomic
def satisfaction_answer_update(
    *,
    user: User,
    answer: SatisfactionAnswer,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> SatisfactionAnswer:
    """Change the fields of `data` (of FIELDS) of an answer; its source stays. ConflictError
    when it changed since `seen_updated_at` or was deleted; nothing is saved without a
    change."""
    account = account_for_user(user, answer.account_id, write=True).account
    current = _locked(answer, seen_updated_at)
    if current is None:
        raise ConflictError(None)
    values, errors = _clean({k: v for k, v in data.items() if k in FIELDS}, account=account)
    changes = {key: value for key, value in values.items() if getattr(current, key) != value}
    for key, value in changes.items():
        setattr(current, key, value)
    _check_external_id(current, errors)
    if errors:
        raise ValidationError(errors)
    if changes:
        _save(current, user)
    current.account = account
    return current


@transaction.atomic
def satisfaction_answer_delete(
    *, user: User, answer: SatisfactionAnswer, seen_updated_at: datetime | None = None
) -> None:
    """Delete an answer (its history stays). ConflictError when it changed since
    `seen_updated_at`; deleting one already gone without a version seen does nothing."""
    account_for_user(user, answer.account_id, write=True)
    current = _locked(answer, seen_updated_at)
    if current is not None:
        delete_with_history(current, user, "")
