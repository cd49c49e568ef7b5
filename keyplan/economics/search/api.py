"""Search over REST: the same hits as the search page, under the one access rule.
Portal users get 404 (the router is mounted with INTERNAL_AUTH).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from ninja import Query, Router

from keyplan.core.api.common import ERRORS

from . import domain
from .schemas import SearchOut, SearchQuery
from .selectors import search

router = Router(tags=["search"])


@router.get(
    "/search",
    response={200: SearchOut, **ERRORS},
    summary="Find accounts, contacts, actions, plans and competitors",
)
def search_everything(request, filters: Query[SearchQuery]):
    """The first `limit` hits of each kind (or of `kind` alone) among what you may see:
    accounts, their contacts, the actions and plans of their live plans, and the
    competitor registry. Each word of `q` must match; a `q` shorter than 2 characters
    finds nothing."""
    kinds = (filters.kind,) if filters.kind else domain.KINDS
    results = search(user=request.auth, query=filters.q, per_kind=filters.limit, kinds=kinds)
    return {
        "q": results.query,
        "min_length": domain.MIN_LENGTH,
        "groups": [
            {
                "kind": group.kind,
                "label": group.label,
                "has_more": group.has_more,
                "items": [
                    {"id": hit.pk, "title": hit.title, "detail": hit.detail, "path": hit.url}
                    for hit in group.hits
                ],
            }
            for group in results.groups
        ],
    }
