"""Zipper pages: the links of an account with inline editing, the coverage matrix, the
accounts at risk, the settings, and the risk card on the account page."""

from __future__ import annotations

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.stakeholders.models import Relationship, SellingSettings
from keyplan.stakeholders.relationships.services import SETTINGS_FIELDS
from tests.factories import AccountFactory, ContactFactory, UserFactory


def _url(name, *args):
    return reverse(f"relationships:{name}", args=args)


def _link(w, *, user=None, contact=None, strength=2) -> Relationship:
    return Relationship.objects.create(
        account=w.account, contact=contact or w.contact, user=user or w.owner, strength=strength
    )


def test_list_shows_links_levels_risks_and_the_add_form(world, client_for):
    world.contact.level = "executive"
    world.contact.save()
    _link(world, strength=4)

    response = client_for("owner").get(_url("account", world.account.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Jan Kowalski" in page and "4/5" in page
    assert "Senior manager" in page  # the KAM's level, from the role
    assert "Add a link" in page and _url("create", world.account.pk) in page
    assert "Risks" in page and "keyplan/zipper.js" in page


def test_viewer_reads_without_forms_and_empty_state(world, client_for):
    response = client_for("viewer").get(_url("account", world.account.pk))

    page = response.content.decode()
    assert "No link yet" in page
    assert "Add a link" not in page
    assert "Nobody of ours is linked" in page


def test_edit_row_inline_and_save(world, client_for):
    link = _link(world)
    client = client_for("member")

    page = client.get(_url("account", world.account.pk) + f"?edit={link.pk}").content.decode()

    assert 'class="editing"' in page and "autofocus" in page and "js-cancel" in page
    response = client.post(
        _url("edit", link.pk) + "?sort=-strength&edit=1",
        {
            "contact": world.contact.pk,
            "user": world.owner.pk,
            "strength": "5",
            "notes": "Board dinner",
            "seen_updated_at": link.updated_at.isoformat(),
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?sort=-strength#rel-{link.pk}")  # same order
    link.refresh_from_db()
    assert (link.strength, link.notes) == (5, "Board dinner")


def test_stale_edit_answers_409_with_the_current_version(world, client_for):
    link = _link(world)
    seen = link.updated_at.isoformat()
    link.strength = 4
    link.save()

    response = client_for("owner").post(
        _url("edit", link.pk),
        {
            "contact": world.contact.pk,
            "user": world.owner.pk,
            "strength": "1",
            "seen_updated_at": seen,
        },
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this link" in page
    assert '<option value="4" selected>' in page
    assert Relationship.objects.get(pk=link.pk).strength == 4


def test_invalid_add_answers_422_with_the_message_by_the_field(world, client_for):
    _link(world)

    response = client_for("owner").post(
        _url("create", world.account.pk),
        {"contact": world.contact.pk, "user": world.owner.pk, "strength": "3"},
    )

    assert response.status_code == 422
    assert "already has a link" in response.content.decode()
    assert Relationship.objects.count() == 1


def test_stale_delete_answers_409(world, client_for):
    link = _link(world)
    seen = link.updated_at.isoformat()
    link.save()

    response = client_for("owner").post(_url("delete", link.pk), {"seen_updated_at": seen})

    assert response.status_code == 409
    assert Relationship.objects.filter(pk=link.pk).exists()


def test_list_query_count_is_fixed_and_paginated(world, client_for):
    client = client_for("owner")
    SellingSettings.load()
    client.get(_url("account", world.account.pk))  # the first request saves the session

    def grow(n):
        for _ in range(n):
            _link(
                world, user=UserFactory(role="team"), contact=ContactFactory(account=world.account)
            )

    grow(2)
    with CaptureQueriesContext(connection) as small:
        client.get(_url("account", world.account.pk) + "?sort=-strength")
    grow(60)
    with CaptureQueriesContext(connection) as large:
        response = client.get(_url("account", world.account.pk) + "?sort=-strength")

    assert len(small) == len(large)
    assert response.context["page"].paginator.num_pages == 2
    assert len(response.context["rows"]) == 50


def test_coverage_page_highlights_gaps(world, client_for):
    world.contact.level = "executive"
    world.contact.save()
    _link(world, user=world.member)

    response = client_for("viewer").get(_url("coverage", world.account.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert "is-gap" in page and "No peer link" in page
    rows = {row["row"].level: row["row"] for row in response.context["rows"]}
    assert rows["executive"].is_gap


def test_coverage_page_empty_state(world, client_for):
    world.contact.delete()

    page = client_for("owner").get(_url("coverage", world.account.pk)).content.decode()

    assert "No contacts at this account yet" in page


def test_at_risk_page_lists_filters_and_sorts(world, client_for):
    AccountFactory(name="Zeta Prospect", owner=world.owner, account_class="prospect")

    response = client_for("owner").get(_url("at-risk") + "?sort=name")

    names = [row.name for row in response.context["page"].object_list]
    assert names == [world.account.name, "Zeta Prospect"]
    filtered = client_for("owner").get(_url("at-risk") + "?class=prospect")
    assert [row.name for row in filtered.context["page"].object_list] == ["Zeta Prospect"]
    assert world.other_account.name not in response.content.decode()


def test_at_risk_page_query_count_is_fixed(world, client_for):
    client = client_for("director")
    SellingSettings.load()
    client.get(_url("at-risk"))  # the first request saves the session

    def grow(n, start):
        for i in range(start, start + n):
            account = AccountFactory(name=f"Grow {i:03}", owner=world.owner)
            ContactFactory(account=account, authority=5)

    grow(2, 0)
    with CaptureQueriesContext(connection) as small:
        client.get(_url("at-risk"))
    grow(55, 2)
    with CaptureQueriesContext(connection) as large:
        response = client.get(_url("at-risk"))

    assert len(small) == len(large)
    assert response.context["page"].paginator.num_pages == 2


def test_at_risk_page_empty_state(world, client_for):
    response = client_for("outsider").get(_url("at-risk") + "?class=strategic")

    assert "No account at risk" in response.content.decode()


def test_settings_page_read_only_for_others_and_history(world, client_for):
    client = client_for("director")
    current = SellingSettings.load()
    form = {name: getattr(current, name) for name in SETTINGS_FIELDS}

    saved = client.post(
        _url("settings"),
        form | {"freshness_days": 45, "seen_updated_at": current.updated_at.isoformat()},
    )
    stale = client.post(
        _url("settings"),
        form | {"freshness_days": 20, "seen_updated_at": current.updated_at.isoformat()},
    )
    invalid = client.post(_url("settings"), form | {"single_thread_share": "150"})

    assert saved.status_code == 302
    assert (
        stale.status_code == 409 and "Someone else changed the settings" in stale.content.decode()
    )
    assert invalid.status_code == 422
    assert SellingSettings.load().freshness_days == 45
    page = client_for("member").get(_url("settings")).content.decode()
    assert "Only administrators and sales directors" in page
    assert "<del>90</del>" in page and "<ins>45</ins>" in page


def _card(account, can_write=True) -> str:
    template = Template("{% load zipper %}{% risk_card account can_write %}")
    return template.render(Context({"account": account, "can_write": can_write}))


def test_risk_card_shows_counts_and_risks(world):
    key = ContactFactory(account=world.account, last_name="Wojcik", authority=5)
    Relationship.objects.create(account=world.account, contact=key, user=world.owner, strength=1)

    html = _card(world.account)

    assert "1 link" in html and "Key stakeholder" in html and "Wojcik" in html
    assert reverse("relationships:coverage", args=[world.account.pk]) in html


def test_risk_card_query_count_is_fixed(world):
    SellingSettings.load()

    def grow(n):
        for _ in range(n):
            contact = ContactFactory(account=world.account, authority=5)
            Relationship.objects.create(
                account=world.account, contact=contact, user=UserFactory(role="team"), strength=1
            )

    grow(1)
    with CaptureQueriesContext(connection) as small:
        _card(world.account)
    grow(20)
    with CaptureQueriesContext(connection) as large:
        html = _card(world.account)

    assert len(small) == len(large) <= 6
    assert "more risks" in html


def test_account_page_shows_the_risk_card(world, client_for):
    url = reverse("accounts:detail-people", args=[world.account.pk])
    response = client_for("owner").get(url)

    assert response.status_code == 200
    assert 'id="relationship-risks"' in response.content.decode()
