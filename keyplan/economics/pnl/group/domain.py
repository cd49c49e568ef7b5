"""A group of accounts: the top parent of an account and every descendant, as a tree.
Pure: the parent links in, the members out (the caller says which ones the user may see).

Bad data never loops: a cycle in the parent links ends the walk where it closes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass


def top_parent(account_id: int, parents: Mapping[int, int | None]) -> int:
    """The topmost ancestor of `account_id` (itself without a parent)."""
    seen = {account_id}
    node = account_id
    while (parent := parents.get(node)) is not None and parent not in seen:
        seen.add(parent)
        node = parent
    return node


def children_of(parents: Mapping[int, int | None]) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    return children


@dataclass(frozen=True)
class Member:
    account_id: int
    depth: int  # in the whole group: 0 for the top parent
    level: int  # among the members shown: how many shown ancestors it has


@dataclass(frozen=True)
class Group:
    top: int  # the group's top parent (shown or not)
    members: list[Member]  # the shown ones, parents before their subsidiaries

    @property
    def shown_top(self) -> int | None:
        """The shown member nearest the top (the top parent itself when shown); ties: the
        first in tree order. None when no member is shown."""
        if not self.members:
            return None
        return min(self.members, key=lambda m: m.depth).account_id

    @property
    def ids(self) -> list[int]:
        return [member.account_id for member in self.members]


def group_ids(account_id: int, parents: Mapping[int, int | None]) -> list[int]:
    """Every account of `account_id`'s group, shown or not: the top parent first."""
    top = top_parent(account_id, parents)
    return [pk for pk, _depth, _level in _walk(top, parents, None, {})]


def group_of(
    account_id: int,
    parents: Mapping[int, int | None],
    shown: Collection[int],
    order: Mapping[int, str] | None = None,
) -> Group:
    """`account_id`'s group with only the `shown` accounts; siblings in `order` (a name),
    then id. The hidden accounts are walked through but never listed or counted."""
    top = top_parent(account_id, parents)
    walk = _walk(top, parents, shown, order or {})
    return Group(top, [Member(pk, depth, level) for pk, depth, level in walk if pk in shown])


def _walk(
    top: int,
    parents: Mapping[int, int | None],
    shown: Collection[int] | None,
    order: Mapping[int, str],
) -> list[tuple[int, int, int]]:
    """(id, depth, level) in tree order from `top`, parents before their subsidiaries;
    `level` counts the ancestors in `shown` (all of them when `shown` is None)."""
    children = children_of(parents)
    result: list[tuple[int, int, int]] = []
    seen: set[int] = set()
    stack = [(top, 0, 0)]
    while stack:
        node, depth, level = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        result.append((node, depth, level))
        step = 1 if shown is None or node in shown else 0
        below = sorted(children.get(node, []), key=lambda pk: (order.get(pk, ""), pk))
        stack.extend((child, depth + 1, level + step) for child in reversed(below))
    return result
