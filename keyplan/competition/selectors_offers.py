"""Reads of the customer's buying criteria and the offers scored on them, the account
alerts and the competitors across the portfolio. Re-exported by
keyplan.competition.selectors (import from there); the same conventions apply.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account

from . import domain
from .models import BuyingCriterion, Competitor, OfferScore, Pillar, PillarRating, Presence

if TYPE_CHECKING:
    from keyplan.users.models import User


@dataclass(frozen=True, kw_only=True)
class OfferColumn:
    """One offer: ours (`competitor` None, key "us") or a competitor's (key "c<id>")."""

    key: str
    competitor: Competitor | None
    name: str
    total: Decimal | None
    coverage: Decimal
    scored: int

    @property
    def is_ours(self) -> bool:
        return self.competitor is None


@dataclass(frozen=True, kw_only=True)
class OfferCell:
    column: str
    competitor_id: int | None
    score: OfferScore | None

    @property
    def value(self) -> int | None:
        return None if self.score is None else self.score.score


@dataclass(frozen=True, kw_only=True)
class OfferRow:
    criterion: BuyingCriterion
    share: Decimal  # normalised weight, 0-1
    cells: list[OfferCell]  # in the columns' order
    is_top: bool
    is_unique_advantage: bool


@dataclass(frozen=True, kw_only=True)
class OfferComparison:
    columns: list[OfferColumn]
    rows: list[OfferRow]
    top_criterion: BuyingCriterion | None
    unique_advantages: list[BuyingCriterion]
    radar: dict[str, Any]  # {"indicators": [{"name", "max"}], "series": [{"name", "value"}]}


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


# --- buying criteria and offers -----------------------------------------------------------


def criteria_for_account(account: Account) -> QuerySet[BuyingCriterion]:
    return BuyingCriterion.objects.filter(account=account).order_by("position", "pk")


def offer_comparison(account: Account) -> OfferComparison:
    """Criteria with normalised weights, offers = ours + every competitor present or
    scored (present ones by name, then the others), the score matrix, weighted totals
    and coverage, unique advantages and the radar chart data; 3 queries."""
    criteria = list(criteria_for_account(account))
    scores = list(
        OfferScore.objects.filter(criterion__account=account).select_related("competitor")
    )
    present = [
        p.competitor
        for p in Presence.objects.filter(account=account)
        .select_related("competitor")
        .order_by("competitor__name", "pk")
    ]
    competitors = {c.pk: c for c in present}
    for score in scores:
        if score.competitor is not None and score.competitor_id not in competitors:
            competitors[score.competitor.pk] = score.competitor
    ordered = present + sorted(
        (c for pk, c in competitors.items() if c not in present), key=lambda c: (c.name, c.pk)
    )
    matrix: dict[tuple[int, int | None], OfferScore] = {
        (s.criterion_id, s.competitor_id): s for s in scores
    }
    facts = [
        domain.Criterion(id=c.pk, name=c.name, weight=c.weight, position=c.position)
        for c in criteria
    ]
    shares = domain.normalised_weights(facts)
    top = domain.top_criterion(facts)

    def total_for(offer: int | None) -> domain.OfferTotal:
        values = {c.pk: matrix[(c.pk, offer)].score for c in criteria if (c.pk, offer) in matrix}
        return domain.offer_total(facts, values, offer=offer)

    columns = []
    for competitor in [None, *ordered]:
        offer = None if competitor is None else competitor.pk
        result = total_for(offer)
        columns.append(
            OfferColumn(
                key="us" if competitor is None else f"c{competitor.pk}",
                competitor=competitor,
                name=_our_name() if competitor is None else competitor.name,
                total=result.total,
                coverage=result.coverage,
                scored=result.scored,
            )
        )
    rows = []
    advantages = []
    for criterion in criteria:
        cells = [
            OfferCell(
                column=col.key,
                competitor_id=None if col.competitor is None else col.competitor.pk,
                score=matrix.get(
                    (criterion.pk, None if col.competitor is None else col.competitor.pk)
                ),
            )
            for col in columns
        ]
        ours = cells[0].value
        unique = domain.is_unique_advantage(ours, [cell.value for cell in cells[1:]])
        if unique:
            advantages.append(criterion)
        rows.append(
            OfferRow(
                criterion=criterion,
                share=shares[criterion.pk],
                cells=cells,
                is_top=top is not None and top.id == criterion.pk,
                is_unique_advantage=unique,
            )
        )
    radar = {
        "indicators": [{"name": c.name, "max": 5} for c in criteria],
        "series": [
            {
                "name": col.name,
                "ours": col.is_ours,
                "value": [row.cells[i].value for row in rows],
            }
            for i, col in enumerate(columns)
        ],
    }
    return OfferComparison(
        columns=columns,
        rows=rows,
        top_criterion=next((c for c in criteria if top and c.pk == top.id), None),
        unique_advantages=advantages,
        radar=radar,
    )


def _our_name() -> str:
    return _("Our offer")


# --- alerts -------------------------------------------------------------------------------


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
        domain.Criterion(id=c.pk, name=c.name, weight=c.weight, position=c.position)
        for c in criteria_for_account(account)
    ]
    top = domain.top_criterion(facts)
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


# --- portfolio ----------------------------------------------------------------------------


def portfolio_competition(user: User, *, account_class: str = "strategic") -> list[CompetitorRow]:
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
        pid
        for pid, scores in two.items()
        if len(scores) == 2 and domain.is_rising(*reversed(scores))
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
