"""The portfolio of the "no leak through totals" tests (issue #19): eleven accounts, of
which the KAM `owner` sees three (world.account and two more they own) and the team
member and the viewer one (world.account); the other eight belong to the outsider."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from keyplan.accounts.models import Account
from tests.factories import AccountFactory


@dataclass
class Portfolio:
    mine: list[Account]  # the three accounts `owner` sees, world.account first
    theirs: list[Account]  # the eight the outsider owns (world.other_account first)

    @property
    def every(self) -> list[Account]:
        return self.mine + self.theirs


@pytest.fixture
def portfolio(world) -> Portfolio:
    mine = [world.account] + [AccountFactory(name=f"Mine {i}", owner=world.owner) for i in range(2)]
    theirs = [world.other_account] + [
        AccountFactory(name=f"Theirs {i}", owner=world.outsider) for i in range(7)
    ]
    return Portfolio(mine, theirs)
