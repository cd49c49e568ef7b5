"""`keyplan users invite` and `keyplan users list` (issue #18)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from keyplan.users.models import AuditEvent, BusinessUnit, UserInvitation


def test_invite_sends_the_link(world, capsys, django_capture_on_commit_callbacks):
    BusinessUnit.objects.create(name="North", code="north")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("users", "invite", "cli@example.com", "--role", "kam", "--unit", "NORTH")
    invitation = UserInvitation.objects.get()
    assert (invitation.role, invitation.business_unit.code) == ("kam", "north")
    assert invitation.invited_by == world.admin
    assert "Invited cli@example.com as kam" in capsys.readouterr().out
    assert mail.outbox[0].to == ["cli@example.com"] and "/welcome/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(kind="invited", actor=world.admin).count() == 1


def test_invite_refuses_taken_address_and_unknown_unit(world):
    with pytest.raises(CommandError, match="already signs in"):
        call_command("users", "invite", "owner@example.com", "--role", "kam")
    with pytest.raises(CommandError, match="no active business unit"):
        call_command("users", "invite", "x@example.com", "--role", "kam", "--unit", "nope")
    with pytest.raises(CommandError, match="administrator"):
        call_command("users", "invite", "x@example.com", "--role", "kam", "--by", "director")
    assert not UserInvitation.objects.exists()


def test_list(world, capsys):
    call_command("users", "list")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7 and lines[0].split("\t")[1:3] == ["admin", "admin"]
