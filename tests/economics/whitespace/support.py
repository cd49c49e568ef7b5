"""A small manufacturing industry for the whitespace tests (every sale in May 2026, so the
period is June 2025 - May 2026).

world.account (PL, the owner's): Pumps 1000.
Six peers in PL, owned by the outsider (the owner may not see them):
  Peer 1: Pumps 1000, Valves 500, Seals 100; Peers 2-3: Pumps 1000, Valves 500;
  Peers 4-6: Pumps 1000.
world.other_account (DE, the outsider's): Pumps 100, Valves 100.

Size bands over the 8 buying accounts: the 200 and the 1000s small, the 1500s medium,
the 1600 large; no band has 5 peers, so the rule falls back to the industry: 7 peers.
Valves: 4 of 7 buy it; spend 1600 / 7800 x 1000 = 205.1282; opportunity x 4/7 = 117.2161.
Seals: 1 of 7; spend 100 / 7800 x 1000 = 12.8205; opportunity x 1/7 = 1.8315.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from keyplan.plans.models import AccountPlan
from keyplan.sales.models import MonthlyRollup
from tests.factories import AccountFactory

MAY = date(2026, 5, 1)


def sale(account, line, revenue, *, month=MAY, currency="PLN") -> None:
    MonthlyRollup.objects.create(
        account=account,
        month=month,
        product_line=line,
        currency=currency,
        revenue=Decimal(revenue),
        cost=Decimal(0),
        lines=1,
    )


def industry(world) -> list:
    sale(world.account, "Pumps", "1000")
    peers = [
        AccountFactory(name=f"Hidden Peer {n}", owner=world.outsider, country="PL")
        for n in range(1, 7)
    ]
    for peer in peers:
        sale(peer, "Pumps", "1000")
    for peer in peers[:3]:
        sale(peer, "Valves", "500")
    sale(peers[0], "Seals", "100")
    sale(world.other_account, "Pumps", "100")
    sale(world.other_account, "Valves", "100")
    return peers


def plan(world, *, state="draft") -> AccountPlan:
    return AccountPlan.objects.create(
        account=world.account,
        period="FY2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        state=state,
    )
