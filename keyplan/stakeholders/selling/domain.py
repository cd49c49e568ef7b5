"""Selling-time allocation, hunters and farmers (SPEC §2.1, §2.2; seed 001). PURE: no
database, no Django models; the selectors and services beside it feed it.

Allocation
    The minutes our people logged (time entries) are summed by the account's class.
    A share is a fraction 0..1 of the minutes with a known class (a group with no
    minutes has every share 0). Seed 001's norms are three: strategic (60%), regular
    (30%) and prospects (10%); suspects count with prospects, so the "prospects" share
    compared with its norm is prospect + suspect. The strategic norm is a minimum: only
    a strategic share below norm - tolerance is flagged (more time on the key accounts
    is what the norm asks for). The other two are "about" norms: a share further than
    the tolerance (percentage points) from its norm is flagged, except a share below
    its norm while the strategic share is above its minimum (the time went to the key
    accounts).

"Hunting instead of farming"
    Flagged when someone (or a team) with time logged spends more than
    norm_prospect + tolerance on prospects and suspects, OR less than
    norm_strategic - tolerance on strategic accounts: either the hunt eats the time
    the key accounts need, or the key accounts simply do not get it. Both bounds are
    strict (exactly on the bound is not flagged). No time logged: no flag.

Profile (hunter, farmer, unknown)
    Hunting time = time on prospects, suspects and new logos (accounts, of any class,
    whose first sale is recent: see `SellingSettings.new_logo_days`). Farming time =
    the rest: existing customers (strategic and regular accounts that are not new
    logos). Over the last 365 days:
    - under `profile_min_hours` hours logged: unknown (too little to judge);
    - hunting share >= hunter_share: hunter (checked first);
    - farming share >= farmer_share: farmer;
    - otherwise unknown (a mixed profile).

Reassignment suggestions
    A strategic account owned by a hunter (the profile in force: the manager's
    override, else the derived one) should go to a farmer. The candidates are the
    possible owners except the current owner and every hunter (a hunter is NEVER
    suggested), ranked: farmers before unknown profiles, then those below
    `max_strategic_per_kam` strategic accounts before those at or above it, then
    the fewest strategic accounts owned, then name and id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

STRATEGIC = "strategic"
REGULAR = "regular"
PROSPECT = "prospect"
SUSPECT = "suspect"
CLASSES: tuple[str, ...] = (STRATEGIC, REGULAR, PROSPECT, SUSPECT)
# The classes a norm speaks of: "prospect" covers prospects and suspects.
NORM_CLASSES: tuple[str, ...] = (STRATEGIC, REGULAR, PROSPECT)

HUNTER = "hunter"
FARMER = "farmer"
UNKNOWN = "unknown"

HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Norms:
    """Percentages (0-100) as in `SellingSettings`."""

    strategic: Decimal
    regular: Decimal
    prospect: Decimal
    tolerance: Decimal

    def of(self, account_class: str) -> Decimal:
        return {STRATEGIC: self.strategic, REGULAR: self.regular, PROSPECT: self.prospect}[
            account_class
        ]


@dataclass(frozen=True)
class Deviation:
    account_class: str  # strategic, regular or prospect (with suspects)
    share: Decimal  # percent 0-100
    norm: Decimal  # percent
    deviation: Decimal  # share - norm, percentage points
    flagged: bool  # outside the norm (module docstring)
    minimum: bool = False  # the norm is a minimum (strategic accounts)


@dataclass(frozen=True)
class Allocation:
    """Minutes by class of one person, team or everyone, with shares and flags."""

    key: str
    label: str
    minutes: Mapping[str, int]
    total: int
    shares: Mapping[str, Decimal]  # fractions 0..1 by class (CLASSES)
    deviations: tuple[Deviation, ...]
    hunting_instead_of_farming: bool

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.total) / 60).quantize(Decimal("0.1"))

    @property
    def prospect_share(self) -> Decimal:
        """Prospects and suspects together, fraction 0..1."""
        return self.shares[PROSPECT] + self.shares[SUSPECT]


def shares(minutes: Mapping[str, int]) -> dict[str, Decimal]:
    """Fractions 0..1 of the minutes by class (CLASSES; other keys are ignored). They sum
    to exactly 1 when any minutes were logged, else every share is 0."""
    counted = {cls: max(int(minutes.get(cls, 0) or 0), 0) for cls in CLASSES}
    total = sum(counted.values())
    if total == 0:
        return dict.fromkeys(CLASSES, ZERO)
    return {cls: Decimal(value) / Decimal(total) for cls, value in counted.items()}


def _percent_shares(fractions: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Percent by norm class: prospects with suspects."""
    return {
        STRATEGIC: fractions[STRATEGIC] * HUNDRED,
        REGULAR: fractions[REGULAR] * HUNDRED,
        PROSPECT: (fractions[PROSPECT] + fractions[SUSPECT]) * HUNDRED,
    }


def deviations(fractions: Mapping[str, Decimal], norms: Norms) -> tuple[Deviation, ...]:
    """Share vs norm for strategic, regular and prospects (with suspects)."""
    percent = _percent_shares(fractions)
    strategic_above = percent[STRATEGIC] > norms.strategic
    result = []
    for cls in NORM_CLASSES:
        norm = norms.of(cls)
        deviation = percent[cls] - norm
        result.append(
            Deviation(
                account_class=cls,
                share=percent[cls],
                norm=norm,
                deviation=deviation,
                flagged=is_flagged(cls, deviation, norms.tolerance, strategic_above),
                minimum=cls == STRATEGIC,
            )
        )
    return tuple(result)


def is_flagged(
    account_class: str, deviation: Decimal, tolerance: Decimal, strategic_above: bool
) -> bool:
    """A share outside its norm (module docstring): strategic below its minimum; the
    others further than the tolerance, a shortfall excused by strategic time above its
    minimum."""
    if account_class == STRATEGIC:
        return deviation < -tolerance
    if deviation < 0 and strategic_above:
        return False
    return abs(deviation) > tolerance


def hunting_instead_of_farming(fractions: Mapping[str, Decimal], norms: Norms) -> bool:
    """The flag (module docstring): False when no time was logged."""
    if not any(fractions.values()):
        return False
    percent = _percent_shares(fractions)
    return (
        percent[PROSPECT] > norms.prospect + norms.tolerance
        or percent[STRATEGIC] < norms.strategic - norms.tolerance
    )


def allocate(key: str, label: str, minutes: Mapping[str, int], norms: Norms) -> Allocation:
    fractions = shares(minutes)
    counted = {cls: max(int(minutes.get(cls, 0) or 0), 0) for cls in CLASSES}
    return Allocation(
        key=key,
        label=label,
        minutes=counted,
        total=sum(counted.values()),
        shares=fractions,
        deviations=deviations(fractions, norms),
        hunting_instead_of_farming=hunting_instead_of_farming(fractions, norms),
    )


def combine(key: str, label: str, parts: Iterable[Allocation], norms: Norms) -> Allocation:
    """One allocation over several (a team, everyone): the minutes add up."""
    minutes = dict.fromkeys(CLASSES, 0)
    for part in parts:
        for cls in CLASSES:
            minutes[cls] += part.minutes.get(cls, 0)
    return allocate(key, label, minutes, norms)


# --- profiles ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileRule:
    """Thresholds as in `SellingSettings`: percentages and hours."""

    hunter_share: Decimal
    farmer_share: Decimal
    min_hours: int


@dataclass(frozen=True)
class DerivedProfile:
    profile: str
    reason: str  # "too_little_time", "hunting", "farming" or "mixed"
    total_minutes: int
    hunting_minutes: int
    farming_minutes: int
    hunting_share: Decimal  # percent 0-100
    farming_share: Decimal  # percent 0-100

    def evidence(self) -> dict:
        """JSON-ready figures for `SalesProfile.derived_from`."""
        return {
            "reason": self.reason,
            "hours": str((Decimal(self.total_minutes) / 60).quantize(Decimal("0.1"))),
            "minutes": self.total_minutes,
            "hunting_minutes": self.hunting_minutes,
            "farming_minutes": self.farming_minutes,
            "hunting_share": str(self.hunting_share.quantize(Decimal("0.1"))),
            "farming_share": str(self.farming_share.quantize(Decimal("0.1"))),
        }


def derive_profile(hunting_minutes: int, farming_minutes: int, rule: ProfileRule) -> DerivedProfile:
    """Hunter, farmer or unknown from a year's hunting and farming minutes (docstring)."""
    hunting = max(int(hunting_minutes), 0)
    farming = max(int(farming_minutes), 0)
    total = hunting + farming
    if total:
        hunting_share = Decimal(hunting) * HUNDRED / Decimal(total)
        farming_share = HUNDRED - hunting_share
    else:
        hunting_share = farming_share = ZERO
    if total < rule.min_hours * 60 or total == 0:
        profile, reason = UNKNOWN, "too_little_time"
    elif hunting_share >= rule.hunter_share:
        profile, reason = HUNTER, "hunting"
    elif farming_share >= rule.farmer_share:
        profile, reason = FARMER, "farming"
    else:
        profile, reason = UNKNOWN, "mixed"
    return DerivedProfile(
        profile=profile,
        reason=reason,
        total_minutes=total,
        hunting_minutes=hunting,
        farming_minutes=farming,
        hunting_share=hunting_share,
        farming_share=farming_share,
    )


# --- reassignment --------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    profile: str  # the profile in force
    strategic_owned: int


@dataclass(frozen=True)
class OwnedAccount:
    id: int
    name: str
    owner_id: int


@dataclass(frozen=True)
class Candidate:
    user_id: int
    name: str
    profile: str
    strategic_owned: int
    below_max: bool


@dataclass(frozen=True)
class Reassignment:
    account_id: int
    account_name: str
    owner_id: int
    owner_name: str
    candidates: tuple[Candidate, ...]


def rank_candidates(
    people: Iterable[Person], *, exclude: int | None, max_strategic: int, limit: int | None = 3
) -> tuple[Candidate, ...]:
    """Possible new owners, best first (module docstring); never a hunter."""
    ranked = sorted(
        (p for p in people if p.profile != HUNTER and p.id != exclude),
        key=lambda p: (
            0 if p.profile == FARMER else 1,
            0 if p.strategic_owned < max_strategic else 1,
            p.strategic_owned,
            p.name.casefold(),
            p.id,
        ),
    )
    chosen = ranked if limit is None else ranked[:limit]
    return tuple(
        Candidate(
            user_id=p.id,
            name=p.name,
            profile=p.profile,
            strategic_owned=p.strategic_owned,
            below_max=p.strategic_owned < max_strategic,
        )
        for p in chosen
    )


def reassignments(
    accounts: Sequence[OwnedAccount],
    people: Sequence[Person],
    *,
    max_strategic: int,
    candidates: Sequence[Person] | None = None,
    limit: int | None = 3,
) -> list[Reassignment]:
    """For every strategic account (`accounts`) owned by a hunter: the ranked candidates.

    `people` are the owners with their profile in force and the number of strategic
    accounts they own (an owner missing from `people` is not a hunter); `candidates`
    (default: `people`) are those who may take an account over."""
    by_id = {p.id: p for p in people}
    pool = people if candidates is None else candidates
    result = []
    for account in accounts:
        owner = by_id.get(account.owner_id)
        if owner is None or owner.profile != HUNTER:
            continue
        result.append(
            Reassignment(
                account_id=account.id,
                account_name=account.name,
                owner_id=owner.id,
                owner_name=owner.name,
                candidates=rank_candidates(
                    pool, exclude=owner.id, max_strategic=max_strategic, limit=limit
                ),
            )
        )
    return result
