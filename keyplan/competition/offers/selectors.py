"""Reads of the customer's buying criteria and the offers scored on them (seed 000). The
caller has already passed the access rule for the account
(keyplan.competition.access); the rules live in the feature's domain.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from keyplan.accounts.models import Account

from ..models import BuyingCriterion, Competitor, OfferScore, Presence
from . import domain


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


# --- buying criteria and offers -----------------------------------------------------------


def criteria_for_account(account: Account) -> QuerySet[BuyingCriterion]:
    return BuyingCriterion.objects.filter(account=account).order_by("position", "pk")


def _offers(account: Account, scores: list[OfferScore]) -> list[Competitor]:
    """The competitors whose offer is compared: those present at the account (by name),
    then the others scored on its criteria (by name)."""
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
    return present + sorted(
        (c for pk, c in competitors.items() if c not in present), key=lambda c: (c.name, c.pk)
    )


Matrix = dict[tuple[int, int | None], OfferScore]


def _columns(
    criteria: list[BuyingCriterion],
    facts: list[domain.Criterion],
    offers: list[Competitor],
    matrix: Matrix,
) -> list[OfferColumn]:
    """Our offer first, then each competitor's, with its weighted total and coverage."""
    columns = []
    for competitor in [None, *offers]:
        offer = None if competitor is None else competitor.pk
        values = {c.pk: matrix[(c.pk, offer)].score for c in criteria if (c.pk, offer) in matrix}
        result = domain.offer_total(facts, values, offer=offer)
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
    return columns


def _rows(
    criteria: list[BuyingCriterion],
    facts: list[domain.Criterion],
    columns: list[OfferColumn],
    matrix: Matrix,
) -> list[OfferRow]:
    """One row per criterion: its share of the weight, each offer's score, whether it is
    the top criterion and a unique advantage of ours."""
    shares = domain.normalised_weights(facts)
    top = domain.top_criterion(facts)
    rows = []
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
        rows.append(
            OfferRow(
                criterion=criterion,
                share=shares[criterion.pk],
                cells=cells,
                is_top=top is not None and top.id == criterion.pk,
                is_unique_advantage=domain.is_unique_advantage(
                    cells[0].value, [cell.value for cell in cells[1:]]
                ),
            )
        )
    return rows


def _radar(
    criteria: list[BuyingCriterion], columns: list[OfferColumn], rows: list[OfferRow]
) -> dict[str, Any]:
    return {
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


def offer_comparison(account: Account) -> OfferComparison:
    """Criteria with normalised weights, offers = ours + every competitor present or
    scored (present ones by name, then the others), the score matrix, weighted totals
    and coverage, unique advantages and the radar chart data; 3 queries."""
    criteria = list(criteria_for_account(account))
    scores = list(
        OfferScore.objects.filter(criterion__account=account).select_related("competitor")
    )
    matrix: Matrix = {(s.criterion_id, s.competitor_id): s for s in scores}
    facts = [
        domain.Criterion(id=c.pk, name=c.name, weight=c.weight, position=c.position)
        for c in criteria
    ]
    columns = _columns(criteria, facts, _offers(account, scores), matrix)
    rows = _rows(criteria, facts, columns, matrix)
    top = domain.top_criterion(facts)
    return OfferComparison(
        columns=columns,
        rows=rows,
        top_criterion=next((c for c in criteria if top and c.pk == top.id), None),
        unique_advantages=[row.criterion for row in rows if row.is_unique_advantage],
        radar=_radar(criteria, columns, rows),
    )


def _our_name() -> str:
    return _("Our offer")
