"""Rows for tests/test_routes_authz.py ROUTES (merged there): the selling pages and API.

Every internal user sees the allocation and profiles (their own data only unless a
manager); deriving, overriding and the reassignment suggestions are for administrators
and directors (others 403); portal users get 404; anonymous: login page or 401.
"""

from __future__ import annotations

from typing import Any

from tests.test_routes_authz import Call, internal, managers, no_kwargs


def _target(w) -> dict[str, Any]:
    return {"user_pk": w.owner.pk}


def _api_target(w) -> dict[str, Any]:
    return {"user_id": w.owner.pk}


def _overridden(w) -> bool:
    from keyplan.stakeholders.models import SalesProfile

    return SalesProfile.objects.filter(user=w.owner, override="farmer").exists()


def _derived(w) -> bool:
    from keyplan.stakeholders.models import SalesProfile

    return SalesProfile.objects.filter(user=w.owner, derived_at__isnull=False).exists()


ROUTES: dict[str, tuple[Call, ...]] = {
    "selling:allocation": (Call("get", no_kwargs, internal(200)),),
    "selling:profiles": (Call("get", no_kwargs, internal(200)),),
    "selling:profiles-derive": (
        Call("post", no_kwargs, managers("/selling/profiles/"), effect=_derived),
    ),
    "selling:profile-override": (
        Call("get", _target, managers(200)),
        Call(
            "post",
            _target,
            managers("/selling/profiles/"),
            data=lambda w: {"profile": "farmer", "note": "Looks after the key accounts"},
            effect=_overridden,
        ),
    ),
    "api:time_allocation": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:list_sales_profiles": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:override_sales_profile": (
        Call(
            "patch",
            _api_target,
            managers(200, anonymous=401),
            data=lambda w: {"profile": "farmer", "note": "Looks after the key accounts"},
            api=True,
            effect=_overridden,
        ),
    ),
    "api:reassignment_suggestions": (
        Call("get", no_kwargs, managers(200, anonymous=401), api=True),
    ),
}
