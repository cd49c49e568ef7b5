"""The people pages: contact list, org chart, grid, buying centre, the account-page
card, and the contact form with the new fields. Query counts pinned at two sizes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.accounts.models import Contact
from tests.factories import ContactFactory


def _scored(world, n: int):
    boss = ContactFactory(
        account=world.account,
        last_name="Boss",
        influence=5,
        interest=5,
        buying_roles=["economic_buyer"],
    )
    made = [boss]
    for i in range(n):
        made.append(
            ContactFactory(
                account=world.account,
                last_name=f"Person{i:03d}",
                influence=1 + i % 5,
                interest=1 + (i * 2) % 5,
                reports_to=made[-1] if i % 3 else boss,
                buying_roles=["user"] if i % 2 else ["influencer"],
                attitude="supporter",
            )
        )
    return made


def test_grid_places_contacts_in_the_named_quadrants(world, client_for):
    ContactFactory(account=world.account, last_name="Strong", influence=4, interest=5)
    ContactFactory(account=world.account, last_name="Quiet", influence=5, interest=1)
    ContactFactory(account=world.account, last_name="Keen", influence=1, interest=4)
    ContactFactory(account=world.account, last_name="Far", influence=2, interest=2)

    response = client_for("viewer").get(reverse("people:grid", args=[world.account.pk]))

    assert response.status_code == 200
    quadrants = {q.key: [c.last_name for c in q.contacts] for q in response.context["quadrants"]}
    assert quadrants == {
        "manage_closely": ["Strong"],
        "keep_satisfied": ["Quiet"],
        "keep_informed": ["Keen"],
        "monitor": ["Far"],
    }
    assert [c.last_name for c in response.context["unplaced"]] == ["Kowalski"]
    html = response.content.decode()
    for label in ("Manage closely", "Keep satisfied", "Keep informed", "Monitor"):
        assert label in html  # readable without JavaScript
    assert 'id="grid-chart-data"' in html
    assert "<script>" not in html  # CSP: data only, through json_script


def test_org_chart_lists_people_under_their_manager(world, client_for):
    ceo = ContactFactory(account=world.account, first_name="Anna", last_name="Chief")
    ContactFactory(account=world.account, first_name="Ola", last_name="Buyer", reports_to=ceo)

    response = client_for("member").get(reverse("people:org-chart", args=[world.account.pk]))

    rows = [(c.last_name, depth) for c, depth in response.context["rows"]]
    assert ("Chief", 0) in rows and ("Buyer", 1) in rows
    assert rows.index(("Buyer", 1)) == rows.index(("Chief", 0)) + 1
    tree = response.context["chart"]["tree"]
    assert tree["name"] == world.account.name
    chief = next(n for n in tree["children"] if n["id"] == ceo.pk)
    assert [child["name"].split("\n")[0] for child in chief["children"]] == ["Ola Buyer"]
    assert 'class="chart chart-tall js-org-chart"' in response.content.decode()


def test_org_chart_survives_a_reporting_cycle(world, client_for):
    a = ContactFactory(account=world.account, last_name="Alpha")
    b = ContactFactory(account=world.account, last_name="Beta", reports_to=a)
    Contact.objects.filter(pk=a.pk).update(reports_to=b)  # past the service's check

    response = client_for("owner").get(reverse("people:org-chart", args=[world.account.pk]))

    assert response.status_code == 200
    names = [c.last_name for c, _d in response.context["rows"]]
    assert sorted(names) == ["Alpha", "Beta", "Kowalski"]


def test_empty_states(world, client_for):
    world.contact.delete()
    client = client_for("owner")

    for name in ("people:account", "people:org-chart", "people:grid"):
        html = client.get(reverse(name, args=[world.account.pk])).content.decode()
        assert "empty-state" in html, name
    html = client.get(reverse("people:buying-centre", args=[world.account.pk])).content.decode()
    assert "Nobody known" in html


def test_buying_centre_shows_missing_essential_roles(world, client_for):
    ContactFactory(account=world.account, last_name="Payer", buying_roles=["economic_buyer"])

    response = client_for("owner").get(reverse("people:buying-centre", args=[world.account.pk]))

    assert response.context["missing_essential_labels"] == ["Decision maker"]
    html = response.content.decode()
    assert "Essential roles with nobody known: Decision maker." in html
    assert "Payer" in html


def test_contact_list_sorts_and_paginates(world, client_for):
    _scored(world, 60)
    client = client_for("owner")
    url = reverse("people:account", args=[world.account.pk])

    first = client.get(url)
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 62
    by_influence = client.get(url, {"sort": "influence"}).context["page"].object_list
    assert by_influence[0].influence == 5
    reversed_ = client.get(url, {"sort": "-name"}).context["page"].object_list
    assert reversed_[0].last_name == "Person059"
    assert client.get(url, {"sort": "bogus", "page": "999"}).status_code == 200


@pytest.mark.parametrize(
    "name", ["people:account", "people:org-chart", "people:grid", "people:buying-centre"]
)
def test_pages_make_a_fixed_number_of_queries(world, client_for, name):
    client = client_for("owner")
    url = reverse(name, args=[world.account.pk])
    _scored(world, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _scored(world, 40)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_account_card_makes_a_fixed_number_of_queries(world, client_for):
    from django.template import Context, Template

    template = Template("{% load people %}{% people_card account True %}")
    _scored(world, 2)
    with CaptureQueriesContext(connection) as few:
        template.render(Context({"account": world.account}))
    _scored(world, 30)
    with CaptureQueriesContext(connection) as many:
        html = template.render(Context({"account": world.account}))

    assert len(many) == len(few) == 1
    assert "Nobody known as: Decision maker." in html
    assert 'href="/stakeholders/people/' in html


def test_account_page_shows_the_card_and_the_new_columns(world, client_for):
    world.contact.buying_roles = ["decision_maker", "user"]
    world.contact.level = "executive"
    world.contact.attitude = "champion"
    world.contact.save()

    url = reverse("accounts:detail-people", args=[world.account.pk])
    html = client_for("viewer").get(url).content.decode()

    assert 'id="people"' in html
    assert "Decision maker, User" in html
    assert "Executive" in html and "Champion" in html
    assert "Nobody known as: Economic buyer." in html


def test_contact_form_saves_the_new_fields(world, client_for):
    boss = ContactFactory(account=world.account, last_name="Boss")
    client = client_for("owner")
    url = reverse("accounts:contact-edit", args=[world.contact.pk])
    page = client.get(url).content.decode()
    assert 'name="buying_roles"' in page and 'type="checkbox"' in page
    assert f'<option value="{boss.pk}">' in page
    assert f'<option value="{world.contact.pk}"' not in page  # not their own manager

    response = client.post(
        url,
        {
            "first_name": "Jan",
            "last_name": "Kowalski",
            "buying_roles": ["user", "economic_buyer"],
            "level": "senior_manager",
            "authority": "4",
            "influence": "5",
            "interest": "3",
            "attitude": "supporter",
            "competitor_attitude": "sceptic",
            "biased_against_us": "on",
            "reports_to": boss.pk,
        },
    )

    assert response.status_code == 302
    contact = Contact.objects.get(pk=world.contact.pk)
    assert contact.buying_roles == ["economic_buyer", "user"]  # BuyingRole order
    assert (contact.level, contact.authority, contact.influence, contact.interest) == (
        "senior_manager",
        4,
        5,
        3,
    )
    assert contact.biased_against_us and contact.reports_to == boss


def test_contact_form_refuses_a_cycle_and_bad_scores(world, client_for):
    boss = ContactFactory(account=world.account, last_name="Boss", reports_to=world.contact)
    client = client_for("owner")
    url = reverse("accounts:contact-edit", args=[world.contact.pk])

    response = client.post(
        url, {"first_name": "Jan", "last_name": "Kowalski", "reports_to": boss.pk, "influence": 9}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "reports_to" in errors and "influence" in errors
    assert Contact.objects.get(pk=world.contact.pk).reports_to is None


def test_contact_form_refuses_a_stale_save(world, client_for):
    client = client_for("owner")
    url = reverse("accounts:contact-edit", args=[world.contact.pk])
    seen = world.contact.updated_at
    Contact.objects.filter(pk=world.contact.pk).update(title="Changed elsewhere")
    world.contact.refresh_from_db()
    world.contact.save()  # a newer updated_at

    response = client.post(
        url, {"first_name": "Jan", "last_name": "Mine", "seen_updated_at": seen.isoformat()}
    )

    assert response.status_code == 409
    assert "Someone else saved this contact" in response.content.decode()
    assert Contact.objects.get(pk=world.contact.pk).last_name == "Kowalski"


def test_contact_list_shows_roles_and_personal_data_links_to_who_may_use_them(world, client_for):
    world.contact.buying_roles = ["champion"]
    world.contact.save()
    url = reverse("people:account", args=[world.account.pk])
    export = reverse("people:contact-export", args=[world.contact.pk])

    owner_html = client_for("owner").get(url).content.decode()
    member_html = client_for("member").get(url).content.decode()

    assert "Champion" in owner_html
    assert export in owner_html
    assert export not in member_html
