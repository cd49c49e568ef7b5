"""The sensitive acts of the apps above users land on the audit trail (issue #18):
accounts archived, restored and purged, a contact's erasure, plans archived and
restored, portal invitations and deactivations. Each act writes exactly one event of
its kind, by whoever did it, naming what it was done to; the page shows them with
translated labels and filters them; only administrators see it."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from keyplan.accounts import archive
from keyplan.plans.versions.services import plan_archive, plan_create, plan_restore
from keyplan.portal.invitations.services import invitation_create, portal_user_deactivate
from keyplan.stakeholders.privacy.services import contact_erase
from keyplan.users.models import AuditEvent, AuditKind

# The sign-ins of client_for() are on the trail too; these tests read the acts only.
ACTS = [
    AuditKind.ACCOUNT_ARCHIVED,
    AuditKind.ACCOUNT_RESTORED,
    AuditKind.ACCOUNT_PURGED,
    AuditKind.CONTACT_ERASED,
    AuditKind.PLAN_ARCHIVED,
    AuditKind.PLAN_RESTORED,
    AuditKind.PORTAL_INVITED,
    AuditKind.PORTAL_DEACTIVATED,
]


def _acts() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind__in=ACTS).order_by("pk"))


def _only(kind: str) -> AuditEvent:
    events = _acts()
    assert [e.kind for e in events] == [kind], events
    return events[0]


def test_account_archive_restore_and_purge_each_write_one_event(world):
    account = world.account
    archive.account_archive(user=world.owner, account=account)
    archive.account_archive(user=world.owner, account=account)  # already archived: no event
    archived = _only(AuditKind.ACCOUNT_ARCHIVED)
    assert (archived.actor, archived.after) == (world.owner, "Polmet Sp. z o.o.")

    AuditEvent.objects.all().delete()
    archive.account_restore(user=world.director, account=account)
    restored = _only(AuditKind.ACCOUNT_RESTORED)
    assert (restored.actor, restored.after) == (world.director, "Polmet Sp. z o.o.")

    AuditEvent.objects.all().delete()
    archive.account_archive(user=world.admin, account=account)
    account.refresh_from_db()
    archive.account_purge(user=world.admin, account=account, confirm_name="Polmet Sp. z o.o.")
    purged = [e for e in _acts() if e.kind == AuditKind.ACCOUNT_PURGED]
    assert len(purged) == 1
    assert (purged[0].actor, purged[0].after) == (world.admin, "Polmet Sp. z o.o.")


def test_archiving_through_the_page_writes_one_event(world, client_for):
    response = client_for("owner").post(reverse("accounts:delete", args=[world.account.pk]))
    assert response.status_code == 302
    event = _only(AuditKind.ACCOUNT_ARCHIVED)
    assert event.actor == world.owner


def test_contact_erasure_records_the_contact_id_not_the_person(world):
    contact = world.contact
    contact.email = "jan.kowalski@polmet.example"
    contact.save()
    contact_erase(user=world.owner, contact=contact)
    event = _only(AuditKind.CONTACT_ERASED)
    assert event.actor == world.owner
    assert event.after == f"Polmet Sp. z o.o.: #{contact.pk}"
    recorded = " ".join([event.username, event.before, event.after])
    assert "Kowalski" not in recorded and "polmet.example" not in recorded


def test_plan_archive_and_restore_each_write_one_event(world):
    plan = plan_create(
        user=world.owner,
        account=world.account,
        period="2027",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    plan_archive(user=world.owner, plan=plan)
    archived = _only(AuditKind.PLAN_ARCHIVED)
    assert (archived.actor, archived.after) == (world.owner, "Polmet Sp. z o.o.: 2027 v1")

    AuditEvent.objects.all().delete()
    plan.refresh_from_db()
    plan_restore(user=world.director, plan=plan)
    restored = _only(AuditKind.PLAN_RESTORED)
    assert (restored.actor, restored.after) == (world.director, "Polmet Sp. z o.o.: 2027 v1")


def test_portal_invitation_and_deactivation_each_write_one_event(world):
    invitation_create(user=world.owner, account=world.account, email="Anna@Polmet.example")
    invited = _only(AuditKind.PORTAL_INVITED)
    assert (invited.actor, invited.username) == (world.owner, "anna@polmet.example")
    assert invited.after == "Polmet Sp. z o.o."

    AuditEvent.objects.all().delete()
    portal_user_deactivate(user=world.admin, account=world.other_account, target=world.portal)
    gone = _only(AuditKind.PORTAL_DEACTIVATED)
    assert (gone.actor, gone.target) == (world.admin, world.portal)
    assert gone.after == "Other Customer GmbH"


def test_audit_page_shows_and_filters_the_acts_in_the_readers_language(world, client_for):
    archive.account_archive(user=world.owner, account=world.account)
    invitation_create(user=world.owner, account=world.account, email="anna@polmet.example")
    client = client_for("admin")
    url = reverse("administration:audit")

    only_archives = client.get(url, {"kind": "account_archived"})
    rows = only_archives.context["page"].object_list
    assert [e.kind for e in rows] == ["account_archived"]
    html = only_archives.content.decode()
    assert "Account archived" in html and "Polmet Sp. z o.o." in html
    assert '<option value="portal_invited">Invited to the customer portal</option>' in html

    polish = client.get(url, {"kind": "portal_invited"}, HTTP_ACCEPT_LANGUAGE="pl")
    assert [e.kind for e in polish.context["page"].object_list] == ["portal_invited"]
    html = polish.content.decode()
    assert 'lang="pl"' in html
    with translation.override("pl"):
        label = str(AuditKind.PORTAL_INVITED.label)
    assert f"<td>{label}</td>" in html


@pytest.mark.parametrize("name", ["outsider", "owner", "director", "portal"])
def test_only_administrators_see_the_audit_page(world, client_for, name):
    archive.account_archive(user=world.owner, account=world.account)
    response = client_for(name).get(reverse("administration:audit"))
    assert response.status_code in (302, 404)
    assert b"Account archived" not in response.content
