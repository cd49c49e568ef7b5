"""The account page's opportunities card: the open opportunities (overdue close dates
marked), the open pipeline per currency, the won and lost of the last 12 months, and a
link to the pipeline list narrowed to the account. A fixed number of queries, however
many opportunities the account has."""

from __future__ import annotations

from typing import Any

from django import template

from keyplan.accounts.models import Account

from ..pipeline.selectors import STATUS_ALL, account_opportunities

register = template.Library()


@register.inclusion_tag("sales/pipeline/_account_card.html")
def opportunities_card(account: Account) -> dict[str, Any]:
    return {"account": account, "status_all": STATUS_ALL, **account_opportunities(account=account)}


@register.simple_tag
def account_pipeline(account: Account) -> dict[str, Any]:
    """{% account_pipeline account as pipeline %}: the card's figures (open count, totals
    and weighted totals per currency) for the account workspace's overview."""
    return account_opportunities(account=account)
