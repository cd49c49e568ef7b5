"""Reads of the competition module, with the joins applied. The caller has already
passed the access rule for the account (keyplan.competition.access), except for the
functions taking a `user`, which scope by it themselves. The rules live in domain.py.

Each function makes a fixed number of queries whatever the data size. The offer
comparison, the alerts and the portfolio view live in selectors_offers.py and are
re-exported here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from keyplan.accounts.models import Account

from . import domain
from .models import (
    Answer,
    Assessment,
    Attack,
    Competitor,
    Pillar,
    PillarRating,
    Presence,
    WeaknessAnswer,
    WeaknessQuestion,
)
from .selectors_offers import (  # re-exported: callers use selectors.*
    CompetitorRow,
    OfferCell,
    OfferColumn,
    OfferComparison,
    OfferRow,
    account_alerts,
    criteria_for_account,
    offer_comparison,
    portfolio_competition,
)

PILLAR_LABELS = dict(Pillar.choices)


# --- dataclasses (the pages and the API build on these) ------------------------------------


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


@dataclass(frozen=True, kw_only=True)
class AnswerView:
    answer: WeaknessAnswer
    question: WeaknessQuestion
    text: str  # in the active language


@dataclass(frozen=True, kw_only=True)
class PillarView:
    pillar: str
    label: str
    rating: PillarRating | None
    answers: list[AnswerView]


@dataclass(frozen=True, kw_only=True)
class AssessmentView:
    """One assessment: pillars in the seed's order, each with its rating and its
    weakness answers; the verdict, the ranked weak points (top four; `all_weak_points`
    has every one), the questions still unknown and the attacks already made from this
    presence (`attacked` holds their WeakPoint keys for this assessment's points)."""

    assessment: Assessment
    presence: Presence
    pillars: list[PillarView]
    scores: dict[str, int | None]
    verdict: str
    verdict_label: str
    verdict_help: str
    weak_points: list[domain.WeakPoint]
    all_weak_points: list[domain.WeakPoint]
    to_find_out: list[domain.QuestionAnswer]
    attacks: list[Attack]
    attacked: dict[str, Attack] = field(default_factory=dict)


# --- loading helpers ----------------------------------------------------------------------


def _question_answers(answers: list[WeaknessAnswer]) -> list[domain.QuestionAnswer]:
    return [
        domain.QuestionAnswer(
            question_id=a.question_id,
            pillar=a.question.pillar,
            position=a.question.position,
            text=a.question.text,
            answer=a.answer,
            note=a.note,
        )
        for a in answers
    ]


def _scores(ratings: list[PillarRating]) -> dict[str, int | None]:
    scores: dict[str, int | None] = dict.fromkeys(domain.PILLARS)
    for rating in ratings:
        scores[rating.pillar] = rating.score
    return scores


def _assessments_prefetch() -> Prefetch:
    return Prefetch(
        "assessments",
        queryset=Assessment.objects.order_by("-assessed_on", "-pk").prefetch_related(
            "ratings",
            Prefetch("answers", queryset=WeaknessAnswer.objects.select_related("question")),
        ),
        to_attr="ordered_assessments",
    )


def _support(assessment: Assessment | None) -> int | None:
    if assessment is None:
        return None
    return _scores(list(assessment.ratings.all())).get("support")


# --- presences and assessments ------------------------------------------------------------


def presences_qs(account: Account) -> QuerySet[Presence]:
    return Presence.objects.filter(account=account).select_related("competitor", "account")


def presences_for_account(account: Account) -> list[PresenceView]:
    """Every competitor at `account` (by name) with its latest assessment read. Loads
    every assessment of the account's presences (few by nature); 5 queries."""
    presences = presences_qs(account).prefetch_related(_assessments_prefetch())
    views = []
    for presence in presences:
        ordered = presence.ordered_assessments  # type: ignore[attr-defined]
        latest = ordered[0] if ordered else None
        previous = ordered[1] if len(ordered) > 1 else None
        if latest is not None:
            scores = _scores(list(latest.ratings.all()))
            points = domain.weak_points(scores, _question_answers(list(latest.answers.all())))
        else:
            scores = dict.fromkeys(domain.PILLARS)
            points = []
        verdict = domain.verdict(scores)
        support_latest, support_previous = _support(latest), _support(previous)
        views.append(
            PresenceView(
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
        )
    return views


def assessments_for_presence(presence: Presence) -> QuerySet[Assessment]:
    """The presence's assessments, newest first."""
    return presence.assessments.select_related("assessed_by").order_by("-assessed_on", "-pk")


def latest_assessment(presence: Presence) -> Assessment | None:
    return assessments_for_presence(presence).first()


def _load(assessment: Assessment) -> tuple[list[PillarRating], list[WeaknessAnswer]]:
    ratings = list(assessment.ratings.all())
    answers = list(
        assessment.answers.select_related("question").order_by(
            "question__pillar", "question__position", "pk"
        )
    )
    return ratings, answers


def _attack_key(attack: Attack) -> str:
    """The WeakPoint.key the attack was made on."""
    if attack.question_id is None:
        return attack.pillar
    return f"{attack.pillar}:{attack.question_id}"


def assessment_view(assessment: Assessment) -> AssessmentView:
    """One assessment read for its page and the API; 4 queries."""
    presence = Presence.objects.select_related("competitor", "account").get(
        pk=assessment.presence_id
    )
    ratings, answers = _load(assessment)
    by_pillar_rating = {r.pillar: r for r in ratings}
    by_pillar_answers: dict[str, list[AnswerView]] = defaultdict(list)
    for a in answers:
        by_pillar_answers[a.question.pillar].append(
            AnswerView(answer=a, question=a.question, text=a.question.text)
        )
    scores = _scores(ratings)
    facts = _question_answers(answers)
    every = domain.weak_points(scores, facts, limit=None)
    verdict = domain.verdict(scores)
    attacks = list(
        Attack.objects.filter(presence_id=presence.pk).select_related("action", "created_by")
    )
    attacked: dict[str, Attack] = {}
    for attack in reversed(attacks):  # newest wins
        key = (
            attack.pillar if attack.question_id is None else f"{attack.pillar}:{attack.question_id}"
        )
        attacked[key] = attack
    return AssessmentView(
        assessment=assessment,
        presence=presence,
        pillars=[
            PillarView(
                pillar=p,
                label=str(PILLAR_LABELS[p]),
                rating=by_pillar_rating.get(p),
                answers=sorted(
                    by_pillar_answers.get(p, []),
                    key=lambda v: (v.question.position, v.question.pk),
                ),
            )
            for p in domain.PILLARS
        ],
        scores=scores,
        verdict=verdict,
        verdict_label=str(domain.VERDICT_LABELS[verdict]),
        verdict_help=str(domain.VERDICT_HELP[verdict]),
        weak_points=every[: domain.TOP_WEAK_POINTS],
        all_weak_points=every,
        to_find_out=domain.to_find_out(facts),
        attacks=attacks,
        attacked=attacked,
    )


def assessment_compare(old: Assessment, new: Assessment) -> domain.AssessmentDiff:
    """Two assessments of the same presence side by side (the caller orders them)."""
    old_ratings, old_answers = _load(old)
    new_ratings, new_answers = _load(new)
    return domain.compare(
        old_on=old.assessed_on,
        new_on=new.assessed_on,
        old_scores=_scores(old_ratings),
        new_scores=_scores(new_ratings),
        old_answers=_question_answers(old_answers),
        new_answers=_question_answers(new_answers),
    )


def support_history(presence: Presence) -> list[tuple[date, int]]:
    """(assessed on, support score) oldest first, scored assessments only; 1 query."""
    rows = (
        PillarRating.objects.filter(
            assessment__presence=presence, pillar=Pillar.SUPPORT, score__isnull=False
        )
        .order_by("assessment__assessed_on", "assessment_id")
        .values_list("assessment__assessed_on", "score")
    )
    return [(day, score) for day, score in rows if score is not None]


# --- registry and catalogue ---------------------------------------------------------------


def competitors(*, search: str = "", active_only: bool = False) -> QuerySet[Competitor]:
    qs = Competitor.objects.all()
    if search:
        qs = qs.filter(name__icontains=search)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs


def questions(*, active_only: bool = False) -> QuerySet[WeaknessQuestion]:
    qs = WeaknessQuestion.objects.order_by("pillar", "position", "pk")
    return qs.filter(is_active=True) if active_only else qs


__all__ = [
    "Answer",
    "AnswerView",
    "AssessmentView",
    "CompetitorRow",
    "OfferCell",
    "OfferColumn",
    "OfferComparison",
    "OfferRow",
    "PillarView",
    "PresenceView",
    "account_alerts",
    "assessment_compare",
    "assessment_view",
    "assessments_for_presence",
    "competitors",
    "criteria_for_account",
    "latest_assessment",
    "offer_comparison",
    "portfolio_competition",
    "presences_for_account",
    "presences_qs",
    "questions",
    "support_history",
]
