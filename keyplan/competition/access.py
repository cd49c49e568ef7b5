"""Who may read and change the competition data.

What hangs on an account (presences, assessments, ratings, answers, attacks, buying
criteria, offer scores) follows the account's rule (keyplan.accounts.access): 404 for
a missing or forbidden account, 403 for a read-only viewer writing. The registry of
competitors is read by every internal user and written by administrators, directors
and key account managers (team members and viewers 403; portal users 404). The
weakness-question catalogue is read by every internal user and written by
administrators only.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from keyplan.accounts.access import AccountAccess, account_for_user
from keyplan.core.web import parse_pk
from keyplan.users.models import Role

from .models import (
    Assessment,
    BuyingCriterion,
    Competitor,
    PillarRating,
    Presence,
    WeaknessAnswer,
    WeaknessQuestion,
)

M = TypeVar("M", bound=Model)

REGISTRY_WRITERS = frozenset({Role.ADMIN, Role.DIRECTOR, Role.KAM})


def _internal(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "is_internal", False)
    )


def require_internal(user: Any) -> None:
    """Http404 for anonymous, inactive and portal users."""
    if not _internal(user):
        raise Http404


def can_write_registry(user: Any) -> bool:
    return _internal(user) and user.role in REGISTRY_WRITERS


def require_registry_writer(user: Any) -> None:
    require_internal(user)
    if user.role not in REGISTRY_WRITERS:
        raise PermissionDenied


def can_edit_questions(user: Any) -> bool:
    return _internal(user) and user.role == Role.ADMIN


def require_question_editor(user: Any) -> None:
    require_internal(user)
    if user.role != Role.ADMIN:
        raise PermissionDenied


def competitor_for_user(user: Any, pk: object, *, write: bool = False) -> Competitor:
    if write:
        require_registry_writer(user)
    else:
        require_internal(user)
    competitor = Competitor.objects.filter(pk=parse_pk(pk)).first()
    if competitor is None:
        raise Http404
    return competitor


def question_for_user(user: Any, pk: object, *, write: bool = False) -> WeaknessQuestion:
    if write:
        require_question_editor(user)
    else:
        require_internal(user)
    question = WeaknessQuestion.objects.filter(pk=parse_pk(pk)).first()
    if question is None:
        raise Http404
    return question


def _through_account(
    user: Any, qs: QuerySet[M], pk: object, account_path: str, write: bool
) -> tuple[M, AccountAccess]:
    """The object `pk` of `qs` if its account is visible to `user` (404 alike for
    missing and forbidden), with the account access."""
    value = parse_pk(pk)
    account_id = qs.filter(pk=value).values_list(account_path, flat=True).first()
    if account_id is None:
        raise Http404
    access = account_for_user(user, account_id, write=write)
    return qs.get(pk=value), access


def presence_for_user(
    user: Any, pk: object, *, write: bool = False
) -> tuple[Presence, AccountAccess]:
    return _through_account(
        user, Presence.objects.select_related("competitor", "account"), pk, "account_id", write
    )


def assessment_for_user(
    user: Any, pk: object, *, write: bool = False
) -> tuple[Assessment, AccountAccess]:
    return _through_account(
        user,
        Assessment.objects.select_related("presence__competitor", "presence__account"),
        pk,
        "presence__account_id",
        write,
    )


def rating_for_user(
    user: Any, pk: object, *, write: bool = False
) -> tuple[PillarRating, AccountAccess]:
    return _through_account(
        user,
        PillarRating.objects.select_related("assessment__presence"),
        pk,
        "assessment__presence__account_id",
        write,
    )


def answer_for_user(
    user: Any, pk: object, *, write: bool = False
) -> tuple[WeaknessAnswer, AccountAccess]:
    return _through_account(
        user,
        WeaknessAnswer.objects.select_related("assessment__presence", "question"),
        pk,
        "assessment__presence__account_id",
        write,
    )


def criterion_for_user(
    user: Any, pk: object, *, write: bool = False
) -> tuple[BuyingCriterion, AccountAccess]:
    return _through_account(
        user, BuyingCriterion.objects.select_related("account"), pk, "account_id", write
    )


def write_account(user: Any, account: Any) -> AccountAccess:
    """account_for_user(write=True) for an Account or its id."""
    return account_for_user(user, getattr(account, "pk", account), write=True)
