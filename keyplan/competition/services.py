"""Writes of the competition module: the registry, presences at accounts, assessments
(ratings and weakness answers), attacks turned into plan actions, and the question
catalogue. Buying criteria and offer scores live in services_offers.py and are
re-exported here, so callers import everything from this module.

Every service takes the acting `user` first (keyword-only), applies the access rule
(keyplan.competition.access: 404 for what the user may not see, 403 for a read-only
user writing), validates (ValidationError keyed by field, nothing written), refuses a
stale write (ConflictError) when given the `updated_at` the caller saw, and records
history with the user.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from keyplan.accounts.models import Account
from keyplan.plans.models import Action, ItemKind

from . import access, domain
from ._writes import apply, clean, delete, lock, save
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
from .services_offers import (
    advantage_to_plan,
    criterion_create,
    criterion_delete,
    criterion_update,
    offer_score_set,
    plan_for_writing,
)

COMPETITOR_FIELDS = ("name", "website", "products", "strengths", "notes", "is_active")
PRESENCE_FIELDS = ("supplies", "is_incumbent", "share_of_spend", "notes")
ASSESSMENT_FIELDS = ("assessed_on", "summary")
QUESTION_FIELDS = ("key", "pillar", "text_en", "text_ru", "text_pl", "position", "is_active")

__all__ = [
    "advantage_to_plan",
    "answer_update",
    "assessment_delete",
    "assessment_start",
    "assessment_update",
    "attack_create",
    "competitor_create",
    "competitor_delete",
    "competitor_update",
    "criterion_create",
    "criterion_delete",
    "criterion_update",
    "offer_score_set",
    "presence_create",
    "presence_delete",
    "presence_update",
    "question_create",
    "question_delete",
    "question_update",
    "rating_update",
]


# --- registry -----------------------------------------------------------------------------


@transaction.atomic
def competitor_create(*, user, data: dict[str, Any]) -> Competitor:
    """Add a competitor to the registry (administrators, directors, KAMs)."""
    access.require_registry_writer(user)
    competitor = Competitor()
    apply(competitor, data, COMPETITOR_FIELDS)
    clean(competitor)
    save(competitor, user=user)
    return competitor


@transaction.atomic
def competitor_update(
    *, user, competitor: Competitor, data: dict[str, Any], seen_updated_at: datetime | None = None
) -> Competitor:
    access.require_registry_writer(user)
    current = lock(Competitor, competitor.pk, seen_updated_at)
    if not apply(current, data, COMPETITOR_FIELDS):
        return current
    clean(current)
    save(current, user=user)
    return current


@transaction.atomic
def competitor_delete(
    *, user, competitor: Competitor, seen_updated_at: datetime | None = None
) -> None:
    """Remove a competitor from the registry; refused while it is present at an account
    (remove the presences first, or mark it inactive)."""
    access.require_registry_writer(user)
    current = lock(Competitor, competitor.pk, seen_updated_at)
    count = current.presences.count()
    if count:
        raise ValidationError(
            {
                "competitor": [
                    ngettext(
                        "This competitor is still listed at %(count)s account; remove it "
                        "from that account first, or mark it inactive.",
                        "This competitor is still listed at %(count)s accounts; remove it "
                        "from those accounts first, or mark it inactive.",
                        count,
                    )
                    % {"count": count}
                ]
            }
        )
    delete(current, user=user)


# --- presences ----------------------------------------------------------------------------


def _check_share(presence: Presence) -> None:
    """The share as a Decimal (the API may send a float or a string)."""
    value = presence.share_of_spend
    if value is None:
        return
    try:
        presence.share_of_spend = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError(
            {"share_of_spend": [_("Enter a percentage between 0 and 100.")]}
        ) from None


@transaction.atomic
def presence_create(*, user, account: Account | int, data: dict[str, Any]) -> Presence:
    """List a competitor at an account; `data["competitor_id"]` names it (an active
    competitor of the registry)."""
    account_access = access.write_account(user, account)
    presence = Presence(account=account_access.account)
    competitor_id = data.get("competitor_id")
    competitor = (
        Competitor.objects.filter(pk=competitor_id).first()
        if isinstance(competitor_id, int)
        else None
    )
    if competitor is None:
        raise ValidationError({"competitor_id": [_("Choose a competitor of the registry.")]})
    if not competitor.is_active:
        raise ValidationError({"competitor_id": [_("This competitor is marked inactive.")]})
    presence.competitor = competitor
    apply(presence, data, PRESENCE_FIELDS)
    _check_share(presence)
    clean(presence)
    save(presence, user=user)
    return presence


@transaction.atomic
def presence_update(
    *, user, presence: Presence, data: dict[str, Any], seen_updated_at: datetime | None = None
) -> Presence:
    access.write_account(user, presence.account_id)
    current = lock(Presence, presence.pk, seen_updated_at)
    if not apply(current, data, PRESENCE_FIELDS):
        return current
    _check_share(current)
    clean(current)
    save(current, user=user)
    return current


@transaction.atomic
def presence_delete(*, user, presence: Presence, seen_updated_at: datetime | None = None) -> None:
    """Remove a competitor from an account with its assessments; the actions made from
    its attacks stay in the plan."""
    access.write_account(user, presence.account_id)
    current = lock(Presence, presence.pk, seen_updated_at)
    delete(current, user=user)


# --- assessments --------------------------------------------------------------------------


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
    from keyplan.plans.item_services import item_create

    account_access = access.write_account(user, presence.account_id)
    account = account_access.account
    data = dict(data or {})
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
    facts = [
        domain.QuestionAnswer(
            question_id=a.question_id,
            pillar=a.question.pillar,
            position=a.question.position,
            text=a.question.text,
            answer=a.answer,
            note=a.note,
        )
        for a in latest.answers.select_related("question")
    ]
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
    plan = plan_for_writing(account, what=_("an action"))
    competitor = presence.competitor.name
    action_data: dict[str, Any] = {
        "title": (data.get("title") or "").strip()
        or _("Attack %(competitor)s: %(point)s") % {"competitor": competitor, "point": point.text},
        "obstacle": point.text + (f"\n{point.note}" if point.note else ""),
        "detail": data.get("detail", ""),
        "owner_id": data.get("owner_id", account.owner_id),
    }
    action_data["title"] = action_data["title"][: Action._meta.get_field("title").max_length]
    if data.get("due_on"):
        action_data["due_on"] = data["due_on"]
    action = cast(Action, item_create(user=user, plan=plan, kind=ItemKind.ACTION, data=action_data))
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


# --- question catalogue -------------------------------------------------------------------


@transaction.atomic
def question_create(*, user, data: dict[str, Any]) -> WeaknessQuestion:
    """Add a weakness question (administrators only); last in its pillar unless
    `position` is given."""
    access.require_question_editor(user)
    question = WeaknessQuestion()
    apply(question, data, QUESTION_FIELDS)
    if "position" not in data and question.pillar:
        last = (
            WeaknessQuestion.objects.filter(pillar=question.pillar)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
        )
        question.position = 0 if last is None else last + 1
    clean(question)
    save(question, user=user)
    return question


@transaction.atomic
def question_update(
    *,
    user,
    question: WeaknessQuestion,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> WeaknessQuestion:
    """Change a question (administrators only). Its pillar cannot change once answered
    in an assessment (the answers would move pillar): add a new question instead."""
    access.require_question_editor(user)
    current = lock(WeaknessQuestion, question.pk, seen_updated_at)
    previous_pillar = current.pillar
    if not apply(current, data, QUESTION_FIELDS):
        return current
    if (
        current.pillar != previous_pillar
        and current.answers.exclude(answer=Answer.UNKNOWN).exists()
    ):
        raise ValidationError(
            {
                "pillar": [
                    _(
                        "This question is answered in assessments; deactivate it and add a "
                        "new one under the other pillar."
                    )
                ]
            }
        )
    clean(current)
    save(current, user=user)
    return current


@transaction.atomic
def question_delete(
    *, user, question: WeaknessQuestion, seen_updated_at: datetime | None = None
) -> WeaknessQuestion | None:
    """Delete a question never used in an assessment; a used one is deactivated
    instead (returned), so past assessments keep their answers."""
    access.require_question_editor(user)
    current = lock(WeaknessQuestion, question.pk, seen_updated_at)
    if current.answers.exists() or current.attacks.exists():
        if current.is_active:
            current.is_active = False
            save(current, user=user, reason="deactivated")
        return current
    delete(current, user=user)
    return None
