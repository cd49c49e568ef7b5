"""Service costs for the economics tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from keyplan.sales.models import ServiceCost


def add_cost(account, *, day=date(2026, 2, 1), category="logistics", amount="100", **extra):
    extra.setdefault("currency", account.currency)
    return ServiceCost.objects.create(
        account=account, date=day, category=category, amount=Decimal(amount), **extra
    )
