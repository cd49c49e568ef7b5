"""The competitors across the portfolio, scoped to what the user sees."""

from __future__ import annotations

import pytest

from keyplan.competition.portfolio.selectors import portfolio_competition
from tests.factories import AccountFactory

from ..core_support import competitor, presence

pytestmark = pytest.mark.django_db


def test_portfolio_competition_scoped(world):
    borex = competitor(world, "Borex")
    presence(world, borex, is_incumbent=True, share_of_spend=40)
    presence(world, borex, account=AccountFactory(owner=world.outsider), share_of_spend=20)
    rows = portfolio_competition(world.owner)
    assert [(r.competitor.name, r.accounts, r.of_class, r.incumbent) for r in rows] == [
        ("Borex", 1, 1, 1)
    ]
    [row] = portfolio_competition(world.director)
    assert row.accounts == 2 and str(row.share_avg) == "30.00"
    assert portfolio_competition(world.portal) == []
