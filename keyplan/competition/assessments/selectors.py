"""Reads of the assessments of a competitor at an account, with the joins applied. The
caller has already passed the access rule for the account
(keyplan.competition.access); the rules live in the feature's domain.py.

Each function makes a fixed number of queries whatever the data size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from ..models import (
    Assessment,
    Attack,
    Pillar,
    PillarRating,
    Presence,
    WeaknessAnswer,
    WeaknessQuestion,
)
from . import domain

PILLAR_LABELS = dict(Pillar.choices)


# --- dataclasses (the pages and the API build on these) ------------------------------------


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


# --- loading helpers (the presences' list reads the latest assessments with these) --------


def question_answers(answers: list[WeaknessAnswer]) -> list[domain.QuestionAnswer]:
    """The answers with their questions, as the rules read them."""
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


def pillar_scores(ratings: list[PillarRating]) -> dict[str, int | None]:
    """Pillar -> score of `ratings`, every pillar present (None: unscored)."""
    scores: dict[str, int | None] = dict.fromkeys(domain.PILLARS)
    for rating in ratings:
        scores[rating.pillar] = rating.score
    return scores


def assessments_prefetch() -> Prefetch:
    """A presence's assessments newest first, with their ratings and answers, as
    `ordered_assessments`."""
    return Prefetch(
        "assessments",
        queryset=Assessment.objects.order_by("-assessed_on", "-pk").prefetch_related(
            "ratings",
            Prefetch("answers", queryset=WeaknessAnswer.objects.select_related("question")),
        ),
        to_attr="ordered_assessments",
    )


def support_score(assessment: Assessment | None) -> int | None:
    """The support pillar's score of a prefetched assessment (None: none or unscored)."""
    if assessment is None:
        return None
    return pillar_scores(list(assessment.ratings.all())).get("support")


# --- assessments --------------------------------------------------------------------------


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


def _pillar_views(ratings: list[PillarRating], answers: list[WeaknessAnswer]) -> list[PillarView]:
    """The four pillars in the seed's order, each with its rating and its answers."""
    by_pillar_rating = {r.pillar: r for r in ratings}
    by_pillar_answers: dict[str, list[AnswerView]] = defaultdict(list)
    for a in answers:
        by_pillar_answers[a.question.pillar].append(
            AnswerView(answer=a, question=a.question, text=a.question.text)
        )
    return [
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
    ]


def assessment_view(assessment: Assessment) -> AssessmentView:
    """One assessment read for its page and the API; 4 queries."""
    presence = Presence.objects.select_related("competitor", "account").get(
        pk=assessment.presence_id
    )
    ratings, answers = _load(assessment)
    scores = pillar_scores(ratings)
    facts = question_answers(answers)
    every = domain.weak_points(scores, facts, limit=None)
    verdict = domain.verdict(scores)
    attacks = list(
        Attack.objects.filter(presence_id=presence.pk).select_related("action", "created_by")
    )
    attacked = {_attack_key(attack): attack for attack in reversed(attacks)}  # newest wins
    return AssessmentView(
        assessment=assessment,
        presence=presence,
        pillars=_pillar_views(ratings, answers),
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
        old_scores=pillar_scores(old_ratings),
        new_scores=pillar_scores(new_ratings),
        old_answers=question_answers(old_answers),
        new_answers=question_answers(new_answers),
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
