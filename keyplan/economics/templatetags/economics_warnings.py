"""The account page's top early warnings (keyplan.economics.warnings):
`{% load economics_warnings %}{% account_top_warnings account %}`."""

from __future__ import annotations

from typing import Any

from django import template

from keyplan.accounts.models import Account

from ..warnings.selectors import top_warnings

register = template.Library()


@register.inclusion_tag("economics/_warnings_top.html", takes_context=True)
def account_top_warnings(context, account: Account, limit: int = 3) -> dict[str, Any]:
    """The account's `limit` highest warnings still shown, with a link to all of them
    (the caller has checked that the user may see the account)."""
    return {
        "account": account,
        "request": context.get("request"),
        "result": top_warnings(account=account, limit=limit),
    }
