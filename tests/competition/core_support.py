"""Helpers for the competition tests: data made through the services."""

from __future__ import annotations

from datetime import date

from keyplan.competition import services
from keyplan.competition.models import (
    Assessment,
    BuyingCriterion,
    Competitor,
    Presence,
    WeaknessQuestion,
)
from keyplan.plans import services as plan_services
from keyplan.plans.models import AccountPlan

THIS_YEAR_START = date(date.today().year, 1, 1)
THIS_YEAR_END = date(date.today().year, 12, 31)


def competitor(world, name: str = "Acme Industrial") -> Competitor:
    return services.competitor_create(user=world.owner, data={"name": name})


def presence(world, comp: Competitor | None = None, *, account=None, **data) -> Presence:
    comp = comp or competitor(world)
    return services.presence_create(
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
    assessment = services.assessment_start(user=world.owner, presence=pres, assessed_on=on)
    for rating in assessment.ratings.all():
        if rating.pillar in scores:
            services.rating_update(
                user=world.owner, rating=rating, data={"score": scores[rating.pillar]}
            )
    for answer in assessment.answers.select_related("question"):
        if answer.question.key in yes:
            services.answer_update(user=world.owner, answer=answer, data={"answer": "yes"})
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
    return services.criterion_create(
        user=world.owner, account=account or world.account, data={"name": name, "weight": weight}
    )


def score(world, crit: BuyingCriterion, comp: Competitor | None, value: int | None):
    return services.offer_score_set(
        user=world.owner,
        criterion=crit,
        competitor_id=None if comp is None else comp.pk,
        score=value,
    )
