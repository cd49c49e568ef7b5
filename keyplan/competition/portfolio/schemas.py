"""Request and response bodies of the competitors across the portfolio.

No `from __future__ import annotations`: ninja and pydantic read these annotations as
real types.
"""

from decimal import Decimal
from typing import Literal

from ninja import Schema

from keyplan.core.api.schemas import QuerySchema

from ..common.schemas import Ref


class PortfolioQuery(QuerySchema):
    account_class: Literal["strategic", "regular", "prospect", "suspect"] = "strategic"


class CompetitorRowOut(Schema):
    competitor: Ref
    accounts: int
    of_class: int
    incumbent: int
    share_avg: Decimal | None
    share_known: int
    spend_by_currency: dict[str, Decimal]
    support_rising: int
