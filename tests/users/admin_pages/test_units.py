"""Business units in the administrators' pages (issue #18): create, rename, set the head,
with unique names and clear messages."""

from __future__ import annotations

from django.urls import reverse

from keyplan.users.models import AuditEvent, BusinessUnit, User
from tests.support import field_errors


def _form(**data) -> dict:
    return {"name": "North", "code": "north", "head": "", "is_active": "on"} | data


def test_create_rename_and_set_head(world, client_for):
    client = client_for("admin")
    response = client.post(reverse("administration:unit-create"), _form())
    assert response.status_code == 302
    unit = BusinessUnit.objects.get(code="north")

    url = reverse("administration:unit", args=[unit.pk])
    response = client.post(url, _form(name="North-East", head=world.director.pk))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.head) == ("North-East", world.director)
    assert unit.history.first().history_user == world.admin
    listing = client.get(reverse("administration:units")).content.decode()
    assert "North-East" in listing and str(world.director) in listing
    kinds = list(AuditEvent.objects.filter(actor=world.admin).values_list("kind", flat=True))
    assert "unit_created" in kinds and "unit_updated" in kinds
    changed = AuditEvent.objects.get(kind="unit_updated")
    assert "North [north]" in changed.before and "North-East" in changed.after


def test_names_and_codes_are_unique(world, client_for):
    BusinessUnit.objects.create(name="North", code="north")
    client = client_for("admin")
    response = client.post(reverse("administration:unit-create"), _form(name="NORTH", code="n2"))
    assert response.status_code == 400
    assert "already called “NORTH”" in " ".join(field_errors(response, "name"))
    response = client.post(reverse("administration:unit-create"), _form(name="South"))
    assert "already has the code" in " ".join(field_errors(response, "code"))
    assert BusinessUnit.objects.count() == 1


def test_head_must_be_an_active_colleague(world, client_for):
    User.objects.filter(pk=world.owner.pk).update(is_active=False)
    response = client_for("admin").post(
        reverse("administration:unit-create"), _form(head=world.owner.pk)
    )
    assert response.status_code == 400
    assert field_errors(response, "head")
    response = client_for("admin").post(
        reverse("administration:unit-create"), _form(head=world.portal.pk)
    )
    assert response.status_code == 400
    assert not BusinessUnit.objects.exists()


def test_retired_unit_is_not_offered_to_new_people(world, client_for):
    unit = BusinessUnit.objects.create(name="Old", code="old", is_active=False)
    page = client_for("admin").get(reverse("administration:invite")).content.decode()
    assert "Old" not in page
    world.member.business_unit = unit
    world.member.save()
    page = client_for("admin").get(reverse("administration:user", args=[world.member.pk]))
    assert "Old" in page.content.decode()
