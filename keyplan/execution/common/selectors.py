"""Reads shared by several execution features: the competition alerts of many accounts
at once (the my-work page's accounts and the review pack)."""

from __future__ import annotations

from collections import defaultdict

from keyplan.competition.alerts import domain as competition_domain
from keyplan.competition.models import BuyingCriterion, OfferScore, Pillar, PillarRating
from keyplan.competition.offers import domain as offers_domain


def competition_alerts(account_ids: list[int]) -> dict[int, list[competition_domain.Alert]]:
    """keyplan.competition's account_alerts for many accounts at once (3 queries): the
    same facts read in bulk and the same rules (competition.alerts.domain.alerts) applied."""
    if not account_ids:
        return {}
    two: dict[int, list[int | None]] = defaultdict(list)
    presence_of: dict[int, tuple[int, int, str]] = {}
    for account_id, presence_id, competitor_id, name, score in (
        PillarRating.objects.filter(
            assessment__presence__account_id__in=account_ids, pillar=Pillar.SUPPORT
        )
        .order_by("assessment__presence_id", "-assessment__assessed_on", "-assessment_id")
        .values_list(
            "assessment__presence__account_id",
            "assessment__presence_id",
            "assessment__presence__competitor_id",
            "assessment__presence__competitor__name",
            "score",
        )
    ):
        presence_of[presence_id] = (account_id, competitor_id, name)
        if len(two[presence_id]) < 2:
            two[presence_id].append(score)
    trends: dict[int, list[competition_domain.SupportTrend]] = defaultdict(list)
    for presence_id, scores in sorted(two.items(), key=lambda item: presence_of[item[0]][2]):
        account_id, competitor_id, name = presence_of[presence_id]
        trends[account_id].append(
            competition_domain.SupportTrend(
                competitor_id=competitor_id,
                competitor=name,
                latest=scores[0],
                previous=scores[1] if len(scores) > 1 else None,
            )
        )
    criteria: dict[int, list[offers_domain.Criterion]] = defaultdict(list)
    for account_id, pk, name, weight, position in (
        BuyingCriterion.objects.filter(account_id__in=account_ids)
        .order_by("position", "pk")
        .values_list("account_id", "pk", "name", "weight", "position")
    ):
        criteria[account_id].append(
            offers_domain.Criterion(id=pk, name=name, weight=weight, position=position)
        )
    tops = {
        account_id: top
        for account_id, found in criteria.items()
        if (top := offers_domain.top_criterion(found)) is not None
    }
    ours: dict[int, int] = {}
    theirs: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for criterion_id, competitor_id, name, score in (
        OfferScore.objects.filter(criterion_id__in=[top.id for top in tops.values()])
        .order_by("competitor__name")
        .values_list("criterion_id", "competitor_id", "competitor__name", "score")
    ):
        if competitor_id is None:
            ours[criterion_id] = score
        else:
            theirs[criterion_id].append((competitor_id, name, score))
    found_alerts = {}
    for account_id in account_ids:
        top = tops.get(account_id)
        found_alerts[account_id] = competition_domain.alerts(
            support=trends.get(account_id, []),
            top=top,
            our_score=ours.get(top.id) if top else None,
            their_scores=theirs.get(top.id, []) if top else [],
        )
    return found_alerts
