"""Request and response bodies of the my-actions API.

No `from __future__ import annotations`: pydantic and ninja need the real types.
"""

from ninja import Field

from keyplan.core.api.schemas import QuerySchema
from keyplan.plans.items.schemas import KINDS
from keyplan.plans.models import ItemKind


# The action's output schema is made at runtime (items.schemas), hence the ignore.
class MyActionOut(KINDS[ItemKind.ACTION].out):  # type: ignore[misc]
    account_id: int
    account_name: str
    plan_period: str

    @staticmethod
    def resolve_account_id(obj) -> int:
        return obj.plan.account_id

    @staticmethod
    def resolve_account_name(obj) -> str:
        return obj.plan.account.name

    @staticmethod
    def resolve_plan_period(obj) -> str:
        return obj.plan.period


class ActionsQuery(QuerySchema):
    include_closed: bool = Field(False, description="Also done and dropped actions.")
