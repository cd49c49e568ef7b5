"""The audit trail (issue #18): sign-ins, failed sign-ins and sign-outs come from
Django's signals; the page filters by kind, user and dates, newest first, paged."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from keyplan.users.audit.services import record
from keyplan.users.models import AuditEvent, AuditKind


def test_sign_in_failure_and_sign_out_are_recorded(world, password):
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Agent/" + "x" * 500)
    client.post(reverse("login"), {"username": "ghost", "password": "nope"})
    client.post(reverse("login"), {"username": "owner", "password": "wrong"})
    client.post(reverse("login"), {"username": "owner", "password": password})
    client.post(reverse("logout"))

    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.kind for e in events] == ["login_failed", "login_failed", "login", "logout"]
    ghost, wrong, ok, out = events
    assert (ghost.username, ghost.target) == ("ghost", None)
    assert (wrong.username, wrong.target) == ("owner", world.owner)
    assert (ok.actor, ok.target) == (world.owner, world.owner)
    assert out.actor == world.owner
    assert ok.ip_address == "203.0.113.7"
    assert len(ok.user_agent) == 200 and ok.user_agent.startswith("Agent/")


def _event(kind: str, username: str, when: datetime) -> AuditEvent:
    event = record(kind, username=username)
    AuditEvent.objects.filter(pk=event.pk).update(created_at=when)
    return event


def _names(response) -> list[str]:
    return [e.username for e in response.context["page"].object_list]


def test_audit_page_filters_newest_first(world, client_for):
    now = timezone.now()
    _event(AuditKind.LOGIN_FAILED, "mallory", now - timedelta(days=10))
    _event(AuditKind.LOGIN_FAILED, "mallory", now - timedelta(days=1))
    _event(AuditKind.DEACTIVATED, "owner", now - timedelta(days=5))
    client = client_for("admin")  # records its own sign-in
    url = reverse("administration:audit")

    everything = client.get(url)
    assert _names(everything)[:1] == ["admin"]  # newest first
    assert _names(everything)[1:] == ["mallory", "owner", "mallory"]
    assert _names(client.get(url, {"kind": "login_failed"})) == ["mallory", "mallory"]
    assert _names(client.get(url, {"user": "MALLORY"})) == ["mallory", "mallory"]
    day = (now - timedelta(days=5)).date().isoformat()
    assert _names(client.get(url, {"from": day, "to": day})) == ["owner"]
    # Unreadable filters are ignored.
    odd = client.get(url, {"kind": "nope", "from": "2025-02-30", "to": "99999-01-01"})
    assert odd.status_code == 200 and len(_names(odd)) == 4
    page = client.get(url, {"kind": "deactivated"}).content.decode()
    assert "Deactivated" in page and "owner" in page


def test_audit_page_pages(world, client_for, settings):
    settings.KEYPLAN_PAGE_SIZE = 2
    for n in range(5):
        record(AuditKind.LOGIN_FAILED, username=f"try{n}")
    client = client_for("admin")
    url = reverse("administration:audit")
    first = client.get(url, {"kind": "login_failed"})
    assert _names(first) == ["try4", "try3"]
    assert _names(client.get(url, {"kind": "login_failed", "page": 3})) == ["try0"]
    assert "Page 1 of 3" in first.content.decode()


def test_audit_list_is_one_query(world, client_for, django_assert_max_num_queries):
    for n in range(30):
        record(AuditKind.ROLE_CHANGED, actor=world.admin, target=world.owner, username=f"u{n}")
    client = client_for("admin")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("administration:audit")).status_code == 200


def test_django_admin_changes_are_recorded_too(world, client_for):
    client = client_for("admin")
    client.post(
        reverse("admin:users_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [world.owner.pk]},
    )
    event = AuditEvent.objects.get(kind="deactivated")
    assert (event.actor, event.target) == (world.admin, world.owner)


def test_audit_changes_records_role_unit_and_status(world):
    from keyplan.users.audit.services import audit_changes
    from keyplan.users.models import BusinessUnit, User

    old = User.objects.get(pk=world.member.pk)
    new = User.objects.get(pk=world.member.pk)
    new.role, new.is_active = "kam", False
    new.business_unit = BusinessUnit.objects.create(name="North", code="north")
    audit_changes(actor=world.admin, old=old, new=new)
    kinds = sorted(AuditEvent.objects.filter(target=new).values_list("kind", flat=True))
    assert kinds == ["deactivated", "role_changed", "unit_changed"]
