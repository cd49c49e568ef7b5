"""What the feature routers share: their error answers, the optimistic-concurrency field
and the check that keeps portal users out.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.http import Http404
from ninja import Field
from pydantic import AwareDatetime

from keyplan.users.models import User

from .schemas import ErrorOut, InputSchema

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BODY_ERRORS = {**ERRORS, 400: ErrorOut, 413: ErrorOut}
SEEN = Field(
    None,
    description="The `updated_at` you last read; if it changed since, nothing is saved "
    "and the answer is 409.",
)


# `?updated_at=` of a DELETE: the version the client last read.
class SeenQuery(InputSchema):
    updated_at: AwareDatetime | None = SEEN


def internal_user(request) -> User:
    """The signed-in internal user; 404 for a portal user (as if the route were not there)."""
    if not request.auth.is_internal:
        raise Http404
    return request.auth
