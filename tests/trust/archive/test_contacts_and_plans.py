"""Contacts and plans are archived, not deleted (issue #19); erasure reaches archived
people and every history row."""

from __future__ import annotations

from django.urls import reverse

from keyplan.accounts.forms import ContactForm
from keyplan.accounts.models import Contact
from keyplan.plans.models import AccountPlan, PlanState
from keyplan.stakeholders.privacy import services as privacy
from tests.factories import ContactFactory
from tests.plans.support import make_plan
from tests.support import assert_error


def test_contact_delete_archives_and_hides_it_from_pickers(world, api):
    boss = ContactFactory(account=world.account, last_name="Boss")

    response = api("member").delete(f"/contacts/{boss.pk}")

    assert response.status_code == 204
    assert Contact.all_objects.get(pk=boss.pk).archived_at is not None
    contacts = api("member").get(f"/accounts/{world.account.pk}/contacts").json()
    listed = [c["id"] for c in contacts.get("items", contacts)]
    assert boss.pk not in listed
    form = ContactForm(account=world.account)
    assert boss not in form.fields["reports_to"].queryset


def test_archived_contact_is_restored(world, api, client_for):
    api("member").delete(f"/contacts/{world.contact.pk}")
    page = client_for("member").get(reverse("accounts:detail-people", args=[world.account.pk]))
    assert reverse("accounts:contact-restore", args=[world.contact.pk]) in page.content.decode()

    assert_error(api("viewer").post(f"/contacts/{world.contact.pk}/restore"), 403)
    response = api("member").post(f"/contacts/{world.contact.pk}/restore")

    assert response.status_code == 200
    assert Contact.objects.filter(pk=world.contact.pk).exists()


def test_archived_contact_is_erased_history_included(world, api):
    world.contact.email = "jan@customer.example"
    world.contact.phone = "+48 600 100 200"
    world.contact.save()
    api("owner").delete(f"/contacts/{world.contact.pk}")

    privacy.contact_erase(user=world.owner, contact=world.contact)

    contact = Contact.all_objects.get(pk=world.contact.pk)
    assert contact.erased_at is not None and contact.email == ""
    history = Contact.history.filter(id=world.contact.pk)
    assert set(history.values_list("email", "phone")) == {("", "")}


def test_plan_delete_archives_and_restore_brings_the_draft_back(world, api, client_for):
    plan = make_plan(world)

    assert api("owner").delete(f"/plans/{plan.pk}").status_code == 204

    plan.refresh_from_db()
    assert (plan.state, plan.archived_by) == (PlanState.ARCHIVED, world.owner)
    listed = [p["id"] for p in api("owner").get(f"/accounts/{world.account.pk}/plans").json()]
    assert plan.pk not in listed
    page = client_for("owner").get(reverse("plans:account", args=[world.account.pk]))
    assert reverse("plans:restore", args=[plan.pk]) in page.content.decode()

    assert_error(api("member").post(f"/plans/{plan.pk}/restore"), 403)
    response = api("owner").post(f"/plans/{plan.pk}/restore")

    assert response.status_code == 200
    assert AccountPlan.objects.get(pk=plan.pk).state == PlanState.DRAFT
