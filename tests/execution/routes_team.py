"""Rows for tests/test_routes_authz.py ROUTES (merged there): the account team pages and
API, team gaps, and the execution settings.

An account's team is read by whoever sees the account and written by its writers
(viewers 403); outsiders and portal users get 404. The gaps list is for every internal
user (scoped to what they see). The execution settings are read by every internal user
and changed by administrators and directors only.
"""

from __future__ import annotations

from typing import Any

from keyplan.accounts.models import AccountTeamMember
from keyplan.execution.models import ExecutionSettings
from tests.test_routes_authz import Call, api_account, internal, managers, scoped

BACK = "/execution/team/account/"


def account(w) -> dict[str, Any]:
    return {"pk": w.account.pk}


def _entry(w) -> AccountTeamMember:
    return AccountTeamMember.objects.get(account=w.account, user=w.member)


def web_member(w) -> dict[str, Any]:
    return {"pk": _entry(w).pk}


def api_member(w) -> dict[str, Any]:
    return {"member_id": _entry(w).pk}


def _function(w) -> str | None:
    found = AccountTeamMember.objects.filter(account=w.account, user=w.member)
    return found.values_list("function", flat=True).first()


def _director_added(w) -> bool:
    return AccountTeamMember.objects.filter(
        account=w.account, user=w.director, function="finance"
    ).exists()


SETTINGS_FORM = {
    "saa_cadence": "quarterly",
    "seven_s_cadence": "quarterly",
    "reminder_days": "7",
    "required_functions": ["sales", "service"],
    "weight_class": "30",
    "weight_score": "20",
    "weight_return": "35",
    "weight_completeness": "15",
}


def _settings_changed(w) -> bool:
    # Not `load()`: that would create the row, a change the refused calls must not show.
    return ExecutionSettings.objects.filter(reminder_days=7).exists()


ROUTES: dict[str, tuple[Call, ...]] = {
    "team:account": (Call("get", account, scoped(200)),),
    "team:member-add": (
        Call(
            "post",
            account,
            scoped(BACK, viewer=403),
            data=lambda w: {"user": w.director.pk, "function": "finance", "committed_hours": "8"},
            effect=_director_added,
        ),
    ),
    "team:member-edit": (
        Call(
            "post",
            web_member,
            scoped(BACK, viewer=403),
            data=lambda w: {"function": "service", "committed_hours": "20", "role": "Support"},
            effect=lambda w: _function(w) == "service",
        ),
    ),
    "team:member-remove": (
        Call("post", web_member, scoped(BACK, viewer=403), effect=lambda w: _function(w) is None),
    ),
    "team:gaps": (Call("get", lambda w: {}, internal(200)),),
    "team:settings": (
        Call("get", lambda w: {}, internal(200)),
        Call(
            "post",
            lambda w: {},
            managers("/execution/settings/"),
            data=lambda w: SETTINGS_FORM,
            effect=_settings_changed,
        ),
    ),
    # --- API -------------------------------------------------------------------------------
    "api:create_team_member": (
        Call(
            "post",
            api_account,
            scoped(201, viewer=403, anonymous=401),
            data=lambda w: {"user_id": w.director.pk, "function": "finance"},
            api=True,
            effect=_director_added,
        ),
    ),
    "api:get_team_member": (Call("get", api_member, scoped(200, anonymous=401), api=True),),
    "api:update_team_member": (
        Call(
            "patch",
            api_member,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"function": "service", "committed_hours": 12},
            api=True,
            effect=lambda w: _function(w) == "service",
        ),
    ),
    "api:delete_team_member": (
        Call(
            "delete",
            api_member,
            scoped(204, viewer=403, anonymous=401),
            api=True,
            effect=lambda w: _function(w) is None,
        ),
    ),
    "api:account_team_coverage": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "api:portfolio_team_coverage": (
        Call("get", lambda w: {}, internal(200, anonymous=401), api=True),
    ),
    "api:get_execution_settings": (
        Call("get", lambda w: {}, internal(200, anonymous=401), api=True),
    ),
    "api:update_execution_settings": (
        Call(
            "patch",
            lambda w: {},
            managers(200, anonymous=401),
            data=lambda w: {"reminder_days": 7},
            api=True,
            effect=_settings_changed,
        ),
    ),
}
