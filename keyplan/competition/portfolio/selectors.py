"""Reads of the competitors across the portfolio: where each is present among the
accounts a user sees."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser

from keyplan.accounts.access import visible_accounts
from keyplan.users.models import User

from ..assessments.domain import is_rising
from ..models import Competitor, Pillar, PillarRating, Presence


@dataclass(frozen=True, kw_only=True)
class CompetitorRow:
    """A competitor across the accounts `user` sees. `share_avg`: mean estimated
    share of spend (%) where known; `spend_by_currency`: the estimated spend it takes
    (share x the account's wallet estimate), per currency, where both are known."""

    competitor: Competitor
    accounts: int
    of_class: int
    incumbent: int
    share_avg: Decimal | None
    share_known: int
    spend_by_currency: dict[str, Decimal]
    support_rising: int


def portfolio_competition(
    user: User | AnonymousUser, *, account_class: str = "strategic"
) -> list[CompetitorRow]:
    """Per competitor, over the accounts `user` sees: accounts where it is present, of
    which of `account_class`, where incumbent, mean share of spend, the spend it takes
    per currency, and accounts where its support is rising. Competitors present nowhere
    visible are left out. Most accounts first, then by name; 3 queries."""
    presences = list(
        Presence.objects.filter(account__in=visible_accounts(user)).values_list(
            "pk",
            "competitor_id",
            "account__account_class",
            "is_incumbent",
            "share_of_spend",
            "account__wallet__category_spend",
            "account__wallet__currency",
        )
    )
    if not presences:
        return []
    presence_ids = [row[0] for row in presences]
    two: dict[int, list[int | None]] = defaultdict(list)
    for presence_id, score in (
        PillarRating.objects.filter(assessment__presence_id__in=presence_ids, pillar=Pillar.SUPPORT)
        .order_by("assessment__presence_id", "-assessment__assessed_on", "-assessment_id")
        .values_list("assessment__presence_id", "score")
    ):
        if len(two[presence_id]) < 2:
            two[presence_id].append(score)
    rising = {
        pid for pid, scores in two.items() if len(scores) == 2 and is_rising(*reversed(scores))
    }
    acc: dict[int, dict[str, Any]] = {}
    for pk, competitor_id, klass, incumbent, share, spend, currency in presences:
        row = acc.setdefault(
            competitor_id,
            {"accounts": 0, "of_class": 0, "incumbent": 0, "shares": [], "spend": {}, "rising": 0},
        )
        row["accounts"] += 1
        row["of_class"] += klass == account_class
        row["incumbent"] += bool(incumbent)
        row["rising"] += pk in rising
        if share is not None:
            row["shares"].append(share)
            if spend is not None and currency:
                row["spend"][currency] = row["spend"].get(currency, Decimal(0)) + (
                    Decimal(spend) * share / 100
                ).quantize(Decimal("0.01"))
    competitors = Competitor.objects.in_bulk(list(acc))
    result = [
        CompetitorRow(
            competitor=competitors[cid],
            accounts=row["accounts"],
            of_class=row["of_class"],
            incumbent=row["incumbent"],
            share_avg=(
                (sum(row["shares"]) / len(row["shares"])).quantize(Decimal("0.01"))
                if row["shares"]
                else None
            ),
            share_known=len(row["shares"]),
            spend_by_currency=dict(sorted(row["spend"].items())),
            support_rising=row["rising"],
        )
        for cid, row in acc.items()
    ]
    result.sort(key=lambda r: (-r.accounts, r.competitor.name, r.competitor.pk))
    return result
