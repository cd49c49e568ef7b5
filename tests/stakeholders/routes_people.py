"""Rows for tests/test_routes_authz.py ROUTES (merged there): the people pages and API.

Reading is for whoever sees the account; the personal-data actions (export, erasure)
for administrators and the account's owner only: others who see the account get 403,
outsiders and portal users 404, anonymous users the login page (web) or 401 (API).
"""

from __future__ import annotations

from typing import Any

from keyplan.accounts.models import Contact
from tests.test_routes_authz import Call, scoped

API = {"api": True}


def account(w) -> dict[str, Any]:
    return {"account_pk": w.account.pk}


def api_account(w) -> dict[str, Any]:
    return {"account_id": w.account.pk}


def contact(w) -> dict[str, Any]:
    return {"pk": w.contact.pk}


def api_contact(w) -> dict[str, Any]:
    return {"contact_id": w.contact.pk}


def personal(ok, *, anonymous="/login/"):
    """Administrators and the account's owner; everyone else who sees the account 403."""
    return scoped(403, anonymous=anonymous) | {"admin": ok, "owner": ok}


def _erased(w) -> bool:
    return Contact.objects.get(pk=w.contact.pk).erased_at is not None


ROUTES: dict[str, tuple[Call, ...]] = {
    "people:account": (Call("get", account, scoped(200)),),
    "people:org-chart": (Call("get", account, scoped(200)),),
    "people:grid": (Call("get", account, scoped(200)),),
    "people:buying-centre": (Call("get", account, scoped(200)),),
    "people:contact-export": (Call("get", contact, personal(200)),),
    "people:contact-erase": (
        Call("get", contact, personal(200)),
        Call(
            "post",
            contact,
            personal("/accounts/"),
            data=lambda w: {"confirm_last_name": "Kowalski"},
            effect=_erased,
        ),
    ),
    "api:people_org_chart": (Call("get", api_account, scoped(200, anonymous=401), **API),),
    "api:people_grid": (Call("get", api_account, scoped(200, anonymous=401), **API),),
    "api:people_buying_centre": (Call("get", api_account, scoped(200, anonymous=401), **API),),
    "api:contact_personal_data": (Call("get", api_contact, personal(200, anonymous=401), **API),),
    "api:contact_erase_data": (
        Call("post", api_contact, personal(204, anonymous=401), effect=_erased, **API),
    ),
}
