"""What the feature routers share: their error answers, the optimistic-concurrency field
(portal users are kept out by the internal routers' auth, keyplan.api.auth).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from ninja import Field
from pydantic import AwareDatetime

from .schemas import ErrorOut, QuerySchema

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BODY_ERRORS = {**ERRORS, 400: ErrorOut, 413: ErrorOut}
SEEN = Field(
    None,
    description="The `updated_at` you last read; if it changed since, nothing is saved "
    "and the answer is 409.",
)


# `?updated_at=` of a DELETE: the version the client last read.
class SeenQuery(QuerySchema):
    updated_at: AwareDatetime | None = SEEN
