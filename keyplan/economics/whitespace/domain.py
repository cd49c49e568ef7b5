"""Whitespace (SPEC §10; seed 003, stage 4: anticipate needs): the product lines that
similar accounts buy from us and this one does not, ranked by what they are worth. Pure:
purchases in, ranked lines out (Decimal, exact until rounded to four places).

The rule, as the page states it:

- The period is the 12 months up to the latest sales month. An account *buys* a product
  line when its net revenue on the line over the period is positive; a line on which this
  account had any sale at all (even netted to zero by a credit note) is never whitespace.
- Size band: small, medium or large, the lower, middle or upper third of the accounts of
  the same industry that bought from us over the period, by that revenue (our revenue
  from them, in the base currency; ties share a band). An account that bought nothing has
  no band.
- Peers: the other accounts of the same industry, size band and country that bought from
  us over the period. With fewer than MIN_PEERS of them, the country is dropped, then the
  size band (an account without a band starts at industry and country); the rule used is
  reported, and so is a pool still below the minimum.
- Peer penetration: the share of the peers that buy the line (0 to 1).
- Spend of a peer of this size: what the peers together spend on the line, as a share of
  all they buy from us, times what this account bought from us over the period.
- Opportunity = penetration × that spend. Ranked by opportunity, ties by penetration, then
  by the line's name.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

ZERO = Decimal(0)
FOURTH = Decimal("0.0001")  # money and shares: four places, rounded half up
MIN_PEERS = 5
BANDS = 3  # small, medium, large

INDUSTRY_SIZE_COUNTRY = "industry_size_country"
INDUSTRY_SIZE = "industry_size"
INDUSTRY_COUNTRY = "industry_country"  # only for an account without a size band
INDUSTRY = "industry"
RULES = (INDUSTRY_SIZE_COUNTRY, INDUSTRY_SIZE, INDUSTRY_COUNTRY, INDUSTRY)


def _fourth(value: Decimal) -> Decimal:
    return value.quantize(FOURTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Purchases:
    """What one account bought from us over the period, in the base currency."""

    account_id: int
    country: str
    lines: Mapping[str, Decimal]  # product line -> net revenue; "" = sales without a line
    unconverted: frozenset[str] = frozenset()  # lines bought in a currency without a rate
    revenue: Decimal = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "revenue", sum(self.lines.values(), ZERO))

    def buys(self, line: str) -> bool:
        return bool(line) and self.lines.get(line, ZERO) > 0

    @property
    def touched(self) -> frozenset[str]:
        """Every line it had a sale on: never whitespace for it."""
        return frozenset(self.lines) | self.unconverted


def size_bands(revenues: Mapping[int, Decimal]) -> dict[int, int]:
    """Account id -> 0 (small), 1 (medium) or 2 (large): the third of the accounts with a
    positive revenue that its revenue falls in. Accounts below it count; ties share a band,
    so a band never decreases as revenue grows. Accounts without revenue get none."""
    positive = sorted(value for value in revenues.values() if value > 0)
    count = len(positive)
    return {
        pk: bisect_left(positive, value) * BANDS // count
        for pk, value in revenues.items()
        if value > 0
    }


@dataclass
class Pool:
    """The peers as an anonymous aggregate: how many, what they bought in total, and per
    line how many buy it and what they spend on it. No account is named in it."""

    peers: int = 0
    revenue: Decimal = ZERO
    buyers: dict[str, int] = field(default_factory=dict)
    spend: dict[str, Decimal] = field(default_factory=dict)

    def add(self, purchases: Purchases, sign: int = 1) -> None:
        self.peers += sign
        self.revenue += sign * purchases.revenue
        for line, amount in purchases.lines.items():
            if line and amount > 0:
                self.buyers[line] = self.buyers.get(line, 0) + sign
                self.spend[line] = self.spend.get(line, ZERO) + sign * amount

    def without(self, purchases: Purchases) -> Pool:
        """This pool less one of its members (an account is never its own peer)."""
        rest = Pool(self.peers, self.revenue, dict(self.buyers), dict(self.spend))
        rest.add(purchases, -1)
        return rest


@dataclass(frozen=True)
class Peers:
    rule: str  # one of RULES
    band: int | None  # this account's size band (None: it bought nothing)
    pool: Pool
    few: bool  # below MIN_PEERS even after every relaxation

    @property
    def count(self) -> int:
        return self.pool.peers


class PeerIndex:
    """The pools of one industry's buying accounts, by size band and country, built once
    so that the peers of any account of the industry are a lookup and a subtraction."""

    def __init__(self, purchases: Iterable[Purchases]) -> None:
        members = [p for p in purchases if p.revenue > 0]
        self.bands = size_bands({p.account_id: p.revenue for p in members})
        self.pools: dict[tuple, Pool] = {}
        for member in members:
            band, country = self.bands[member.account_id], member.country
            keys = [(INDUSTRY_SIZE, band, ""), (INDUSTRY, None, "")]
            if country:
                keys += [(INDUSTRY_SIZE_COUNTRY, band, country), (INDUSTRY_COUNTRY, None, country)]
            for key in keys:
                self.pools.setdefault(key, Pool()).add(member)

    @staticmethod
    def _keys(band: int | None, country: str) -> list[tuple]:
        """The pools an account with `band` and `country` is looked up in, narrowest
        first: the relaxation order (country first, then the size band)."""
        keys: list[tuple] = []
        if band is not None:
            if country:
                keys.append((INDUSTRY_SIZE_COUNTRY, band, country))
            keys.append((INDUSTRY_SIZE, band, ""))
        elif country:
            keys.append((INDUSTRY_COUNTRY, None, country))
        keys.append((INDUSTRY, None, ""))
        return keys

    def peers_for(self, target: Purchases, *, minimum: int = MIN_PEERS) -> Peers:
        band = self.bands.get(target.account_id)
        member = band is not None
        pool = Pool()
        key: tuple = (INDUSTRY, None, "")
        for key in self._keys(band, target.country):
            pool = self.pools.get(key, Pool())
            if member:  # it sits in each of its own pools: take it out
                pool = pool.without(target)
            if pool.peers >= minimum:
                return Peers(key[0], band, pool, few=False)
        return Peers(key[0], band, pool, few=True)


@dataclass(frozen=True)
class Opportunity:
    product_line: str
    buyers: int  # peers that buy the line
    peers: int
    spend: Decimal  # what a peer of this account's size spends on it over the period
    opportunity: Decimal  # penetration × spend

    @property
    def penetration(self) -> Decimal:
        """The share of the peers that buy the line, 0 to 1, at four places."""
        return _fourth(Decimal(self.buyers) / Decimal(self.peers))


def rank_key(item: Opportunity) -> tuple:
    return (
        -item.opportunity,
        -Fraction(item.buyers, item.peers),
        item.product_line.casefold(),
        item.product_line,
    )


def opportunities(target: Purchases, peers: Peers) -> list[Opportunity]:
    """The lines the peers buy and `target` had no sale on, ranked (see the module)."""
    pool = peers.pool
    owned = target.touched
    revenue = max(target.revenue, ZERO)
    found = []
    with localcontext() as ctx:
        ctx.prec = 40
        for line, buyers in pool.buyers.items():
            if buyers <= 0 or not line or line in owned:
                continue
            spend = pool.spend[line] * revenue / pool.revenue if pool.revenue > 0 else ZERO
            worth = spend * buyers / pool.peers
            found.append(Opportunity(line, buyers, pool.peers, _fourth(spend), _fourth(worth)))
    return sorted(found, key=rank_key)


@dataclass(frozen=True)
class Whitespace:
    """One account's whitespace: the rule its peers were found by, and the ranked lines."""

    peers: Peers
    revenue: Decimal  # what this account bought over the period
    lines: list[Opportunity]

    @property
    def rule(self) -> str:
        return self.peers.rule

    @property
    def peer_count(self) -> int:
        return self.peers.count


def analyse(target: Purchases, index: PeerIndex, *, minimum: int = MIN_PEERS) -> Whitespace:
    peers = index.peers_for(target, minimum=minimum)
    lines = opportunities(target, peers) if peers.count else []
    return Whitespace(peers, target.revenue, lines)
