"""What the competition routers share: a PATCH body read as the fields sent and the
`updated_at` the client saw.

No `from __future__ import annotations` here: ninja reads the annotations as types.
"""

from datetime import datetime
from typing import Any

from keyplan.core.api.schemas import PatchSchema


def patch_data(payload: PatchSchema) -> tuple[dict[str, Any], datetime | None]:
    """The fields the PATCH sent, and the `updated_at` it saw (None when not sent)."""
    data = payload.model_dump(exclude_unset=True)
    return data, data.pop("updated_at", None)
