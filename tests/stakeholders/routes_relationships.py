"""Rows for tests/test_routes_authz.py ROUTES (merged there): the zipper's pages and API.

Links, coverage and risks are read by whoever sees the account and written by its team
(viewers 403); outsiders and portal users get 404. The selling settings are read by every
internal user and changed by administrators and directors only.
"""

from __future__ import annotations

from typing import Any

from keyplan.stakeholders.models import Relationship, SellingSettings
from tests.test_routes_authz import Call, api_account, internal, managers, scoped

BACK = "/stakeholders/relationships/account/"


def account(w) -> dict[str, Any]:
    return {"pk": w.account.pk}


def _link(w) -> Relationship:
    w.link = Relationship.objects.create(
        account=w.account, contact=w.contact, user=w.owner, strength=2
    )
    return w.link


def web_link(w) -> dict[str, Any]:
    return {"pk": _link(w).pk}


def api_link(w) -> dict[str, Any]:
    return {"relationship_id": _link(w).pk}


def _strength(w) -> int | None:
    return Relationship.objects.filter(pk=w.link.pk).values_list("strength", flat=True).first()


def _created(w) -> bool:
    return Relationship.objects.filter(contact=w.contact, user=w.member).exists()


SETTINGS_FORM = {
    "norm_strategic": "60",
    "norm_regular": "30",
    "norm_prospect": "10",
    "tolerance": "10",
    "single_thread_share": "70",
    "key_stakeholder_level": "4",
    "strong_link_strength": "3",
    "freshness_days": "120",
    "hunter_share": "50",
    "farmer_share": "70",
    "profile_min_hours": "20",
    "new_logo_days": "365",
}


def _fresh_days(w) -> bool:
    # Read without `load()`, which would create the row a refused write must not add.
    days = SellingSettings.objects.filter(pk=1).values_list("freshness_days", flat=True)
    return days.first() == 120


ROUTES: dict[str, tuple[Call, ...]] = {
    "relationships:account": (Call("get", account, scoped(200)),),
    "relationships:create": (
        Call(
            "post",
            account,
            scoped(BACK, viewer=403),
            data=lambda w: {"contact": w.contact.pk, "user": w.member.pk, "strength": "3"},
            effect=_created,
        ),
    ),
    "relationships:edit": (
        Call(
            "post",
            web_link,
            scoped(BACK, viewer=403),
            data=lambda w: {"contact": w.contact.pk, "user": w.owner.pk, "strength": "5"},
            effect=lambda w: _strength(w) == 5,
        ),
    ),
    "relationships:delete": (
        Call("post", web_link, scoped(BACK, viewer=403), effect=lambda w: _strength(w) is None),
    ),
    "relationships:coverage": (Call("get", account, scoped(200)),),
    "relationships:at-risk": (Call("get", lambda w: {}, internal(200)),),
    "relationships:settings": (
        Call("get", lambda w: {}, internal(200)),
        Call(
            "post",
            lambda w: {},
            managers("/stakeholders/relationships/settings/"),
            data=lambda w: SETTINGS_FORM,
            effect=_fresh_days,
        ),
    ),
    # --- API -------------------------------------------------------------------------------
    "api:list_relationships": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "api:create_relationship": (
        Call(
            "post",
            api_account,
            scoped(201, viewer=403, anonymous=401),
            data=lambda w: {"contact_id": w.contact.pk, "user_id": w.member.pk, "strength": 3},
            api=True,
            effect=_created,
        ),
    ),
    "api:get_relationship": (Call("get", api_link, scoped(200, anonymous=401), api=True),),
    "api:update_relationship": (
        Call(
            "patch",
            api_link,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"strength": 5},
            api=True,
            effect=lambda w: _strength(w) == 5,
        ),
    ),
    "api:delete_relationship": (
        Call(
            "delete",
            api_link,
            scoped(204, viewer=403, anonymous=401),
            api=True,
            effect=lambda w: _strength(w) is None,
        ),
    ),
    "api:relationship_coverage": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "api:account_relationship_risks": (
        Call("get", api_account, scoped(200, anonymous=401), api=True),
    ),
    "api:portfolio_relationship_risks": (
        Call("get", lambda w: {}, internal(200, anonymous=401), api=True),
    ),
    "api:get_selling_settings": (
        Call("get", lambda w: {}, internal(200, anonymous=401), api=True),
    ),
    "api:update_selling_settings": (
        Call(
            "patch",
            lambda w: {},
            managers(200, anonymous=401),
            data=lambda w: {"freshness_days": 120},
            api=True,
            effect=_fresh_days,
        ),
    ),
}
