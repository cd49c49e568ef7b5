"""What the competition API's bodies share.

No `from __future__ import annotations`: ninja and pydantic read these annotations as
real types.
"""

from typing import Literal

from ninja import Schema

TEXT = 20_000
PillarName = Literal["strength", "strategy", "staff", "support"]


class Ref(Schema):
    id: int
    name: str
