"""Writes of the assessments of a competitor at an account: start one (a copy of the
latest), change its date or summary, score a pillar, answer a weakness question, delete
it; and turn a weak point into an action of the account's plan (an attack).

The conventions of every competition service: keyplan.competition.common.services.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from keyplan.plans.items.services import item_create
from keyplan.plans.models import Action, ItemKind

from .. import access
from ..common.services import apply, clean, delete, lock, plan_for_writing, save
from ..models import (
    Answer,
    Assessment,
    Attack,
    Pillar,
    PillarRating,
    Presence,
    WeaknessAnswer,
    WeaknessQuestion,
)
from . import domain
from .selectors import question_answers

ASSESSMENT_FIELDS = ("assessed_on", "summary")


@transaction.atomic
def assessment_start(*, user, presence: Presence, assessed_on: date | None = None) -> Assessment:
    """Start a new assessment of `presence`, dated `assessed_on` (default today): a copy
    of the latest assessment's ratings and answers (questions added to the catalogue
    since are added as "unknown"; deactivated ones are kept only when answered), else
    empty ratings for the four pillars and "unknown" answers to the active questions."""
    access.write_account(user, presence.account_id)
    Presence.objects.select_for_update(of=("self",)).filter(pk=presence.pk).first()
    latest = (
        Assessment.objects.filter(presence_id=presence.pk).order_by("-assessed_on", "-pk").first()
    )
    assessment = Assessment(
        presence_id=presence.pk,
        assessed_on=assessed_on or timezone.localdate(),
        assessed_by=user,
    )
    clean(assessment, exclude=["presence", "assessed_by"])
    save(assessment, user=user, reason="start")
    old_ratings = {}
    old_answers: dict[int, WeaknessAnswer] = {}
    if latest is not None:
        old_ratings = {r.pillar: r for r in latest.ratings.all()}
        old_answers = {a.question_id: a for a in latest.answers.all()}
    ratings = [
        PillarRating(
            assessment=assessment,
            pillar=pillar,
            score=old_ratings[pillar].score if pillar in old_ratings else None,
            evidence=old_ratings[pillar].evidence if pillar in old_ratings else "",
        )
        for pillar in domain.PILLARS
    ]
    question_ids = set(WeaknessQuestion.objects.filter(is_active=True).values_list("pk", flat=True))
    question_ids |= {qid for qid, a in old_answers.items() if a.answer != Answer.UNKNOWN}
    answers = [
        WeaknessAnswer(
            assessment=assessment,
            question_id=qid,
            answer=old_answers[qid].answer if qid in old_answers else Answer.UNKNOWN,
            note=old_answers[qid].note if qid in old_answers else "",
        )
        for qid in sorted(question_ids)
    ]
    bulk_create_with_history(ratings, PillarRating, default_user=user)
    bulk_create_with_history(answers, WeaknessAnswer, default_user=user)
    return assessment


@transaction.atomic
def assessment_update(
    *, user, assessment: Assessment, data: dict[str, Any], seen_updated_at: datetime | None = None
) -> Assessment:
    """Change the date or the summary of an assessment."""
    access.write_account(user, assessment.presence.account_id)
    current = lock(Assessment, assessment.pk, seen_updated_at)
    if not apply(current, data, ASSESSMENT_FIELDS):
        return current
    clean(current, exclude=["presence", "assessed_by"])
    save(current, user=user)
    return current


@transaction.atomic
def assessment_delete(
    *, user, assessment: Assessment, seen_updated_at: datetime | None = None
) -> None:
    access.write_account(user, assessment.presence.account_id)
    current = lock(Assessment, assessment.pk, seen_updated_at)
    delete(current, user=user)


def _touch(assessment_id: int) -> None:
    """A rating or an answer changed: the assessment changed too."""
    Assessment.objects.filter(pk=assessment_id).update(updated_at=timezone.now())


@transaction.atomic
def rating_update(
    *,
    user,
    rating: PillarRating,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> PillarRating:
    """Score (1-5, None to clear) and evidence of one pillar."""
    access.write_account(user, rating.assessment.presence.account_id)
    current = lock(PillarRating, rating.pk, seen_updated_at)
    value = data.get("score")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValidationError({"score": [_("Enter a whole number from 1 to 5.")]})
    if not apply(current, data, ("score", "evidence")):
        return current
    clean(current, exclude=["assessment"])
    save(current, user=user)
    _touch(current.assessment_id)
    return current


@transaction.atomic
def answer_update(
    *,
    user,
    answer: WeaknessAnswer,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> WeaknessAnswer:
    """Yes / no / unknown and a note for one weakness question."""
    access.write_account(user, answer.assessment.presence.account_id)
    current = lock(WeaknessAnswer, answer.pk, seen_updated_at)
    if not apply(current, data, ("answer", "note")):
        return current
    clean(current, exclude=["assessment", "question"])
    save(current, user=user)
    _touch(current.assessment_id)
    return current


# --- attacks ------------------------------------------------------------------------------


def _latest_weak_point(
    presence: Presence, pillar: str, question_id: int | None
) -> tuple[Assessment, domain.WeakPoint]:
    """The presence's latest assessment and its weak point on `pillar` (and the question
    `question_id`, None: the pillar itself); ValidationError when there is none."""
    if pillar not in Pillar.values:
        raise ValidationError({"pillar": [_("Choose one of the four pillars.")]})
    latest = (
        Assessment.objects.filter(presence_id=presence.pk).order_by("-assessed_on", "-pk").first()
    )
    if latest is None:
        raise ValidationError(
            {"pillar": [_("Assess this competitor first: there is no weak point yet.")]}
        )
    scores = {r.pillar: r.score for r in latest.ratings.all()}
    facts = question_answers(list(latest.answers.select_related("question")))
    points = domain.weak_points(scores, facts, limit=None)
    point = next((p for p in points if p.pillar == pillar and p.question_id == question_id), None)
    if point is None:
        raise ValidationError(
            {
                "question_id" if question_id is not None else "pillar": [
                    _("This is not a weak point of the latest assessment.")
                ]
            }
        )
    return latest, point


def _action_data(
    data: dict[str, Any], *, competitor: str, point: domain.WeakPoint, owner_id: int | None
) -> dict[str, Any]:
    """The attack's action: the title given or "Attack <competitor>: <weak point>" (cut to
    the field's length), the weak point as the obstacle, the owner given or `owner_id`."""
    title = (data.get("title") or "").strip() or _("Attack %(competitor)s: %(point)s") % {
        "competitor": competitor,
        "point": point.text,
    }
    action_data: dict[str, Any] = {
        "title": title[: Action._meta.get_field("title").max_length],
        "obstacle": point.text + (f"\n{point.note}" if point.note else ""),
        "detail": data.get("detail", ""),
        "owner_id": data.get("owner_id", owner_id),
    }
    if data.get("due_on"):
        action_data["due_on"] = data["due_on"]
    return action_data


@transaction.atomic
def attack_create(
    *,
    user,
    presence: Presence,
    pillar: str,
    question_id: int | None,
    data: dict[str, Any] | None = None,
) -> Attack:
    """Turn a weak point of the presence's latest assessment into an action of the
    account's current plan. `data` may set the action's title, detail, owner_id and
    due_on; the title defaults to "Attack <competitor>: <weak point>", the obstacle is
    the weak point's text, the owner the account's owner. ValidationError when the
    pillar or question is not a weak point of the latest assessment, or when there is
    no current plan or it cannot be changed (approved)."""
    account = access.write_account(user, presence.account_id).account
    latest, point = _latest_weak_point(presence, pillar, question_id)
    plan = plan_for_writing(account, what=_("an action"))
    action_data = _action_data(
        dict(data or {}),
        competitor=presence.competitor.name,
        point=point,
        owner_id=account.owner_id,
    )
    item = item_create(user=user, plan=plan, kind=ItemKind.ACTION, data=action_data)
    action = cast(Action, item)  # item_create makes the item of `kind`
    attack = Attack(
        presence_id=presence.pk,
        assessment=latest,
        pillar=pillar,
        question_id=question_id,
        action=action,
        created_by=user,
    )
    save(attack, user=user)
    return attack
