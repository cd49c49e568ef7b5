"""Helpers of the selling tests: time entries and sales."""

from __future__ import annotations

from datetime import date

from keyplan.accounts.models import Account
from keyplan.sales.models import MonthlyRollup
from keyplan.stakeholders.models import SalesProfile, TimeEntry
from tests.factories import AccountFactory

TODAY = date(2026, 6, 30)


def log(user, account: Account, minutes: int, *, on: date = TODAY) -> TimeEntry:
    """Manual time, split into entries of at most a day (the model's limit)."""
    entry = None
    while minutes > 0:
        chunk = min(minutes, 24 * 60)
        entry = TimeEntry.objects.create(user=user, account=account, spent_on=on, minutes=chunk)
        minutes -= chunk
    return entry


def account_of(cls: str, owner=None, name: str | None = None) -> Account:
    kwargs = {"account_class": cls, "owner": owner}
    if name:
        kwargs["name"] = name
    return AccountFactory(**kwargs)


def first_sale(account: Account, month: date) -> None:
    MonthlyRollup.objects.create(account=account, month=month, currency="PLN", revenue=100_00)


def hunter(user, derived: str = "hunter") -> SalesProfile:
    profile, _ = SalesProfile.objects.update_or_create(user=user, defaults={"derived": derived})
    return profile
