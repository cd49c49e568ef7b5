"""Who the customer's people are to the deal: pure rules, no database (SPEC §2, §4;
seeds 000 and 001).

- Influence/interest grid (the stakeholder "power/interest" grid). Each score is 1-5;
  **3 or more counts as high**, so the middle of the scale falls on the high side. (A
  stricter cut at 4 would leave most contacts scored "average" in "monitor", which is
  exactly the group a KAM must not neglect; 3 keeps "manage closely" for everyone who
  is at least moderately strong on both axes.) The four quadrants:

  =================  ==========  ==========
  quadrant           influence   interest
  =================  ==========  ==========
  manage closely     high        high
  keep satisfied     high        low
  keep informed      low         high
  monitor            low         low
  =================  ==========  ==========

  A contact without both scores is "not placed" (None).
- Buying-centre coverage: which `BuyingRole` values some contact holds and which none
  does. The economic buyer and the decision maker are essential: without them the
  centre is not covered, whatever else is filled.
- Org tree: from (id, reports_to) pairs, a forest. A contact whose manager is not in
  the set (another account, erased, missing) is a root; a cycle (A reports to B, B to
  A: the database forbids only self-reference) is broken at the member of the cycle
  with the smallest id, which becomes a root, so every node appears exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

HIGH = 3  # a score of at least this is "high" on the grid (see the module docstring)

MANAGE_CLOSELY = "manage_closely"
KEEP_SATISFIED = "keep_satisfied"
KEEP_INFORMED = "keep_informed"
MONITOR = "monitor"

# In reading order of the 2x2 grid: top row high influence, left column low interest.
QUADRANTS: tuple[tuple[str, object, object], ...] = (
    (
        KEEP_SATISFIED,
        _("Keep satisfied"),
        _("High influence, low interest: meet their needs, do not overload them."),
    ),
    (
        MANAGE_CLOSELY,
        _("Manage closely"),
        _("High influence, high interest: engage fully, the key players."),
    ),
    (MONITOR, _("Monitor"), _("Low influence, low interest: watch, with little effort.")),
    (
        KEEP_INFORMED,
        _("Keep informed"),
        _("Low influence, high interest: keep them informed and listen to them."),
    ),
)
QUADRANT_LABELS = {key: label for key, label, _help in QUADRANTS}

ESSENTIAL_ROLES: tuple[str, ...] = ("economic_buyer", "decision_maker")


def quadrant(influence: int | None, interest: int | None) -> str | None:
    """The grid quadrant of a contact, or None when a score is missing."""
    if influence is None or interest is None:
        return None
    high_influence = influence >= HIGH
    high_interest = interest >= HIGH
    if high_influence and high_interest:
        return MANAGE_CLOSELY
    if high_influence:
        return KEEP_SATISFIED
    if high_interest:
        return KEEP_INFORMED
    return MONITOR


@dataclass(frozen=True)
class RoleCoverage:
    role: str
    holders: tuple[int, ...]  # contact ids, in the order given
    essential: bool

    @property
    def filled(self) -> bool:
        return bool(self.holders)


@dataclass(frozen=True)
class Coverage:
    roles: tuple[RoleCoverage, ...]

    @property
    def filled(self) -> tuple[str, ...]:
        return tuple(r.role for r in self.roles if r.filled)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r.role for r in self.roles if not r.filled)

    @property
    def missing_essential(self) -> tuple[str, ...]:
        return tuple(r.role for r in self.roles if r.essential and not r.filled)

    @property
    def covered(self) -> bool:
        """True when every essential role has a holder."""
        return not self.missing_essential


def coverage(contacts: Iterable[tuple[int, Sequence[str]]], roles: Sequence[str]) -> Coverage:
    """Who holds each of `roles` (all BuyingRole values, in display order), from
    (contact id, that contact's roles). Unknown role values are ignored."""
    holders: dict[str, list[int]] = {role: [] for role in roles}
    for contact_id, contact_roles in contacts:
        for role in dict.fromkeys(contact_roles or ()):
            if role in holders:
                holders[role].append(contact_id)
    return Coverage(
        tuple(RoleCoverage(role, tuple(holders[role]), role in ESSENTIAL_ROLES) for role in roles)
    )


@dataclass
class Node:
    id: int
    children: list[Node] = field(default_factory=list)


def build_tree(pairs: Iterable[tuple[int, int | None]]) -> list[Node]:
    """A forest from (id, reports_to id) pairs; roots and children sorted as given.

    Every id appears exactly once. Managers outside the set make roots; a cycle is
    broken at its smallest id (which becomes a root)."""
    order: list[int] = []
    parent: dict[int, int | None] = {}
    for node_id, reports_to in pairs:
        if node_id in parent:
            continue
        order.append(node_id)
        parent[node_id] = reports_to
    for node_id in order:
        if parent[node_id] is not None and parent[node_id] not in parent:
            parent[node_id] = None
    # Break cycles: walk up from each node; a walk that comes back to a node of its own
    # path found a cycle, cut at its smallest member.
    state: dict[int, int] = {}  # 1: on the current path, 2: done
    for start in order:
        path: list[int] = []
        node: int | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parent[node]
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node) :]
            parent[min(cycle)] = None
        for visited in path:
            state[visited] = 2
    nodes = {node_id: Node(node_id) for node_id in order}
    roots: list[Node] = []
    for node_id in order:
        boss = parent[node_id]
        if boss is None:
            roots.append(nodes[node_id])
        else:
            nodes[boss].children.append(nodes[node_id])
    return roots


def tree_depth(roots: Sequence[Node]) -> int:
    """Levels in the forest (0 when empty); iterative, so deep chains are fine."""
    depth = 0
    level = list(roots)
    while level:
        depth += 1
        level = [child for node in level for child in node.children]
    return depth
