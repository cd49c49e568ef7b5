"""Reads of the competitors at an account, each with its latest assessment read. The
caller has already passed the access rule for the account
(keyplan.competition.access)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from keyplan.accounts.models import Account

from ..assessments import domain
from ..assessments.selectors import (
    assessments_prefetch,
    pillar_scores,
    question_answers,
    support_score,
)
from ..models import Assessment, Presence


@dataclass(frozen=True, kw_only=True)
class PresenceView:
    """A competitor at an account with its latest assessment read.

    `scores` is pillar -> score (None unscored) of the latest assessment (all None
    without one); `support_previous` / `support_latest` are the support scores of the
    two latest assessments; `support_rising` per domain.is_rising."""

    presence: Presence
    latest: Assessment | None
    assessments: int
    scores: dict[str, int | None]
    verdict: str
    verdict_label: str
    weak_points: list[domain.WeakPoint]
    support_previous: int | None
    support_latest: int | None
    support_rising: bool


def presences_qs(account: Account) -> QuerySet[Presence]:
    return Presence.objects.filter(account=account).select_related("competitor", "account")


def _presence_view(presence: Presence) -> PresenceView:
    ordered = presence.ordered_assessments  # type: ignore[attr-defined]  # the prefetch's to_attr
    latest = ordered[0] if ordered else None
    previous = ordered[1] if len(ordered) > 1 else None
    if latest is not None:
        scores = pillar_scores(list(latest.ratings.all()))
        points = domain.weak_points(scores, question_answers(list(latest.answers.all())))
    else:
        scores = dict.fromkeys(domain.PILLARS)
        points = []
    verdict = domain.verdict(scores)
    support_latest, support_previous = support_score(latest), support_score(previous)
    return PresenceView(
        presence=presence,
        latest=latest,
        assessments=len(ordered),
        scores=scores,
        verdict=verdict,
        verdict_label=str(domain.VERDICT_LABELS[verdict]),
        weak_points=points,
        support_previous=support_previous,
        support_latest=support_latest,
        support_rising=domain.is_rising(support_previous, support_latest),
    )


def presences_for_account(account: Account) -> list[PresenceView]:
    """Every competitor at `account` (by name) with its latest assessment read. Loads
    every assessment of the account's presences (few by nature); 5 queries."""
    presences = presences_qs(account).prefetch_related(assessments_prefetch())
    return [_presence_view(presence) for presence in presences]
