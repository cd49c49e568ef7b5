"""The account page's portfolio panel (class history, selection scores, wallet, SAM
fitness), drawn by the account page without the accounts app importing the portfolio."""

from __future__ import annotations

from django import template

from keyplan.portfolio.wallet.views import account_panel

register = template.Library()


@register.simple_tag
def portfolio_panel(access) -> dict:
    """The panel's context for `access` (keyplan.accounts.access.AccountAccess)."""
    return account_panel(access)["panel"]
