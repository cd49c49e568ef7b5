"""Reads of the comments on shared items: the customer's view (never internal ones) and
the team's (all, grouped into one thread per item)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from keyplan.accounts.models import Account
from keyplan.plans.models import ITEM_MODELS

from ..models import PortalComment


def attach_customer_comments(account: Account, items: list) -> None:
    """Put each item's comments that the customer may see on `item.comments` (1 query)."""
    if not items:
        return
    kinds = {item.kind for item in items}
    ids = [item.pk for item in items]
    by_item: dict[tuple[str, int], list[PortalComment]] = defaultdict(list)
    for comment in PortalComment.objects.filter(
        account=account, internal=False, item_kind__in=kinds, item_id__in=ids
    ).select_related("author"):
        by_item[(comment.item_kind, comment.item_id)].append(comment)
    for item in items:
        item.comments = by_item.get((item.kind, item.pk), [])


@dataclass
class Thread:
    kind: str
    item_id: int
    title: str
    comments: list[PortalComment] = field(default_factory=list)

    @property
    def last_at(self):
        return self.comments[-1].created_at


def team_threads(account: Account) -> list[Thread]:
    """Every commented item of the account, the most recently commented first, with all
    its comments (internal ones included) and the item's title (1 + one per item kind)."""
    threads: dict[tuple[str, int], Thread] = {}
    for comment in PortalComment.objects.filter(account=account).select_related("author"):
        key = (comment.item_kind, comment.item_id)
        threads.setdefault(key, Thread(comment.item_kind, comment.item_id, "")).comments.append(
            comment
        )
    ids_by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, item_id in threads:
        ids_by_kind[kind].append(item_id)
    for kind, ids in ids_by_kind.items():
        model = ITEM_MODELS.get(kind)
        if model is None:
            continue
        for item in model.objects.filter(pk__in=ids, plan__account=account):
            threads[(kind, item.pk)].title = item.label
    return sorted(threads.values(), key=lambda t: t.last_at, reverse=True)
