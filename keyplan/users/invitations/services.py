"""The token flow of an invitation link: issue, look up, consume (see the package's
docstring). Callers keep their own checks, models and e-mails."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import User, hash_token

VALID_FOR = timedelta(days=7)
MAX_TOKEN_LENGTH = 200

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class IssuedToken:
    raw: str  # goes into the link only; never stored
    token_hash: str
    created_at: datetime
    expires_at: datetime


def token_issue(*, now: datetime | None = None, valid_for: timedelta = VALID_FOR) -> IssuedToken:
    """A new random token, its hash and the invitation's creation and expiry times."""
    now = now or timezone.now()
    raw = secrets.token_urlsafe(32)
    return IssuedToken(raw, hash_token(raw), now, now + valid_for)


def tokens_match(raw: str, token_hash: str) -> bool:
    """Whether `raw` hashes to `token_hash`, compared in constant time."""
    return hmac.compare_digest(hash_token(raw).encode(), token_hash.encode())


def language_check(language: str) -> str:
    """The invitation's language: the one given, else the active one; ValidationError
    (on the field "language") for one the site does not offer."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Choose one of the languages offered.")]})
    return language


def pending_replace(queryset: QuerySet[Any], *, email: str, **revoke: Any) -> int:
    """Revoke the pending invitations of `queryset` to `email` (`revoke` gives the
    fields to set, revoked_at among them); returns how many."""
    return queryset.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(**revoke)


def invitation_issue(
    queryset: QuerySet[M], *, email: str, revoke: dict[str, Any] | None = None, **fields: Any
) -> tuple[M, str]:
    """A new invitation of `queryset`'s model to `email` (with `fields`) and its raw
    token; the pending ones of `queryset` to the same address are revoked first (with
    `revoke`'s fields besides revoked_at)."""
    token = token_issue()
    pending_replace(queryset, email=email, revoked_at=token.created_at, **(revoke or {}))
    invitation = queryset.create(
        email=email,
        token_hash=token.token_hash,
        created_at=token.created_at,
        expires_at=token.expires_at,
        **fields,
    )
    return invitation, token.raw


def invitation_link(base_url: str, path: str) -> str:
    """The absolute link: `base_url` (else settings.KEYPLAN_BASE_URL) and `path`."""
    return (base_url or getattr(settings, "KEYPLAN_BASE_URL", "")).rstrip("/") + path


def invitation_pending(queryset: QuerySet[M], raw: str) -> M | None:
    """The pending (not used, revoked or expired) invitation of `queryset` whose token is
    `raw`, or None."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    invitation = queryset.filter(token_hash=hash_token(raw)).first()
    if invitation is None or not tokens_match(raw, invitation.token_hash):  # type: ignore[attr-defined]
        return None
    if invitation.status() != "pending":  # type: ignore[attr-defined]
        return None
    return invitation


@transaction.atomic
def invitation_consume(queryset: QuerySet[M], raw: str, make_user: Callable[[M], User]) -> User:
    """Use the invitation of `raw` once: lock it, check it is still pending, create (or
    reactivate) its user with `make_user(invitation)`, mark it accepted by that user.
    ValidationError for an unknown, used, revoked or expired invitation; `make_user`'s
    own ValidationError (a weak password, say) leaves the invitation pending."""
    found = invitation_pending(queryset, raw)
    invitation = queryset.select_for_update().filter(pk=found.pk).first() if found else None
    if invitation is None or invitation.status() != "pending":  # type: ignore[attr-defined]
        raise ValidationError(_("This invitation is no longer valid. Ask for a new one."))
    user = make_user(invitation)
    invitation.accepted_at = timezone.now()  # type: ignore[attr-defined]
    invitation.user = user  # type: ignore[attr-defined]
    invitation.save(update_fields=["accepted_at", "user"])
    return user
