"""What keeps the cached figures current (keyplan.core.dataversion): a save or delete of
an exchange rate, and a rollup saved one at a time, record a data change. The bulk
rollup writers (`apply_rollup_deltas`, `rollup_rebuild`) call `bump` themselves.

The analyses that cache what they build on these figures (the portfolio's Pareto) watch
their own models in their own app.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from keyplan.core.dataversion import bump

from ..models import ExchangeRate, MonthlyRollup

WATCHED = (ExchangeRate,)


def _changed(sender, instance, **_kwargs) -> None:
    bump(sender._meta.label_lower)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"dataversion-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"dataversion-delete-{model}")
    # A rollup saved one by one (rare: the writers use `apply_rollup_deltas`, which bumps).
    # No delete receiver: it would turn the rebuild's one DELETE into a row-by-row delete;
    # the rebuild bumps itself, and an account's delete bumps for its cascaded rollups.
    post_save.connect(_changed, sender=MonthlyRollup, dispatch_uid="dataversion-save-rollup")
