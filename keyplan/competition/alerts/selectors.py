"""Reads of an account's competition alerts (keyplan.execution reads them for many
accounts at once with the same rules). The caller has already passed the access rule
for the account (keyplan.competition.access)."""

from __future__ import annotations

from collections import defaultdict

from keyplan.accounts.models import Account

from ..models import OfferScore, Pillar, PillarRating
from ..offers import domain as offers_domain
from ..offers.selectors import criteria_for_account
from . import domain


def account_alerts(account: Account) -> list[domain.Alert]:
    """Support rising at any competitor present, and competitors ahead of us on the
    customer's top criterion; 4 queries (support scores of every assessment, presences
    are read with them)."""
    ratings = (
        PillarRating.objects.filter(assessment__presence__account=account, pillar=Pillar.SUPPORT)
        .order_by("assessment__presence_id", "-assessment__assessed_on", "-assessment_id")
        .values_list(
            "assessment__presence_id",
            "assessment__presence__competitor_id",
            "assessment__presence__competitor__name",
            "score",
        )
    )
    two: dict[int, list[int | None]] = defaultdict(list)
    names: dict[int, tuple[int, str]] = {}
    for presence_id, competitor_id, name, score in ratings:
        names[presence_id] = (competitor_id, name)
        if len(two[presence_id]) < 2:
            two[presence_id].append(score)
    trends = [
        domain.SupportTrend(
            competitor_id=names[pid][0],
            competitor=names[pid][1],
            latest=scores[0],
            previous=scores[1] if len(scores) > 1 else None,
        )
        for pid, scores in sorted(two.items(), key=lambda item: names[item[0]][1])
    ]
    facts = [
        offers_domain.Criterion(id=c.pk, name=c.name, weight=c.weight, position=c.position)
        for c in criteria_for_account(account)
    ]
    top = offers_domain.top_criterion(facts)
    ours: int | None = None
    theirs: list[tuple[int, str, int]] = []
    if top is not None:
        for competitor_id, name, score in (
            OfferScore.objects.filter(criterion_id=top.id)
            .order_by("competitor__name")
            .values_list("competitor_id", "competitor__name", "score")
        ):
            if competitor_id is None:
                ours = score
            else:
                theirs.append((competitor_id, name, score))
    return domain.alerts(support=trends, top=top, our_score=ours, their_scores=theirs)
