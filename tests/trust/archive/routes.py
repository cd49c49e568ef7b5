"""Rows for tests/test_routes_authz.py ROUTES (merged there): restoring archived
accounts, contacts and plans, and purging an account (issue #19)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from keyplan.accounts.models import Account, Contact
from keyplan.plans.models import AccountPlan, PlanState
from tests.plans.support import make_plan
from tests.test_routes_authz import LOGIN, Call, scoped

API = {"api": True}


def _archived_account(w) -> Account:
    Account.objects.filter(pk=w.account.pk).update(archived_at=timezone.now())
    return w.account


def account(w) -> dict[str, Any]:
    return {"pk": _archived_account(w).pk}


def api_account(w) -> dict[str, Any]:
    return {"account_id": _archived_account(w).pk}


def _archived_contact(w) -> Contact:
    Contact.all_objects.filter(pk=w.contact.pk).update(archived_at=timezone.now())
    return w.contact


def _archived_plan(w) -> AccountPlan:
    w.plan = make_plan(w)
    AccountPlan.objects.filter(pk=w.plan.pk).update(
        state=PlanState.ARCHIVED, archived_at=timezone.now()
    )
    return w.plan


def _account_restored(w) -> bool:
    return Account.objects.get(pk=w.account.pk).archived_at is None


def _contact_restored(w) -> bool:
    return Contact.all_objects.get(pk=w.contact.pk).archived_at is None


def _plan_restored(w) -> bool:
    return AccountPlan.objects.get(pk=w.plan.pk).state == PlanState.DRAFT


def _purged(w) -> bool:
    return not Account.objects.filter(pk=w.account.pk).exists()


# A purge is an administrator's act only: everyone else who sees the account gets 403.
ADMIN_ONLY = {**scoped(200, viewer=403, member=403), "director": 403, "owner": 403}
ADMIN_ONLY_POST = {
    **scoped("/accounts/", viewer=403, member=403),
    "director": 403,
    "owner": 403,
    "anonymous": LOGIN,
}

ROUTES: dict[str, tuple[Call, ...]] = {
    "accounts:restore": (
        Call(
            "post",
            account,
            scoped("/accounts/", viewer=403, member=403),
            effect=_account_restored,
        ),
    ),
    "accounts:purge": (
        Call("get", account, ADMIN_ONLY),
        Call(
            "post",
            account,
            ADMIN_ONLY_POST,
            data=lambda w: {"confirm_name": w.account.name},
            effect=_purged,
        ),
    ),
    "accounts:contact-restore": (
        Call(
            "post",
            lambda w: {"pk": _archived_contact(w).pk},
            scoped("/accounts/", viewer=403),
            effect=_contact_restored,
        ),
    ),
    "plans:restore": (
        Call(
            "post",
            lambda w: {"pk": _archived_plan(w).pk},
            scoped("/plans/account/", viewer=403, member=403),
            effect=_plan_restored,
        ),
    ),
    "api:restore_account": (
        Call(
            "post",
            api_account,
            scoped(200, viewer=403, member=403, anonymous=401),
            effect=_account_restored,
            **API,
        ),
    ),
    "api:restore_contact": (
        Call(
            "post",
            lambda w: {"contact_id": _archived_contact(w).pk},
            scoped(200, viewer=403, anonymous=401),
            effect=_contact_restored,
            **API,
        ),
    ),
    "api:restore_plan": (
        Call(
            "post",
            lambda w: {"plan_id": _archived_plan(w).pk},
            scoped(200, viewer=403, member=403, anonymous=401),
            effect=_plan_restored,
            **API,
        ),
    ),
}
