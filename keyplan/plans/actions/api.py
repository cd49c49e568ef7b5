"""Your actions across plans over REST: overdue, then blocked, then by due date.

No `from __future__ import annotations` here: ninja reads the annotations of the views
as real types.
"""

from ninja import Query, Router
from ninja.pagination import paginate

from keyplan.core.api.common import ERRORS
from keyplan.core.api.pagination import Pagination

from . import selectors
from .schemas import ActionsQuery, MyActionOut

router = Router(tags=["plans"])


@router.get(
    "/me/actions",
    response={200: list[MyActionOut], **ERRORS},
    tags=["actions"],
    summary="Your actions across plans: overdue, then blocked, then by due date",
)
@paginate(Pagination)
def my_actions(request, filters: Query[ActionsQuery]):
    user = request.auth
    return selectors.my_actions(user, include_closed=filters.include_closed)
