"""Template tags of the economics pages and the account page's cash card."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from keyplan.accounts.models import Account
from keyplan.core.money import format_number

from ..cash.selectors import account_cash_summary
from ..health.selectors import latest_snapshot
from ..pnl.selectors import SalesTrend, account_pnl_summary, account_sales_trend

register = template.Library()


@register.filter
def bucket(buckets: dict | None, key: str) -> Any:
    """buckets[key]: an ageing bucket's amount looked up by a variable."""
    return (buckets or {}).get(key)


@register.filter
def share(value: Decimal | None) -> str:
    """A 0-1 share as a percent with one place ("0.2534" → 25.3%); — for none."""
    if value is None:
        return "—"
    return f"{format_number(value * 100, places=1)}%"


@register.inclusion_tag("economics/_cash_card.html")
def cash_card(account: Account) -> dict[str, Any]:
    """The account page's economics summary: the P&L of the last 12 months of sales
    (revenue, gross profit, contribution and their margins) and the cash at the last day
    of the payment data (open, overdue, DSO, days paid late), with links to both pages;
    the last recorded health score (one query) with a link to its explanation."""
    return {
        "account": account,
        "health_snapshot": latest_snapshot(account),
        **account_cash_summary(account=account),
        **account_pnl_summary(account=account),
    }


@register.simple_tag
def account_trend(account: Account) -> SalesTrend | None:
    """{% account_trend account as trend %}: revenue and gross profit of the last 12
    months against the 12 before (the account workspace's overview)."""
    return account_sales_trend(account=account)


@register.simple_tag
def trend_chart(trend: SalesTrend | None) -> dict[str, Any] | None:
    """{% trend_chart trend as chart %}: the overview chart's data (for json_script):
    the 24 months ("2026-01") and their revenue and gross profit in the base currency as
    exact decimal strings ("1234.50"), with the series' names; None without a trend."""
    if trend is None:
        return None
    return {
        "months": [f"{row.month:%Y-%m}" for row in trend.months],
        "revenue": [str(row.revenue) for row in trend.months],
        "gross_profit": [str(row.gross_profit) for row in trend.months],
        "names": {"revenue": _("Revenue"), "gross_profit": _("Gross profit")},
        "currency": trend.currency,
    }


@register.simple_tag
def account_health(account: Account):
    """{% account_health account as snapshot %}: the last recorded health (one query)."""
    return latest_snapshot(account)
