"""Writes of the sales profiles (SPEC §2.2): derive everyone's profile from the time
they logged, and a manager's override (the rules are in `domain.py`).

- `profiles_derive` recomputes the derived profile of every active internal user with
  time logged in the last 365 days or who owns accounts.
- `profile_override` is for managers, with a note saying why.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from keyplan.accounts.models import Account
from keyplan.core.errors import check_seen
from keyplan.portfolio.access import require_portfolio_manager
from keyplan.users.models import Role, User

from ..models import Profile, SalesProfile, SellingSettings
from . import domain
from .selectors import PROFILE_WINDOW_DAYS, rule_from, year_minutes

DERIVE_REASON = "derived from time entries"


@transaction.atomic
def profiles_derive(*, today: date | None = None) -> int:
    """Derive hunter/farmer/unknown for every active internal user with time logged in the
    last 365 days or who owns accounts (rules in `domain`); returns how many profiles
    were written. A change of the derived profile is recorded in the history; the
    figures (`derived_from`) and the date are refreshed for everyone."""
    today = today or timezone.localdate()
    settings = SellingSettings.load()
    rule = rule_from(settings)
    minutes = year_minutes(today, settings)
    owners = Account.objects.filter(owner__isnull=False).values("owner_id")
    users = list(
        User.objects.filter(is_active=True)
        .exclude(role=Role.PORTAL)
        .filter(Q(pk__in=list(minutes)) | Q(pk__in=owners))
        .values_list("pk", flat=True)
    )
    existing = {p.user_id: p for p in SalesProfile.objects.filter(user_id__in=users)}
    now = timezone.now()
    period = {
        "from": (today - timedelta(days=PROFILE_WINDOW_DAYS - 1)).isoformat(),
        "to": today.isoformat(),
    }
    created: list[SalesProfile] = []
    changed: list[SalesProfile] = []
    refreshed: list[SalesProfile] = []
    for uid in users:
        result = domain.derive_profile(*minutes.get(uid, (0, 0)), rule)
        evidence = result.evidence() | period
        profile = existing.get(uid)
        if profile is None:
            created.append(
                SalesProfile(
                    user_id=uid, derived=result.profile, derived_at=now, derived_from=evidence
                )
            )
            continue
        target = changed if profile.derived != result.profile else refreshed
        profile.derived, profile.derived_at, profile.derived_from = result.profile, now, evidence
        profile.updated_at = now  # bulk updates skip auto_now
        target.append(profile)
    if created:
        bulk_create_with_history(
            created, SalesProfile, batch_size=500, default_change_reason=DERIVE_REASON
        )
    if changed:
        bulk_update_with_history(
            changed,
            SalesProfile,
            ["derived", "derived_at", "derived_from", "updated_at"],
            batch_size=500,
            default_change_reason=DERIVE_REASON,
        )
    if refreshed:
        SalesProfile.objects.bulk_update(
            refreshed, ["derived_at", "derived_from", "updated_at"], batch_size=500
        )
    return len(created) + len(changed) + len(refreshed)


@transaction.atomic
def profile_override(
    *,
    user: User,
    target: User,
    profile: str,
    note: str,
    seen_updated_at: datetime | None = None,
) -> SalesProfile:
    """A manager sets `target`'s profile (hunter, farmer or unknown) with a note saying why;
    an empty `profile` clears the override (the derived one is in force again).
    PermissionDenied unless `user` is a manager; ConflictError when the profile changed
    since `seen_updated_at`; ValidationError for a portal user, an unknown profile or a
    missing note."""
    require_portfolio_manager(user)
    if target.role == Role.PORTAL:
        raise ValidationError({"user": [_("Customer portal users have no sales profile.")]})
    current = SalesProfile.objects.select_for_update(of=("self",)).filter(user=target).first()
    check_seen(current, seen_updated_at)
    profile = (profile or "").strip()
    note = (note or "").strip()
    if profile and profile not in Profile.values:
        raise ValidationError({"profile": [_("Choose hunter, farmer or unknown.")]})
    if profile and not note:
        raise ValidationError({"note": [_("Say why you set the profile.")]})
    current = current or SalesProfile(user=target)
    current.override = profile
    current.override_note = note if profile else ""
    current.override_by = user if profile else None
    current.override_at = timezone.now() if profile else None
    # simple-history's hook for the record's reason, not a model field:
    current._change_reason = note or "override cleared"  # type: ignore[attr-defined]
    current.save()
    return current
