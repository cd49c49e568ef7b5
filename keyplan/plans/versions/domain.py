"""Pure rules of a plan's versions: what changed from one version to the next, item by
item. No ORM: versions.selectors loads the snapshots."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ItemSnapshot:
    """An item as displayed: its kind, its stable origin key, a label and its field
    values as text, in display order ((field label, value), ...)."""

    kind: str
    origin: str
    label: str
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FieldDiff:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ItemDiff:
    kind: str
    origin: str
    change: str  # "added", "removed" or "changed"
    label: str
    fields: tuple[FieldDiff, ...] = ()


@dataclass(frozen=True)
class VersionDiff:
    items: tuple[ItemDiff, ...]
    unchanged: int
    header: tuple[FieldDiff, ...] = field(default=())

    def count(self, change: str) -> int:
        return sum(1 for item in self.items if item.change == change)

    @property
    def is_empty(self) -> bool:
        return not self.items and not self.header


def diff_values(
    old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]]
) -> tuple[FieldDiff, ...]:
    """Field by field, in the new order, then fields only the old one has."""
    old_map, new_map = dict(old), dict(new)
    changes = [
        FieldDiff(name, old_map.get(name, ""), value)
        for name, value in new
        if old_map.get(name, "") != value
    ]
    changes += [FieldDiff(name, value, "") for name, value in old if name not in new_map and value]
    return tuple(changes)


def diff_versions(
    old: Iterable[ItemSnapshot],
    new: Iterable[ItemSnapshot],
    *,
    kind_order: Sequence[str] = (),
    old_header: Sequence[tuple[str, str]] = (),
    new_header: Sequence[tuple[str, str]] = (),
) -> VersionDiff:
    """Item by item, matched on (kind, origin): a revision copies the origin, so an
    item edited in the new version is "changed", not "removed" plus "added".

    Result order: by `kind_order` (section order), within a kind the new version's
    order with removed items after."""
    old_items = {(s.kind, s.origin): s for s in old}
    new_list = list(new)
    new_keys = {(s.kind, s.origin) for s in new_list}
    diffs: list[ItemDiff] = []
    unchanged = 0
    for snap in new_list:
        before = old_items.get((snap.kind, snap.origin))
        if before is None:
            diffs.append(ItemDiff(snap.kind, snap.origin, "added", snap.label))
            continue
        changes = diff_values(before.values, snap.values)
        if changes:
            diffs.append(ItemDiff(snap.kind, snap.origin, "changed", snap.label, changes))
        else:
            unchanged += 1
    for key, snap in old_items.items():
        if key not in new_keys:
            diffs.append(ItemDiff(snap.kind, snap.origin, "removed", snap.label))
    rank = {kind: index for index, kind in enumerate(kind_order)}
    change_rank = {"changed": 0, "added": 0, "removed": 1}
    ordered = sorted(
        enumerate(diffs),
        key=lambda pair: (rank.get(pair[1].kind, len(rank)), change_rank[pair[1].change], pair[0]),
    )
    return VersionDiff(
        items=tuple(d for _i, d in ordered),
        unchanged=unchanged,
        header=diff_values(old_header, new_header),
    )
