"""The perception survey (SPEC §8.2, §3.8, §7): a portal user rates us on the account's
buying criteria (1-5), says how far they agree with our self-SWOT statements (the
perception items of the current plan, 1-5) and gives a satisfaction score (0-10).

- survey_submit(*, user, satisfaction, comment="", criteria=None, statements=None)
  -> SurveyResponse: the score is saved as a stakeholders SatisfactionAnswer with source
  "survey" (a KPI and part of the health score); the ratings feed the perception gap the
  team sees (keyplan.portal.survey.selectors); the team is notified.
`criteria` and `statements` map a criterion's / a perception item's id to a score;
ValidationError for a score out of range or an id that is not the account's.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.competition.models import BuyingCriterion
from keyplan.plans.models import PerceptionItem
from keyplan.plans.versions.selectors import current_plan
from keyplan.stakeholders.models import SatisfactionAnswer, SatisfactionSource
from keyplan.users.models import Role, User

from .. import notices
from ..models import CriterionRating, PortalInvitation, StatementRating, SurveyResponse
from ..team import notify_team


def _check_scores(scores: dict[int, int], known: set[int], field: str) -> None:
    if set(scores) - known:
        raise ValidationError({field: [_("Rate only what the survey asks about.")]})
    if any(not 1 <= score <= 5 for score in scores.values()):
        raise ValidationError({field: [_("Ratings go from 1 to 5.")]})


@transaction.atomic
def survey_submit(
    *,
    user: User,
    satisfaction: int | None,
    comment: str = "",
    criteria: dict[int, int] | None = None,
    statements: dict[int, int] | None = None,
) -> SurveyResponse:
    if user.role != Role.PORTAL or user.portal_account_id is None or not user.is_active:
        raise PermissionDenied
    account = user.portal_account
    assert account is not None  # a portal user always has one (users.User's constraint)
    if satisfaction is None or not 0 <= satisfaction <= 10:
        raise ValidationError({"satisfaction": [_("Give a score from 0 to 10.")]})
    criteria, statements = criteria or {}, statements or {}
    criterion_ids = set(
        BuyingCriterion.objects.filter(account=account).values_list("pk", flat=True)
    )
    _check_scores(criteria, criterion_ids, "criteria")
    plan = current_plan(account)
    items = {item.pk: item for item in PerceptionItem.objects.filter(plan=plan)} if plan else {}
    _check_scores(statements, set(items), "statements")
    contact_id = (
        PortalInvitation.objects.filter(user=user, contact__account=account)
        .values_list("contact_id", flat=True)
        .first()
    )
    answer = SatisfactionAnswer(
        account=account,
        contact_id=contact_id,
        answered_on=timezone.localdate(),
        score=satisfaction,
        comment=(comment or "").strip()[:4000],
        source=SatisfactionSource.SURVEY,
        created_by=user,
    )
    answer._history_user = user  # type: ignore[attr-defined]
    answer.save()
    response = SurveyResponse.objects.create(
        account=account, user=user, contact_id=contact_id, satisfaction=answer
    )
    CriterionRating.objects.bulk_create(
        CriterionRating(response=response, criterion_id=pk, score=score)
        for pk, score in criteria.items()
    )
    StatementRating.objects.bulk_create(
        StatementRating(
            response=response, perception_item=items[pk], origin=items[pk].origin, score=score
        )
        for pk, score in statements.items()
    )
    notify_team(
        account=account,
        kind="request",
        message=notices.SURVEY_ANSWERED,
        params={"person": str(user), "score": satisfaction},
        body=answer.comment,
        url=reverse("portal:team-survey", args=[account.pk]),
    )
    return response
