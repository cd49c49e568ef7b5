"""The whitespace rule, without a database: size bands, peers and their relaxation,
penetration, spend, opportunity and the ranking."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyplan.economics.whitespace.domain import (
    INDUSTRY,
    INDUSTRY_COUNTRY,
    INDUSTRY_SIZE,
    INDUSTRY_SIZE_COUNTRY,
    PeerIndex,
    Purchases,
    analyse,
    rank_key,
    size_bands,
)

D = Decimal


def buyer(pk, country="PL", **lines) -> Purchases:
    return Purchases(pk, country, {line: D(str(amount)) for line, amount in lines.items()})


# --- size bands -----------------------------------------------------------------------------


def test_size_bands_are_thirds_of_the_buying_accounts():
    bands = size_bands({1: D(100), 2: D(200), 3: D(300), 4: D(0), 5: D(-5)})
    assert bands == {1: 0, 2: 1, 3: 2}  # no band without revenue


def test_ties_share_a_band():
    bands = size_bands({1: D(1), 2: D(5), 3: D(5), 4: D(5), 5: D(9), 6: D(9)})
    assert bands[2] == bands[3] == bands[4]
    assert bands[5] == bands[6]


@given(st.dictionaries(st.integers(1, 50), st.decimals(-100, 10_000, places=2), max_size=30))
def test_bands_are_0_to_2_and_never_fall_as_revenue_grows(revenues):
    bands = size_bands(revenues)
    assert set(bands) == {pk for pk, value in revenues.items() if value > 0}
    assert all(0 <= band <= 2 for band in bands.values())
    ranked = sorted(bands, key=lambda pk: revenues[pk])
    assert [bands[pk] for pk in ranked] == sorted(bands[pk] for pk in ranked)


# --- peers and the relaxation ---------------------------------------------------------------


def _industry(size: int, country="PL", **lines) -> list[Purchases]:
    return [buyer(pk, country, **lines) for pk in range(100, 100 + size)]


def test_the_full_rule_when_there_are_enough_peers():
    target = buyer(1, Pumps=1000)
    # 18 accounts of equal revenue: all in one band (ties), all in PL
    others = _industry(17, Pumps=600, Valves=400)
    result = analyse(target, PeerIndex([target, *others]))
    assert result.rule == INDUSTRY_SIZE_COUNTRY
    assert result.peer_count == 17  # never itself


def test_the_country_is_dropped_first_then_the_size_band():
    target = buyer(1, Pumps=1000)
    same_size_abroad = _industry(5, "DE", Pumps=1000)
    index = PeerIndex([target, *same_size_abroad])
    assert analyse(target, index).rule == INDUSTRY_SIZE
    # now make every other account far bigger or smaller: no band holds five peers
    small = [buyer(200 + n, "DE", Pumps=1) for n in range(3)]
    big = [buyer(300 + n, "DE", Pumps=10**6) for n in range(3)]
    relaxed = analyse(target, PeerIndex([target, *small, *big]))
    assert relaxed.rule == INDUSTRY and relaxed.peer_count == 6
    assert not relaxed.peers.few


def test_an_account_without_sales_has_no_band_and_keeps_the_country_first():
    target = Purchases(1, "PL", {})
    index = PeerIndex(_industry(5, Pumps=10))
    result = analyse(target, index)
    assert result.rule == INDUSTRY_COUNTRY and result.peers.band is None
    assert [line.product_line for line in result.lines] == ["Pumps"]
    assert result.lines[0].spend == 0 and result.lines[0].opportunity == 0  # ranked by share


def test_too_few_peers_is_said_and_no_peers_gives_nothing():
    target = buyer(1, Pumps=10)
    few = analyse(target, PeerIndex([target, buyer(2, Valves=5)]))
    assert few.rule == INDUSTRY and few.peers.few and few.peer_count == 1
    alone = analyse(target, PeerIndex([target]))
    assert alone.peer_count == 0 and alone.lines == []


# --- the lines ------------------------------------------------------------------------------


def test_spend_and_opportunity_follow_the_stated_formula():
    target = buyer(1, Pumps=1000)
    peers = [
        buyer(2, Pumps=1000, Valves=500, Seals=100),
        buyer(3, Pumps=1000, Valves=500),
        buyer(4, Pumps=1000, Valves=500),
        buyer(5, Pumps=1000),
        buyer(6, Pumps=1000),
        buyer(7, Pumps=1000),
        buyer(8, "DE", Pumps=100, Valves=100),
    ]
    result = analyse(target, PeerIndex([target, *peers]))
    valves, seals = result.lines
    assert valves.product_line == "Valves" and valves.buyers == 4 and valves.peers == 7
    assert valves.penetration == D("0.5714")
    assert valves.spend == D("205.1282")  # 1600 / 7800 x 1000
    assert valves.opportunity == D("117.2161")  # x 4/7, from the exact spend
    assert seals.spend == D("12.8205") and seals.opportunity == D("1.8315")


def test_ties_in_opportunity_are_ranked_by_penetration():
    target = Purchases(1, "PL", {})  # no revenue: every opportunity is zero
    peers = [buyer(10 + n, A=1, B=1) for n in range(3)] + [buyer(20 + n, B=1) for n in range(3)]
    result = analyse(target, PeerIndex(peers))
    assert [line.product_line for line in result.lines] == ["B", "A"]


def test_a_line_with_any_sale_is_not_whitespace_even_netted_to_zero():
    target = Purchases(1, "PL", {"Pumps": D(1000), "Valves": D(0)}, frozenset({"Seals"}))
    peers = [buyer(10 + n, Pumps=1000, Valves=100, Seals=10, Gears=5) for n in range(5)]
    result = analyse(target, PeerIndex([target, *peers]))
    assert [line.product_line for line in result.lines] == ["Gears"]


def test_sales_without_a_product_line_count_in_revenue_but_are_never_a_line():
    target = buyer(1, Pumps=100)
    peers = [Purchases(10 + n, "PL", {"": D(900), "Valves": D(100)}) for n in range(5)]
    result = analyse(target, PeerIndex([target, *peers]))
    assert [line.product_line for line in result.lines] == ["Valves"]
    assert result.lines[0].spend == D("10.0000")  # 100 / 1000 of their revenue x 100


LINES = st.sampled_from(["A", "B", "C", "D", ""])
PURCHASES = st.dictionaries(LINES, st.decimals(-50, 5000, places=4), max_size=5)


@given(
    st.lists(st.tuples(st.sampled_from(["PL", "DE", ""]), PURCHASES), max_size=25),
    PURCHASES,
    st.sampled_from(["PL", "DE", ""]),
)
def test_invariants(others, own, country):
    target = Purchases(1, country, own)
    accounts = [Purchases(10 + n, c, lines) for n, (c, lines) in enumerate(others)]
    result = analyse(target, PeerIndex([target, *accounts]))
    assert (
        result.peers.count == len([a for a in accounts if a.revenue > 0 and a.account_id != 1])
        or result.rule != INDUSTRY
    )
    for line in result.lines:
        assert 0 < line.penetration <= 1
        assert 0 < line.buyers <= line.peers == result.peer_count
        assert line.product_line and line.product_line not in own  # bought: never whitespace
        assert 0 <= line.opportunity <= line.spend
    assert result.lines == sorted(result.lines, key=rank_key)
