"""The profitability matrix over REST, under the one access rule: only the accounts the
caller may see are placed, counted and split.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.core.exceptions import ValidationError
from ninja import Query, Router

from keyplan.core.api.common import ERRORS
from keyplan.portfolio.management import OptionError, resolve_period

from .schemas import MatrixOut, MatrixQuery, matrix_out, row_out
from .selectors import MatrixFilters, profitability_matrix

router = Router(tags=["economics"])


@router.get(
    "/economics/matrix",
    response={200: MatrixOut, **ERRORS},
    by_alias=True,
    summary="The profitability matrix of the accounts you may see",
)
def economics_matrix(request, filters: Query[MatrixQuery]):
    """Each account's revenue and contribution margin over whole months (default: the 12
    months up to the latest invoice) and its quadrant: grow_and_protect (high revenue,
    high margin), fix_cost_to_serve (high revenue, low margin), develop (low revenue, high
    margin), reprice_or_reduce (low revenue, low margin), or no_revenue (not plotted).
    Split: revenue at the median revenue of the plotted accounts (at or above it is high),
    margin at their total contribution / total revenue (at or above it is high)."""
    try:
        period = resolve_period(filters.date_from, filters.date_to)
    except OptionError as exc:
        raise ValidationError({exc.option: [exc.message]}) from None
    matrix = profitability_matrix(
        user=request.auth,
        period=period,
        filters=MatrixFilters(
            q=filters.q.replace("\x00", "").strip(),
            owner=filters.owner,
            business_unit=filters.business_unit,
            country=filters.country.upper(),
            account_class=filters.account_class,
            sort=filters.sort,
        ),
    )
    count = len(matrix.rows)
    start = (filters.page - 1) * filters.page_size
    return {
        **matrix_out(matrix),
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": max(1, -(-count // filters.page_size)),
        "items": [row_out(row) for row in matrix.rows[start : start + filters.page_size]],
    }
