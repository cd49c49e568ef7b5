"""The portfolio overview: counts over the accounts the user may see."""

from __future__ import annotations

from django.db.models import Count

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import AccountClass


def portfolio_overview(*, user) -> dict:
    """Accounts by class, by country (top 10) and by owner (top 10), in three queries."""
    visible = visible_accounts(user)
    by_class = dict(
        visible.order_by()
        .values_list("account_class")
        .annotate(n=Count("pk"))
        .values_list("account_class", "n")
    )
    classes = [
        {"key": key, "label": label, "count": by_class.get(key, 0)}
        for key, label in AccountClass.choices
    ]
    by_country = list(
        visible.exclude(country="")
        .order_by()
        .values("country")
        .annotate(n=Count("pk"))
        .order_by("-n", "country")[:10]
    )
    by_owner = list(
        visible.filter(owner__isnull=False)
        .order_by()
        .values("owner__id", "owner__first_name", "owner__last_name", "owner__username")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner__last_name")[:10]
    )
    return {
        "total": sum(by_class.values()),
        "classes": classes,
        "by_country": by_country,
        "by_owner": by_owner,
    }
