"""A contact's personal data: who may export and erase it, what the export holds, and
that erasure leaves no trace of the person in any text column of any table."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.urls import reverse

from keyplan.accounts import services as account_services
from keyplan.accounts.models import Contact
from keyplan.imports.models import ImportJob, ImportRowError
from keyplan.stakeholders.models import (
    Interaction,
    PersonalDataLog,
    Relationship,
    TimeEntry,
)
from keyplan.stakeholders.privacy import services
from tests.factories import ContactFactory
from tests.plans.support import add, make_plan
from tests.support import ApiClient, assert_error, token_for

FIRST, LAST = "Łucja", "Brightwater"
EMAIL, PHONE = "lucja.brightwater@customer.example", "+48 601 222 333"


@pytest.fixture
def person(world):
    """A contact whose name, e-mail and phone are spread across the database."""
    contact = world.contact
    account_services.contact_update(
        user=world.owner,
        contact=contact,
        data={
            "first_name": "Lucy",  # an earlier name, kept in the history
            "last_name": LAST,
            "email": "old." + EMAIL,
            "phone": PHONE,
            "notes": f"Call {FIRST} on {PHONE}",
        },
    )
    account_services.contact_update(
        user=world.owner,
        contact=contact,
        data={"first_name": FIRST, "email": EMAIL, "title": "CFO"},
    )
    contact.refresh_from_db()
    interaction = Interaction.objects.create(
        account=world.account,
        kind="meeting",
        occurred_on=date(2026, 3, 2),
        duration_minutes=60,
        subject=f"Budget with {FIRST} {LAST}",
        notes=f"{LAST} wants a discount; mail {EMAIL}",
        created_by=world.owner,
    )
    interaction.their_people.add(contact)
    interaction.our_people.add(world.owner)
    TimeEntry.objects.create(
        user=world.owner,
        account=world.account,
        spent_on=date(2026, 3, 2),
        minutes=60,
        source="interaction",
        interaction=interaction,
        note=f"Meeting {LAST}",
    )
    Relationship.objects.create(
        account=world.account,
        contact=contact,
        user=world.owner,
        strength=4,
        notes=f"Golf with {FIRST} {LAST}, {PHONE}",
    )
    plan = make_plan(world)
    add(plan, "action", world.owner, title=f"Send the offer to {LAST}")
    job = ImportJob.objects.create(
        kind="invoices",
        file_path="x.csv",
        original_name="x.csv",
        created_by=world.admin,
        mapping={"contact": EMAIL, "rows": [[f"{FIRST} {LAST}", PHONE]]},
    )
    ImportRowError.objects.create(job=job, line=3, column="Contact", value=EMAIL, reason=LAST)
    LogEntry.objects.create(
        user=world.admin,
        content_type=ContentType.objects.get_for_model(Contact),
        object_id=str(contact.pk),
        object_repr=f"{FIRST} {LAST}",
        action_flag=CHANGE,
        change_message=f"Changed {EMAIL}",
    )
    world.account.notes = f"Key person: {LAST} ({EMAIL})"
    world.account.save()
    return contact


def _hits(needle: str) -> list[str]:
    """Every table with a column (of any type, read as text) holding `needle`."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            columns = connection.introspection.get_table_description(cursor, table)
            where = " OR ".join(f"CAST({quote(c.name)} AS TEXT) LIKE %s" for c in columns)
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(table)} WHERE {where}",
                [f"%{needle}%"] * len(columns),
            )
            if cursor.fetchone()[0]:
                found.append(table)
    return found


def test_erasure_leaves_no_trace_anywhere(world, person):
    needles = [f"{FIRST} {LAST}", LAST, EMAIL, PHONE, "Lucy " + LAST]
    assert all(_hits(n) for n in needles[:4])  # the scan does find them before

    services.contact_erase(user=world.owner, contact=person)

    for needle in needles:
        assert _hits(needle) == [], needle
    contact = Contact.objects.get(pk=person.pk)
    assert str(contact) == f"Erased contact #{person.pk}"
    assert (contact.email, contact.phone, contact.title, contact.notes) == ("", "", "", "")
    assert contact.erased_at is not None
    # figures stay
    interaction = Interaction.objects.get()
    assert interaction.duration_minutes == 60
    assert interaction.subject == f"Budget with Erased contact #{person.pk}"
    assert TimeEntry.objects.get().minutes == 60
    assert Relationship.objects.get().strength == 4
    assert ImportJob.objects.get().mapping["contact"] == f"Erased contact #{person.pk}"
    log = PersonalDataLog.objects.get()
    assert (log.action, log.contact_id_ref, log.done_by) == ("erase", person.pk, world.owner)


def test_erasure_keeps_other_peoples_own_names(world, person):
    namesake = ContactFactory(account=world.account, first_name="Piotr", last_name=LAST)
    world.member.last_name = LAST
    world.member.save()

    services.contact_erase(user=world.admin, contact=person)

    assert Contact.objects.get(pk=namesake.pk).last_name == LAST
    world.member.refresh_from_db()
    assert world.member.last_name == LAST


def test_export_holds_the_contact_and_what_they_took_part_in(world, person):
    data = services.contact_export(user=world.admin, contact=person)

    assert data["contact"]["email"] == EMAIL
    assert data["contact"]["last_name"] == LAST
    assert data["account"]["id"] == world.account.pk
    assert data["relationships"][0]["strength"] == 4
    assert data["interactions"][0]["subject"] == f"Budget with {FIRST} {LAST}"
    assert {h["values"]["first_name"] for h in data["history"]} >= {"Lucy", FIRST}
    json.dumps(data)  # JSON-ready
    log = PersonalDataLog.objects.get()
    assert (log.action, log.done_by) == ("export", world.admin)


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("director", PermissionDenied),
        ("member", PermissionDenied),
        ("viewer", PermissionDenied),
        ("outsider", Http404),
        ("portal", Http404),
    ],
)
def test_only_admins_and_the_owner_handle_personal_data(world, name, error):
    user = world.users()[name]
    with pytest.raises(error):
        services.contact_export(user=user, contact=world.contact)
    with pytest.raises(error):
        services.contact_erase(user=user, contact=world.contact)

    assert Contact.objects.get(pk=world.contact.pk).erased_at is None
    assert not PersonalDataLog.objects.exists()


def test_web_erasure_asks_for_the_last_name(world, client_for):
    client = client_for("owner")
    url = reverse("people:contact-erase", args=[world.contact.pk])

    wrong = client.post(url, {"confirm_last_name": "Nowak"})
    assert wrong.status_code == 422
    assert Contact.objects.get(pk=world.contact.pk).erased_at is None

    right = client.post(url, {"confirm_last_name": "Kowalski"})
    assert right.status_code == 302
    assert Contact.objects.get(pk=world.contact.pk).erased_at is not None

    again = client.post(url, {"confirm_last_name": f"Erased contact #{world.contact.pk}"})
    assert again.status_code == 409


def test_web_export_downloads_json(world, client_for):
    response = client_for("admin").get(reverse("people:contact-export", args=[world.contact.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["contact"]["last_name"] == "Kowalski"


def test_contact_form_shows_the_buttons_only_to_who_may_use_them(world, client_for):
    url = reverse("accounts:contact-edit", args=[world.contact.pk])
    export = reverse("people:contact-export", args=[world.contact.pk])

    assert export in client_for("owner").get(url).content.decode()
    assert export not in client_for("member").get(url).content.decode()


def test_api_export_and_erase(world):
    client = ApiClient(token_for(world.owner))

    exported = client.get(f"/contacts/{world.contact.pk}/personal-data")
    assert exported.status_code == 200
    assert exported.json()["contact"]["last_name"] == "Kowalski"

    erased = client.post(f"/contacts/{world.contact.pk}/erase")
    assert erased.status_code == 204
    assert _hits("Kowalski") == []
    assert_error(client.post(f"/contacts/{world.contact.pk}/erase"), 422)
    assert_error(
        ApiClient(token_for(world.director)).get(f"/contacts/{world.contact.pk}/personal-data"),
        403,
    )


def test_erasure_leaves_no_kept_page_on_disk(
    world, person, client_for, settings, django_capture_on_commit_callbacks
):
    from keyplan.core import pagecache

    settings.PAGE_CACHE = True
    pagecache.clear()
    client = client_for("owner")
    people = reverse("accounts:detail-people", args=[world.account.pk])
    for _ in range(2):
        assert client.get(people).status_code == 200
    assert pagecache.kept_pages()  # kept pages are compressed: the name is not greppable

    with django_capture_on_commit_callbacks(execute=True):
        services.contact_erase(user=world.owner, contact=person)

    assert pagecache.kept_pages() == []
