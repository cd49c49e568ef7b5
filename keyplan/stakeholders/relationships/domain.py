"""Pure rules of the zipper (SPEC §2.3, seeds 000 and 001): who on our side is linked to
whom on theirs, at which levels, and what makes an account's relationships fragile.

No ORM here: plain facts in (`ContactFacts`, `LinkFacts`, participation counts), frozen
dataclasses out. Every ordering is deterministic (ties broken by id).

Levels
    Their level is the contact's `level` ("" when not set). Our level is derived from the
    user's role, so that no new field is needed: administrators and directors sit at
    "executive", key account managers at "senior_manager", account team members at
    "manager", read-only viewers (and anyone else) at "specialist" (`our_level`).

Coverage matrix
    Rows: their levels (executive .. specialist, then "not set" when some contact has no
    level); columns: our four levels. A cell counts the links between a contact at that
    row's level and one of our people at that column's level, and how many of them are
    strong (strength >= `strong_link_strength`). The "peer" cell of a row is the one
    where both levels are the same (the zipper pairs peers). A row is a *gap* when it
    has contacts but its peer cell has no link: nobody of ours talks to that level as a
    peer. A row whose contacts have no link at all is *unreached* (a stronger gap). The
    "not set" row has no peer cell and is never a gap.

Risks (`assess`), each a frozen `Risk` with a code, a severity and the figures:
    - `no_links` (high): the account has no link at all.
    - `single_thread` (high): on one side (ours or theirs), one person holds more than
      `single_thread_share` percent of the links, or of the participations in the
      interactions of the window (the last `INTERACTION_WINDOW_DAYS` days; the caller
      counts them). A person's share is their links (participations) over all links
      (participations) of that side, so the shares of a side sum to 100%. Judged only
      from `MIN_TO_JUDGE` links (interactions) up: one link or one meeting says too
      little, and "no links" covers the empty account. The same person flagged on
      both bases is reported once, on links.
    - `key_unlinked` (high): a key stakeholder (authority or influence >=
      `key_stakeholder_level`) without any link of strength >= `strong_link_strength`.
    - `key_stale` (medium): a key stakeholder not reached for more than `freshness_days`
      days (by `last_contact_on`); never reached counts as stale. One risk per key
      stakeholder: one already reported as `key_unlinked` is not reported again as stale
      (that risk carries `last_contact_on` and `days` instead), so an unreached key
      person is listed once, not twice.
    Risks are sorted by severity (high first), then code, then the person's name and id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

EXECUTIVE = "executive"
SENIOR_MANAGER = "senior_manager"
MANAGER = "manager"
SPECIALIST = "specialist"
LEVELS: tuple[str, ...] = (EXECUTIVE, SENIOR_MANAGER, MANAGER, SPECIALIST)
NOT_SET = ""

# Our level from the role (see the module docstring): no extra field on the user.
OUR_LEVEL_BY_ROLE: Mapping[str, str] = {
    "admin": EXECUTIVE,
    "director": EXECUTIVE,
    "kam": SENIOR_MANAGER,
    "team": MANAGER,
    "viewer": SPECIALIST,
}

MIN_TO_JUDGE = 2
INTERACTION_WINDOW_DAYS = 365

HIGH = "high"
MEDIUM = "medium"
SEVERITY_ORDER: Mapping[str, int] = {HIGH: 0, MEDIUM: 1}

NO_LINKS = "no_links"
SINGLE_THREAD = "single_thread"
KEY_UNLINKED = "key_unlinked"
KEY_STALE = "key_stale"
RISK_CODES: tuple[str, ...] = (NO_LINKS, SINGLE_THREAD, KEY_UNLINKED, KEY_STALE)

OURS = "ours"
THEIRS = "theirs"
LINKS = "links"
INTERACTIONS = "interactions"

HUNDRED = Decimal(100)

__all__ = [
    "LEVELS",
    "OUR_LEVEL_BY_ROLE",
    "ContactFacts",
    "Coverage",
    "CoverageCell",
    "CoverageRow",
    "LinkFacts",
    "Participations",
    "Risk",
    "Thresholds",
    "assess",
    "coverage",
    "our_level",
    "shares",
]


def our_level(role: str) -> str:
    """The level one of our people works at, from their role (specialist by default)."""
    return OUR_LEVEL_BY_ROLE.get(role, SPECIALIST)


@dataclass(frozen=True)
class Thresholds:
    """The risk thresholds of `SellingSettings` (share in percent, 0-100)."""

    single_thread_share: Decimal = Decimal(70)
    key_stakeholder_level: int = 4
    strong_link_strength: int = 3
    freshness_days: int = 90


@dataclass(frozen=True)
class ContactFacts:
    id: int
    name: str
    level: str = NOT_SET
    authority: int | None = None
    influence: int | None = None
    last_contact_on: date | None = None

    def is_key(self, level: int) -> bool:
        return (self.authority or 0) >= level or (self.influence or 0) >= level


@dataclass(frozen=True)
class LinkFacts:
    contact_id: int
    user_id: int
    strength: int
    our_level: str = SPECIALIST


@dataclass(frozen=True)
class Participations:
    """Interactions of the window and how many of them each person took part in."""

    interactions: int = 0
    ours: Mapping[int, int] = field(default_factory=dict)
    theirs: Mapping[int, int] = field(default_factory=dict)


def shares(counts: Mapping[int, int]) -> dict[int, Decimal]:
    """Each person's count over the total, in percent; {} when the total is 0. The shares
    sum to 100 (up to Decimal rounding at 28 digits)."""
    total = sum(value for value in counts.values() if value > 0)
    if total == 0:
        return {}
    return {key: HUNDRED * value / total for key, value in counts.items() if value > 0}


# --- coverage matrix -----------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageCell:
    their_level: str
    our_level: str
    links: int
    strong: int
    is_peer: bool


@dataclass(frozen=True)
class CoverageRow:
    level: str
    contacts: int
    reached: int  # contacts of this level with at least one link
    cells: tuple[CoverageCell, ...]

    @property
    def links(self) -> int:
        return sum(cell.links for cell in self.cells)

    @property
    def peer(self) -> CoverageCell | None:
        return next((cell for cell in self.cells if cell.is_peer), None)

    @property
    def is_gap(self) -> bool:
        """Contacts at this level, and no peer-level link to them."""
        peer = self.peer
        return self.contacts > 0 and peer is not None and peer.links == 0

    @property
    def is_unreached(self) -> bool:
        return self.contacts > 0 and self.reached == 0


@dataclass(frozen=True)
class Coverage:
    rows: tuple[CoverageRow, ...]
    our_levels: tuple[str, ...]
    links: int
    contacts: int
    reached: int

    @property
    def gaps(self) -> tuple[CoverageRow, ...]:
        return tuple(row for row in self.rows if row.is_gap)

    @property
    def unreached(self) -> tuple[CoverageRow, ...]:
        return tuple(row for row in self.rows if row.is_unreached)


def coverage(
    contacts: Iterable[ContactFacts], links: Iterable[LinkFacts], *, strong_link_strength: int
) -> Coverage:
    """The matrix their levels x our levels (see the module docstring). Links to contacts
    not among `contacts` are ignored."""
    by_id = {contact.id: contact for contact in contacts}
    levels_present = {contact.level or NOT_SET for contact in by_id.values()}
    row_levels = [*LEVELS, *([NOT_SET] if NOT_SET in levels_present else [])]
    counts: Counter[tuple[str, str]] = Counter()
    strong: Counter[tuple[str, str]] = Counter()
    reached_ids: set[int] = set()
    total_links = 0
    for link in links:
        contact = by_id.get(link.contact_id)
        if contact is None:
            continue
        ours = link.our_level if link.our_level in LEVELS else SPECIALIST
        key = (contact.level or NOT_SET, ours)
        counts[key] += 1
        if link.strength >= strong_link_strength:
            strong[key] += 1
        reached_ids.add(contact.id)
        total_links += 1
    rows = []
    for level in row_levels:
        at_level = [c for c in by_id.values() if (c.level or NOT_SET) == level]
        cells = tuple(
            CoverageCell(
                their_level=level,
                our_level=ours,
                links=counts[(level, ours)],
                strong=strong[(level, ours)],
                is_peer=level == ours,
            )
            for ours in LEVELS
        )
        rows.append(
            CoverageRow(
                level=level,
                contacts=len(at_level),
                reached=sum(1 for c in at_level if c.id in reached_ids),
                cells=cells,
            )
        )
    return Coverage(
        rows=tuple(rows),
        our_levels=LEVELS,
        links=total_links,
        contacts=len(by_id),
        reached=len(reached_ids),
    )


# --- risks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Risk:
    """One risk of an account's relationships. `person_id` is a contact id on their
    side and a user id on ours; `share` is a percentage; `days` is how long since the
    last contact (None: never reached)."""

    code: str
    severity: str
    side: str = ""
    basis: str = ""
    person_id: int | None = None
    person: str = ""
    share: Decimal | None = None
    count: int = 0
    total: int = 0
    threshold: Decimal | int | None = None
    last_contact_on: date | None = None
    days: int | None = None
    best_strength: int | None = None

    @property
    def sort_key(self) -> tuple:
        return (
            SEVERITY_ORDER.get(self.severity, 9),
            RISK_CODES.index(self.code),
            self.person,
            self.person_id or 0,
        )

    @property
    def severity_label(self) -> str:
        return _("High") if self.severity == HIGH else _("Medium")

    @property
    def message(self) -> str:
        """What the risk means, in the active language."""
        if self.code == NO_LINKS:
            return _("Nobody of ours is linked to anyone at this account.")
        if self.code == SINGLE_THREAD:
            figures = {
                "person": self.person,
                "share": _share_text(self.share),
                "count": self.count,
                "total": self.total,
            }
            if self.side == OURS and self.basis == LINKS:
                text = _(
                    "Single thread on our side: %(person)s holds %(share)s percent of the "
                    "links (%(count)s of %(total)s)."
                )
            elif self.side == OURS:
                text = _(
                    "Single thread on our side: %(person)s took part in %(share)s percent of "
                    "the contacts of the last year (%(count)s of %(total)s participations)."
                )
            elif self.basis == LINKS:
                text = _(
                    "Single thread on their side: %(person)s holds %(share)s percent of the "
                    "links (%(count)s of %(total)s)."
                )
            else:
                text = _(
                    "Single thread on their side: %(person)s took part in %(share)s percent "
                    "of the contacts of the last year (%(count)s of %(total)s participations)."
                )
            return text % figures
        if self.code == KEY_UNLINKED:
            if self.best_strength is None:
                return _("Key stakeholder %(person)s has no link to anyone of ours.") % {
                    "person": self.person
                }
            return _(
                "Key stakeholder %(person)s has no strong link: the best is %(best)s of 5 "
                "(strong from %(threshold)s)."
            ) % {"person": self.person, "best": self.best_strength, "threshold": self.threshold}
        if self.code == KEY_STALE:
            if self.last_contact_on is None:
                return _("Key stakeholder %(person)s was never reached.") % {"person": self.person}
            return _(
                "Key stakeholder %(person)s not reached for %(days)s days (since %(date)s)."
            ) % {
                "person": self.person,
                "days": self.days,
                "date": date_format(self.last_contact_on, "SHORT_DATE_FORMAT"),
            }
        return self.code

    @property
    def side_label(self) -> str:
        if self.side == OURS:
            return pgettext("side", "Ours")
        if self.side == THEIRS:
            return pgettext("side", "Theirs")
        return ""


def _share_text(share: Decimal | None) -> str:
    """75 → "75", 70.42 → "70.4" ("70,4" in Polish): never rounded down to the threshold."""
    if share is None:
        return ""
    places = 0 if share == share.to_integral_value() else 1
    return number_format(share, decimal_pos=places)


def _single_thread(
    counts: Mapping[int, int],
    *,
    judged: int,
    side: str,
    basis: str,
    names: Mapping[int, str],
    limit: Decimal,
) -> list[Risk]:
    if judged < MIN_TO_JUDGE:
        return []
    total = sum(value for value in counts.values() if value > 0)
    found = []
    for person_id, share in sorted(shares(counts).items()):
        if share > limit:
            found.append(
                Risk(
                    code=SINGLE_THREAD,
                    severity=HIGH,
                    side=side,
                    basis=basis,
                    person_id=person_id,
                    person=names.get(person_id, f"#{person_id}"),
                    share=share,
                    count=counts[person_id],
                    total=total,
                    threshold=limit,
                )
            )
    return found


def assess(
    contacts: Sequence[ContactFacts],
    links: Sequence[LinkFacts],
    *,
    thresholds: Thresholds,
    today: date,
    participations: Participations | None = None,
    our_names: Mapping[int, str] | None = None,
) -> list[Risk]:
    """Every risk of one account's relationships (rules in the module docstring)."""
    participations = participations or Participations()
    our_names = our_names or {}
    their_names = {contact.id: contact.name for contact in contacts}
    known = {contact.id for contact in contacts}
    links = [link for link in links if link.contact_id in known]
    risks: list[Risk] = []
    if not links:
        risks.append(Risk(code=NO_LINKS, severity=HIGH))
    limit = Decimal(thresholds.single_thread_share)
    flagged: set[tuple[str, int]] = set()
    for side, key in ((OURS, "user_id"), (THEIRS, "contact_id")):
        names = our_names if side == OURS else their_names
        link_counts = Counter(getattr(link, key) for link in links)
        on_links = _single_thread(
            link_counts, judged=len(links), side=side, basis=LINKS, names=names, limit=limit
        )
        on_talks = _single_thread(
            participations.ours if side == OURS else participations.theirs,
            judged=participations.interactions,
            side=side,
            basis=INTERACTIONS,
            names=names,
            limit=limit,
        )
        for risk in [*on_links, *on_talks]:
            marker = (side, risk.person_id or 0)
            if marker not in flagged:
                flagged.add(marker)
                risks.append(risk)
    best: dict[int, int] = {}
    for link in links:
        best[link.contact_id] = max(best.get(link.contact_id, -1), link.strength)
    for contact in contacts:
        if not contact.is_key(thresholds.key_stakeholder_level):
            continue
        strongest = best.get(contact.id)
        days = None if contact.last_contact_on is None else (today - contact.last_contact_on).days
        if strongest is None or strongest < thresholds.strong_link_strength:
            risks.append(
                Risk(
                    code=KEY_UNLINKED,
                    severity=HIGH,
                    side=THEIRS,
                    person_id=contact.id,
                    person=contact.name,
                    best_strength=strongest,
                    threshold=thresholds.strong_link_strength,
                    last_contact_on=contact.last_contact_on,
                    days=days,
                )
            )
        elif days is None or days > thresholds.freshness_days:
            risks.append(
                Risk(
                    code=KEY_STALE,
                    severity=MEDIUM,
                    side=THEIRS,
                    person_id=contact.id,
                    person=contact.name,
                    last_contact_on=contact.last_contact_on,
                    days=days,
                    threshold=thresholds.freshness_days,
                )
            )
    return sorted(risks, key=lambda risk: risk.sort_key)


def worst_severity(risks: Iterable[Risk]) -> str | None:
    """The highest severity among `risks` (None when there is none)."""
    found = sorted((SEVERITY_ORDER[risk.severity], risk.severity) for risk in risks)
    return found[0][1] if found else None
