"""What keeps the cached Pareto analysis current (keyplan.core.dataversion): every save or
delete of a model the analysis reads records a data change. Bulk writers that bypass
these signals (the account import, the classification) call `bump` themselves.

Read by the analysis: accounts (class, owner, parent, country, industry, archive), their
teams (who sees what), users (role, names, active) and the portfolio settings (base
currency, Pareto share); the figures' own sources (exchange rates, rollups) are watched
by their owner, keyplan.sales.figures.freshness. A user's save that only stamps the last
login changes none of these and records nothing.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from keyplan.accounts.models import Account, AccountTeamMember
from keyplan.core.dataversion import bump
from keyplan.users.models import User

from ..models import PortfolioSettings

WATCHED = (Account, AccountTeamMember, PortfolioSettings, User)


def _changed(sender, instance, update_fields=None, **_kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    bump(sender._meta.label_lower)


def _deleted(sender, instance, **_kwargs) -> None:
    bump(sender._meta.label_lower)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"dataversion-save-{model}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"dataversion-delete-{model}")
