"""Helpers for the competition tests: data made through the services, a version no
form saw, a call to the API."""

from __future__ import annotations

import json
from datetime import date

from keyplan.competition.assessments.services import (
    answer_update,
    assessment_start,
    rating_update,
)
from keyplan.competition.competitors.services import competitor_create
from keyplan.competition.models import (
    Assessment,
    BuyingCriterion,
    Competitor,
    Presence,
    WeaknessQuestion,
)
from keyplan.competition.offers.services import criterion_create, offer_score_set
from keyplan.competition.presences.services import presence_create
from keyplan.plans.models import AccountPlan
from keyplan.plans.versions import services as plan_services

THIS_YEAR_START = date(date.today().year, 1, 1)
THIS_YEAR_END = date(date.today().year, 12, 31)

# An `updated_at` no form ever saw: posting it is a stale save.
OLD = "2001-01-01T00:00:00+00:00"

API = "/api/v1"


def api_send(client, method: str, url: str, body: dict | None = None):
    """`method` on the API path `url` (under /api/v1), with `body` as JSON if given."""
    call = getattr(client, method)
    if body is None:
        return call(API + url)
    return call(API + url, data=json.dumps(body), content_type="application/json")


def competitor(world, name: str = "Acme Industrial") -> Competitor:
    return competitor_create(user=world.owner, data={"name": name})


def presence(world, comp: Competitor | None = None, *, account=None, **data) -> Presence:
    comp = comp or competitor(world)
    return presence_create(
        user=world.director if account is not None else world.owner,
        account=account or world.account,
        data={"competitor_id": comp.pk, **data},
    )


def assess(
    world,
    pres: Presence,
    scores: dict[str, int | None],
    yes: list[str] = (),
    *,
    on: date | None = None,
) -> Assessment:
    """An assessment with `scores` by pillar and the questions keyed `yes` answered yes."""
    assessment = assessment_start(user=world.owner, presence=pres, assessed_on=on)
    for rating in assessment.ratings.all():
        if rating.pillar in scores:
            rating_update(user=world.owner, rating=rating, data={"score": scores[rating.pillar]})
    for answer in assessment.answers.select_related("question"):
        if answer.question.key in yes:
            answer_update(user=world.owner, answer=answer, data={"answer": "yes"})
    return assessment


def question(key: str) -> WeaknessQuestion:
    return WeaknessQuestion.objects.get(key=key)


def plan(world, **kwargs) -> AccountPlan:
    return plan_services.plan_create(
        user=world.owner,
        account=kwargs.pop("account", world.account),
        period=kwargs.pop("period", f"FY{THIS_YEAR_START.year}"),
        starts_on=THIS_YEAR_START,
        ends_on=THIS_YEAR_END,
    )


def criterion(world, name: str, weight: int, *, account=None) -> BuyingCriterion:
    return criterion_create(
        user=world.owner, account=account or world.account, data={"name": name, "weight": weight}
    )


def score(world, crit: BuyingCriterion, comp: Competitor | None, value: int | None):
    return offer_score_set(
        user=world.owner,
        criterion=crit,
        competitor_id=None if comp is None else comp.pk,
        score=value,
    )
