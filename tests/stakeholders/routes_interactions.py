"""Rows for tests/test_routes_authz.py ROUTES (merged there): every interaction and time
entry page and API URL name.

Reading is for whoever sees the account; writing for its team (viewers 403); a manual
time entry is changed by its own person or a manager (the owner's entry: the member
gets 403). Outsiders and portal users get 404; anonymous users go to the login page (the
API: 401).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from keyplan.stakeholders.interactions import services as svc
from keyplan.stakeholders.models import Interaction, TimeEntry
from tests.test_routes_authz import Call, api_account, scoped

API = {"api": True}
TIMELINE = "/interactions/account/"


def account(w) -> dict[str, Any]:
    return {"account_pk": w.account.pk}


def _interaction(w) -> Interaction:
    w.interaction = svc.interaction_create(
        user=w.owner,
        account=w.account,
        data={
            "kind": "call",
            "occurred_on": date(2026, 2, 3),
            "duration_minutes": 20,
            "subject": "Price call",
            "our_people": [w.owner.pk],
            "their_people": [w.contact.pk],
        },
    )
    return w.interaction


def interaction(w) -> dict[str, Any]:
    return {"pk": _interaction(w).pk}


def api_interaction(w) -> dict[str, Any]:
    return {"interaction_id": _interaction(w).pk}


def _entry(w) -> TimeEntry:
    w.entry = svc.time_entry_create(
        user=w.owner,
        account=w.account,
        data={"spent_on": date(2026, 2, 3), "minutes": 30, "note": "Offer"},
    )
    return w.entry


def entry(w) -> dict[str, Any]:
    return {"pk": _entry(w).pk}


def api_entry(w) -> dict[str, Any]:
    return {"entry_id": _entry(w).pk}


def _subject(w) -> str | None:
    found = Interaction.objects.filter(pk=w.interaction.pk).first()
    return found.subject if found else None


def _minutes(w) -> int | None:
    found = TimeEntry.objects.filter(pk=w.entry.pk).first()
    return found.minutes if found else None


def _form(w) -> dict[str, Any]:
    return {
        "kind": "meeting",
        "occurred_on": "2026-03-04",
        "duration_minutes": "60",
        "subject": "Plant visit",
        "their_people": [w.contact.pk],
        "our_people": [w.owner.pk],
    }


ROUTES: dict[str, tuple[Call, ...]] = {
    "interactions:account": (Call("get", account, scoped(200)),),
    "interactions:create": (
        Call("get", account, scoped(200, viewer=403)),
        Call(
            "post",
            account,
            scoped(TIMELINE, viewer=403),
            data=_form,
            effect=lambda w: Interaction.objects.filter(subject="Plant visit").exists(),
        ),
    ),
    "interactions:edit": (
        Call("get", interaction, scoped(200, viewer=403)),
        Call(
            "post",
            interaction,
            scoped(TIMELINE, viewer=403),
            data=lambda w: _form(w) | {"subject": "Renamed"},
            effect=lambda w: _subject(w) == "Renamed",
        ),
    ),
    "interactions:delete": (
        Call("get", interaction, scoped(200, viewer=403)),
        Call(
            "post",
            interaction,
            scoped(TIMELINE, viewer=403),
            effect=lambda w: _subject(w) is None,
        ),
    ),
    "interactions:time": (Call("get", account, scoped(200)),),
    "interactions:time-create": (
        Call("get", account, scoped(200, viewer=403)),
        Call(
            "post",
            account,
            scoped(TIMELINE, viewer=403),
            data=lambda w: {"spent_on": "2026-03-04", "minutes": "45", "note": "Tender"},
            effect=lambda w: TimeEntry.objects.filter(note="Tender").exists(),
        ),
    ),
    # The owner's own entry: the member may not change it (403), managers may.
    "interactions:time-edit": (
        Call("get", entry, scoped(200, viewer=403, member=403)),
        Call(
            "post",
            entry,
            scoped(TIMELINE, viewer=403, member=403),
            data=lambda w: {"spent_on": "2026-02-03", "minutes": "50", "note": "Offer"},
            effect=lambda w: _minutes(w) == 50,
        ),
    ),
    "interactions:time-delete": (
        Call("get", entry, scoped(200, viewer=403, member=403)),
        Call(
            "post",
            entry,
            scoped(TIMELINE, viewer=403, member=403),
            effect=lambda w: _minutes(w) is None,
        ),
    ),
    # --- API ------------------------------------------------------------------------------
    "api:list_interactions": (Call("get", api_account, scoped(200, anonymous=401), **API),),
    "api:create_interaction": (
        Call(
            "post",
            api_account,
            scoped(201, viewer=403, anonymous=401),
            data=lambda w: {
                "kind": "visit",
                "occurred_on": "2026-03-05",
                "subject": "API visit",
                "their_people": [w.contact.pk],
            },
            effect=lambda w: Interaction.objects.filter(subject="API visit").exists(),
            **API,
        ),
    ),
    "api:get_interaction": (Call("get", api_interaction, scoped(200, anonymous=401), **API),),
    "api:update_interaction": (
        Call(
            "patch",
            api_interaction,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"subject": "Renamed"},
            effect=lambda w: _subject(w) == "Renamed",
            **API,
        ),
    ),
    "api:delete_interaction": (
        Call(
            "delete",
            api_interaction,
            scoped(204, viewer=403, anonymous=401),
            effect=lambda w: _subject(w) is None,
            **API,
        ),
    ),
    "api:list_time_entries": (Call("get", api_account, scoped(200, anonymous=401), **API),),
    "api:create_time_entry": (
        Call(
            "post",
            api_account,
            scoped(201, viewer=403, anonymous=401),
            data=lambda w: {"spent_on": "2026-03-05", "minutes": 15, "note": "API time"},
            effect=lambda w: TimeEntry.objects.filter(note="API time").exists(),
            **API,
        ),
    ),
    "api:get_time_entry": (Call("get", api_entry, scoped(200, anonymous=401), **API),),
    "api:update_time_entry": (
        Call(
            "patch",
            api_entry,
            scoped(200, viewer=403, member=403, anonymous=401),
            data=lambda w: {"minutes": 50},
            effect=lambda w: _minutes(w) == 50,
            **API,
        ),
    ),
    "api:delete_time_entry": (
        Call(
            "delete",
            api_entry,
            scoped(204, viewer=403, member=403, anonymous=401),
            effect=lambda w: _minutes(w) is None,
            **API,
        ),
    ),
}
