"""Opportunities over REST, read only (the import of kind "opportunities" writes them),
under the one access rule: an opportunity of an account you may not see answers 404,
exactly like a missing one.

No `from __future__ import annotations` here: ninja resolves the annotations of a
@paginate-wrapped view in the pagination module's namespace, where a string annotation
such as "Query[OpportunityQuery]" cannot be resolved.
"""

from datetime import date
from typing import Literal

from ninja import Field, Query, Router
from ninja.pagination import paginate

from keyplan.core.api.common import ERRORS
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import MAX_ID, QuerySchema

from . import selectors
from .schemas import CurrencyTotalOut, OpportunityOut

router = Router(tags=["opportunities"])


class OpportunityFilterQuery(QuerySchema):
    status: Literal["open", "won", "lost", "all"] = Field(
        "open", description="open (the default), won, lost or all"
    )
    q: str = Field(
        "", max_length=200, description="The account's name contains, or its external id"
    )
    account: int | None = Field(None, ge=1, le=MAX_ID, description="One account's id")
    owner: int | None = Field(None, ge=1, le=MAX_ID, description="The opportunity owner's id")
    close_from: date | None = Field(None, description="Close date on or after")
    close_to: date | None = Field(None, description="Close date on or before")

    def as_filters(self, sort: str = selectors.DEFAULT_SORT) -> selectors.OpportunityFilters:
        return selectors.OpportunityFilters(
            status=self.status,
            q=self.q,
            account=self.account,
            owner=self.owner,
            close_from=self.close_from,
            close_to=self.close_to,
            sort=sort,
        )


class OpportunityQuery(OpportunityFilterQuery):
    sort: Literal[tuple(selectors.SORTS)] = selectors.DEFAULT_SORT  # type: ignore[valid-type]


@router.get(
    "/opportunities",
    response={200: list[OpportunityOut], **ERRORS},
    summary="Opportunities of the accounts you may see",
)
@paginate(Pagination)
def list_opportunities(request, filters: Query[OpportunityQuery]):
    return selectors.opportunity_list(user=request.auth, filters=filters.as_filters(filters.sort))


@router.get(
    "/opportunities/totals",
    response={200: list[CurrencyTotalOut], **ERRORS},
    summary="The open pipeline of the filtered opportunities, per currency",
)
def opportunity_totals(request, filters: Query[OpportunityFilterQuery]):
    return selectors.pipeline_totals(user=request.auth, filters=filters.as_filters())


@router.get("/opportunities/{opportunity_id}", response={200: OpportunityOut, **ERRORS})
def get_opportunity(request, opportunity_id: int):
    return selectors.opportunity_for_user(request.auth, opportunity_id)
