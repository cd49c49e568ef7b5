"""Response bodies of the account's competition alerts.

No `from __future__ import annotations`: ninja and pydantic read these annotations as
real types.
"""

from ninja import Schema


class AlertOut(Schema):
    code: str
    competitor_id: int
    competitor: str
    message: str
