"""The users API's bodies (keyplan.users.api)."""

from __future__ import annotations

from ninja import Schema


class MeOut(Schema):
    id: int
    username: str
    name: str
    role: str
