"""Account, team, contact and portfolio pages through the Django test client."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from keyplan.accounts import services
from keyplan.accounts.models import Account, AccountTeamMember, Contact
from keyplan.accounts.selectors import SORTS
from tests.factories import AccountFactory, ContactFactory, TeamMemberFactory, UserFactory
from tests.support import field_errors, messages_of

LIST = reverse("accounts:list")


def names(response) -> list[str]:
    return [account.name for account in response.context["page"].object_list]


def account_form(account: Account, **changes) -> dict:
    data = {
        "name": account.name,
        "external_id": account.external_id,
        "tax_id": account.tax_id,
        "account_class": account.account_class,
        "status": account.status,
        "owner": account.owner_id or "",
        "parent": account.parent_id or "",
        "industry": account.industry,
        "country": account.country,
        "region": account.region,
        "currency": account.currency,
        "annual_revenue": account.annual_revenue or "",
        "notes": account.notes,
    }
    return data | changes


def new_account_form(**changes) -> dict:
    data = {
        "name": "Nowa Firma SA",
        "account_class": "prospect",
        "status": "active",
        "currency": "PLN",
        "country": "PL",
        "industry": "retail",
    }
    return data | changes


# --- list: search, filters, sort, pagination -------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("polmet", ["Polmet Sp. z o.o."]),
        ("GMBH", ["Other Customer GmbH"]),
        ("ext-other-1", ["Other Customer GmbH"]),  # external id, any case
        ("EXT-OTHER-1", ["Other Customer GmbH"]),
        ("5261040828", ["Polmet Sp. z o.o."]),  # part of the tax id
        ("  polmet  ", ["Polmet Sp. z o.o."]),
        ("no such customer", []),
    ],
)
def test_list_search_by_name_external_id_and_tax_id(world, client_for, q, expected):
    Account.objects.filter(pk=world.account.pk).update(tax_id="PL5261040828")
    Account.objects.filter(pk=world.other_account.pk).update(external_id="ext-other-1")

    response = client_for("director").get(LIST, {"q": q})

    assert response.status_code == 200
    assert names(response) == expected


def test_list_search_never_widens_what_a_user_sees(world, client_for):
    response = client_for("owner").get(LIST, {"q": "GmbH"})

    assert names(response) == []


@pytest.mark.parametrize(
    ("param", "value", "expected"),
    [
        ("class", "strategic", ["Polmet Sp. z o.o."]),
        ("class", "regular", ["Other Customer GmbH"]),
        ("industry", "retail", ["Retail Co"]),
        ("industry", "manufacturing", ["Other Customer GmbH", "Polmet Sp. z o.o."]),
        ("country", "DE", ["Other Customer GmbH"]),
        ("country", "de", ["Other Customer GmbH"]),
        ("country", "CZ", ["Retail Co"]),
    ],
)
def test_list_filters(world, client_for, param, value, expected):
    AccountFactory(name="Retail Co", industry="retail", country="CZ", account_class="prospect")

    response = client_for("director").get(LIST, {param: value})

    assert names(response) == expected
    assert response.context["filtered"] is True


def test_list_filter_by_owner(world, client_for):
    response = client_for("director").get(LIST, {"owner": world.outsider.pk})

    assert names(response) == ["Other Customer GmbH"]
    # the owner filter offers only owners of accounts the user can see
    owners = client_for("member").get(LIST).context["owners"]
    assert owners == [world.owner]


@pytest.fixture
def sortable(world):
    """Three accounts whose every sort key gives a different order."""
    zeta = UserFactory(role="kam", last_name="Zeta")
    alpha = UserFactory(role="kam", last_name="Alpha")
    mid = UserFactory(role="kam", last_name="Mid")
    a = AccountFactory(
        name="Sorttest A", account_class="prospect", owner=zeta, country="PL", industry="retail"
    )
    b = AccountFactory(
        name="Sorttest B", account_class="strategic", owner=alpha, country="DE", industry="energy"
    )
    c = AccountFactory(
        name="Sorttest C", account_class="regular", owner=mid, country="CZ", industry="automotive"
    )
    now = timezone.now()
    for account, days_ago in [(b, 3), (c, 2), (a, 1)]:
        Account.objects.filter(pk=account.pk).update(updated_at=now - timedelta(days=days_ago))
    return world


ASCENDING = {
    "name": "ABC",
    "class": "ACB",  # prospect, regular, strategic
    "owner": "BCA",  # Alpha, Mid, Zeta
    "country": "CBA",  # CZ, DE, PL
    "industry": "CBA",  # automotive, energy, retail
    "updated": "BCA",
}


def test_every_sort_key_is_tested():
    assert set(SORTS) == set(ASCENDING) | {f"-{key}" for key in ASCENDING}


@pytest.mark.parametrize("key", sorted(ASCENDING))
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_list_sort(sortable, client_for, key, descending):
    order = ASCENDING[key][::-1] if descending else ASCENDING[key]
    sort = f"-{key}" if descending else key

    response = client_for("director").get(LIST, {"q": "Sorttest", "sort": sort})

    assert names(response) == [f"Sorttest {letter}" for letter in order]
    # the column's header shows the order and links to the opposite one
    state, flip = ("descending", key) if descending else ("ascending", f"-{key}")
    html = response.content.decode()
    assert html.count(f'aria-sort="{state}"') == 1
    assert re.search(rf'href="[^"]*sort={re.escape(flip)}"[^>]*aria-sort="{state}"', html)


def test_list_pagination(world, client_for):
    AccountFactory.create_batch(30)  # 32 with the world's two
    client = client_for("director")

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert 'rel="next"' in first.content.decode()
    assert second.context["page"].number == 2
    assert len(second.context["page"].object_list) == 7
    assert "Page 2 of 2" in second.content.decode()
    assert not set(names(first)) & set(names(second))


def test_list_empty_state_without_filters(db, client):
    client.force_login(UserFactory(role="kam"))

    response = client.get(LIST)

    html = response.content.decode()
    assert "No accounts yet." in html
    assert reverse("accounts:create") in html  # a KAM is offered to create the first one
    assert "No account matches these filters." not in html


def test_list_empty_state_for_viewer_offers_no_create(db, client):
    client.force_login(UserFactory(role="viewer"))

    html = client.get(LIST).content.decode()

    assert "No accounts yet." in html
    assert reverse("accounts:create") not in html


def test_list_empty_state_with_filters(world, client_for):
    response = client_for("director").get(LIST, {"q": "nothing like this", "class": "suspect"})

    html = response.content.decode()
    assert "No account matches these filters." in html
    assert "Clear the filters" in html
    assert "No accounts yet." not in html


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [
        ("page=abc", 1),
        ("page=999999999999999999999", 1),
        ("page=-5", 1),
        ("page=", 1),
        ("sort=nope", 1),
        ("sort=", 1),
        ("owner=abc", 1),
        ("owner=99999999999999999999999", 1),
        ("owner=-1", 1),
        ("class=<script>alert(1)</script>", 1),
        ("industry=%00", 1),
        ("country=%00%00", 1),  # NUL: a 500 on PostgreSQL if it reached the database
        ("q=%00", 1),
        ("q=pol%00met", 1),
        ("q=" + "x" * 5000, 1),
        ("q=%25%5F", 1),
        ("sort=name&sort=-name&page=1&page=2", 1),
    ],
)
def test_list_malformed_query_strings_never_fail(world, client_for, query, expected_page):
    response = client_for("director").get(f"{LIST}?{query}")

    assert response.status_code == 200
    assert response.context["page"].number == expected_page
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_list_ignores_unknown_filter_values(world, client_for):
    client = client_for("director")

    for query in ["class=nope", "industry=nope", "owner=abc", "sort=nope"]:
        assert names(client.get(f"{LIST}?{query}")) == ["Other Customer GmbH", "Polmet Sp. z o.o."]


def test_list_htmx_request_gets_only_the_results(world, client_for):
    response = client_for("director").get(LIST, {"q": "polmet"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    templates = [t.name for t in response.templates]
    assert templates[0] == "accounts/_list_results.html"
    assert "accounts/list.html" not in templates
    assert "<html" not in html
    assert 'class="filters"' not in html
    assert "Polmet Sp. z o.o." in html
    assert "Other Customer GmbH" not in html


def test_list_without_htmx_is_the_full_page(world, client_for):
    html = client_for("director").get(LIST).content.decode()

    assert "<html" in html
    assert 'class="filters"' in html


# --- query counts ----------------------------------------------------------------------------

# Pinned (saleor-style): the session, the user, then each page's own fixed set of queries.
# A new query on these pages must be a deliberate change of these numbers.
# The list: the data version, the count, the page's rows, the current plans of the page's
# accounts (completeness column); the filter bar's owners and countries are kept per
# process for the data version (accounts.selectors.account_filter_choices).
LIST_QUERIES = 6
# The plans' facts for their completeness: their item counts (one statement), their
# actions and their contacts' last change.
LIST_WITH_PLANS_QUERIES = LIST_QUERIES + 3
# The account page's overview tab (the other tabs: tests/accounts/workspace): the session,
# the user, the account and its access, the profile's subsidiaries; the health snapshot 1;
# the sales trend (the sales months, the base currency; with sales the rates and the two
# years' figures); the open pipeline 3 (the open ones, their totals per currency, the won
# and lost of the last 12 months); the next actions 1; the top warnings' fixed set; the
# key people 1. It was 48 when the page stacked every card. The settings, the rates and the
# latest sales month are read once however many cards need them (keyplan.core.requestmemo).
DETAIL_QUERIES = 27


def _queries(client, url: str) -> int:
    client.get(url)  # the first request writes the session's time stamps; count the next
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_accounts(world, n: int) -> None:
    for _ in range(n):
        account = AccountFactory(owner=UserFactory(role="kam"), parent=world.account)
        TeamMemberFactory(account=account, user=world.member)
        TeamMemberFactory(account=account)
        ContactFactory(account=account)


@pytest.mark.parametrize("user", ["director", "member"])
def test_list_query_count_does_not_grow_with_data(world, client_for, user):
    client = client_for(user)
    _add_accounts(world, 5)
    small = _queries(client, LIST)

    _add_accounts(world, 35)
    large = _queries(client, LIST)

    assert small == large
    assert large == LIST_QUERIES


def _grow_account(world, n: int) -> None:
    for i in range(n):
        TeamMemberFactory(account=world.account)
        ContactFactory(account=world.account)
        AccountFactory(parent=world.account)
        owner = world.outsider if i % 2 else world.owner
        services.account_update(
            user=world.director, account=world.account, data={"notes": f"v{i}", "owner": owner}
        )


def test_detail_query_count_does_not_grow_with_data(world, client_for):
    client = client_for("director")
    url = reverse("accounts:detail", args=[world.account.pk])
    _grow_account(world, 4)
    small = _queries(client, url)

    _grow_account(world, 36)
    large = _queries(client, url)

    assert small == large
    assert large == DETAIL_QUERIES


# --- create ----------------------------------------------------------------------------------


def test_create_shows_each_error_next_to_its_field(world, client_for):
    response = client_for("owner").post(
        reverse("accounts:create"),
        new_account_form(name="", country="ZZ", currency="XYZ", annual_revenue="-1"),
    )

    assert response.status_code == 200
    assert field_errors(response, "name") == ["This field is required."]
    assert field_errors(response, "country") == [
        "Select a valid choice. ZZ is not one of the available choices."
    ]
    assert field_errors(response, "currency") == [
        "Select a valid choice. XYZ is not one of the available choices."
    ]
    assert field_errors(response, "annual_revenue") == [
        "Ensure this value is greater than or equal to 0."
    ]
    assert "Please correct the errors below." in response.content.decode()
    assert Account.objects.count() == 2


def test_create_by_kam_makes_them_owner(world, client_for):
    response = client_for("owner").post(reverse("accounts:create"), new_account_form())

    account = Account.objects.get(name="Nowa Firma SA")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:detail", args=[account.pk])
    assert account.owner == world.owner
    assert account.history.first().history_user == world.owner


def test_create_by_kam_cannot_name_another_owner(world, client_for):
    client_for("owner").post(reverse("accounts:create"), new_account_form(owner=world.director.pk))

    assert Account.objects.get(name="Nowa Firma SA").owner == world.owner


def test_kam_naming_another_owner_is_refused_by_the_service(world):
    with pytest.raises(ValidationError) as exc:
        services.account_create(user=world.owner, data={"name": "X", "owner": world.director})

    assert "owner" in exc.value.message_dict
    assert not Account.objects.filter(name="X").exists()


def test_create_by_director_with_an_owner(world, client_for):
    response = client_for("director").post(
        reverse("accounts:create"), new_account_form(owner=world.owner.pk), follow=True
    )

    assert Account.objects.get(name="Nowa Firma SA").owner == world.owner
    assert "Account “Nowa Firma SA” created." in messages_of(response)


def test_create_duplicate_external_id_is_refused(world, client_for):
    response = client_for("director").post(
        reverse("accounts:create"), new_account_form(external_id=world.account.external_id)
    )

    assert response.status_code == 200
    # Shown above the form: the conditional unique constraint reports no field.
    assert "Another account already has this external id." in response.content.decode()
    assert not Account.objects.filter(name="Nowa Firma SA").exists()


# --- edit, history and conflicts -------------------------------------------------------------


def test_edit_records_history_shown_on_the_detail_page(world, client_for):
    client = client_for("owner")

    response = client.post(
        reverse("accounts:edit", args=[world.account.pk]),
        account_form(world.account, name="Polmet SA", account_class="regular"),
        follow=True,
    )

    assert "Changes saved." in messages_of(response)
    history = client.get(reverse("accounts:detail-history", args=[world.account.pk]))
    html = history.content.decode()
    assert "Name: <del>Polmet Sp. z o.o.</del> → <ins>Polmet SA</ins>" in html
    assert "Class: <del>Strategic</del> → <ins>Regular</ins>" in html
    assert f"<strong>{escape(str(world.owner))}</strong> — Account: changed" in html


def _seen(response) -> str:
    match = re.search(r'name="seen_updated_at" value="([^"]*)"', response.content.decode())
    assert match, "the edit form carries the version it was loaded with"
    return unescape(match.group(1))


def test_concurrent_edit_is_a_conflict_not_an_overwrite(world, client_for):
    url = reverse("accounts:edit", args=[world.account.pk])
    first, second = client_for("owner"), client_for("member")
    first_seen, second_seen = _seen(first.get(url)), _seen(second.get(url))

    saved = first.post(url, account_form(world.account, notes="first", seen_updated_at=first_seen))
    assert saved.status_code == 302

    conflict = second.post(
        url, account_form(world.account, notes="second", seen_updated_at=second_seen)
    )

    assert conflict.status_code == 200
    html = conflict.content.decode()
    assert "Someone else saved this account while you were editing it." in html
    assert "The version saved by someone else" in html
    assert Account.objects.get(pk=world.account.pk).notes == "first"

    # saving again, now against the version shown, keeps the second user's change
    resaved = second.post(
        url, account_form(world.account, notes="second", seen_updated_at=_seen(conflict))
    )

    assert resaved.status_code == 302
    assert Account.objects.get(pk=world.account.pk).notes == "second"


def test_edit_with_the_loaded_version_saves(world, client_for):
    client = client_for("owner")
    url = reverse("accounts:edit", args=[world.account.pk])

    response = client.post(
        url, account_form(world.account, notes="fresh", seen_updated_at=_seen(client.get(url)))
    )

    assert response.status_code == 302
    assert Account.objects.get(pk=world.account.pk).notes == "fresh"


def test_edit_by_kam_cannot_change_the_owner(world, client_for):
    client_for("owner").post(
        reverse("accounts:edit", args=[world.account.pk]),
        account_form(world.account, owner=world.outsider.pk, notes="changed"),
    )

    account = Account.objects.get(pk=world.account.pk)
    assert account.owner == world.owner
    assert account.notes == "changed"


def test_parent_cycle_is_rejected(world, client_for):
    child = AccountFactory(name="Polmet Daughter", owner=world.owner, parent=world.account)

    response = client_for("owner").post(
        reverse("accounts:edit", args=[world.account.pk]),
        account_form(world.account, parent=child.pk),
    )

    assert response.status_code == 200
    assert field_errors(response, "parent") == [
        "An account cannot be its own parent or the parent of its parent."
    ]
    assert Account.objects.get(pk=world.account.pk).parent is None


def test_account_cannot_be_its_own_parent(world, client_for):
    response = client_for("owner").post(
        reverse("accounts:edit", args=[world.account.pk]),
        account_form(world.account, parent=world.account.pk),
    )

    assert response.status_code == 200
    assert field_errors(response, "parent")
    assert Account.objects.get(pk=world.account.pk).parent is None


def test_parent_must_be_visible(world, client_for):
    response = client_for("owner").post(
        reverse("accounts:edit", args=[world.account.pk]),
        account_form(world.account, parent=world.other_account.pk),
    )

    assert response.status_code == 200
    assert field_errors(response, "parent")
    assert Account.objects.get(pk=world.account.pk).parent is None


# --- delete ----------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_then_archives(world, client_for):
    client = client_for("owner")
    url = reverse("accounts:delete", args=[world.account.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Archive Polmet Sp. z o.o.?" in confirm.content.decode()
    assert Account.objects.filter(pk=world.account.pk).exists()

    response = client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert "Account “Polmet Sp. z o.o.” archived." in messages_of(response)
    assert Account.objects.get(pk=world.account.pk).archived_at is not None
    assert Contact.objects.filter(pk=world.contact.pk).exists()


def test_account_with_subsidiaries_cannot_be_deleted(world, client_for):
    AccountFactory(name="Polmet Daughter", parent=world.account)

    response = client_for("owner").post(reverse("accounts:delete", args=[world.account.pk]))

    assert response.status_code == 200
    assert "This account has subsidiaries; move or archive them first." in response.content.decode()
    assert Account.objects.get(pk=world.account.pk).archived_at is None


def test_detail_offers_delete_only_to_those_who_may(world, client_for):
    delete_url = reverse("accounts:delete", args=[world.account.pk])
    detail = reverse("accounts:detail", args=[world.account.pk])

    assert delete_url in client_for("owner").get(detail).content.decode()
    assert delete_url not in client_for("member").get(detail).content.decode()
    viewer_html = client_for("viewer").get(detail).content.decode()
    assert delete_url not in viewer_html
    assert reverse("accounts:edit", args=[world.account.pk]) not in viewer_html


# --- team ------------------------------------------------------------------------------------


def test_team_add_and_remove(world, client_for):
    client = client_for("owner")

    added = client.post(
        reverse("accounts:team-add", args=[world.account.pk]),
        {"user": world.director.pk, "role": "Sponsor"},
        follow=True,
    )

    assert "Team member added." in messages_of(added)
    entry = AccountTeamMember.objects.get(account=world.account, user=world.director)
    assert entry.role == "Sponsor"

    removed = client.post(
        reverse("accounts:team-remove", args=[world.account.pk, entry.pk]), follow=True
    )

    assert "Team member removed." in messages_of(removed)
    assert not AccountTeamMember.objects.filter(pk=entry.pk).exists()


def test_team_add_rejects_a_duplicate_member(world, client_for):
    response = client_for("owner").post(
        reverse("accounts:team-add", args=[world.account.pk]),
        {"user": world.member.pk},
        follow=True,
    )

    assert [m for m in messages_of(response) if m.startswith("person: Select a valid choice")]
    assert AccountTeamMember.objects.filter(account=world.account, user=world.member).count() == 1


def test_team_add_rejects_a_portal_user(world, client_for):
    response = client_for("owner").post(
        reverse("accounts:team-add", args=[world.account.pk]),
        {"user": world.portal.pk},
        follow=True,
    )

    assert [m for m in messages_of(response) if m.startswith("person: Select a valid choice")]
    assert not AccountTeamMember.objects.filter(user=world.portal).exists()


def test_team_form_offers_neither_members_nor_portal_users(world, client_for):
    url = reverse("accounts:detail-people", args=[world.account.pk])
    response = client_for("owner").get(url)

    offered = set(response.context["team_form"].fields["user"].queryset)
    assert world.director in offered
    assert not offered & {world.member, world.viewer, world.portal}


def test_team_service_messages_for_duplicates_and_portal_users(world):
    with pytest.raises(ValidationError, match="already on the account team"):
        services.team_member_add(user=world.owner, account=world.account, member=world.member)
    with pytest.raises(ValidationError, match="Only active people of our company"):
        services.team_member_add(user=world.owner, account=world.account, member=world.portal)


def test_team_remove_of_another_accounts_member_is_404(world, client_for):
    foreign = TeamMemberFactory(account=world.other_account)

    response = client_for("owner").post(
        reverse("accounts:team-remove", args=[world.account.pk, foreign.pk])
    )

    assert response.status_code == 404
    assert AccountTeamMember.objects.filter(pk=foreign.pk).exists()


# --- contacts --------------------------------------------------------------------------------


def test_contact_create_validates_and_saves(world, client_for):
    client = client_for("member")
    url = reverse("accounts:contact-create", args=[world.account.pk])

    invalid = client.post(url, {"first_name": "Anna", "last_name": "", "email": "not-an-email"})

    assert invalid.status_code == 200
    assert field_errors(invalid, "email") == ["Enter a valid email address."]
    assert field_errors(invalid, "last_name") == ["This field is required."]
    assert not Contact.objects.filter(first_name="Anna").exists()

    valid = client.post(
        url, {"first_name": "Anna", "last_name": "Nowak", "email": "anna@customer.example"}
    )

    assert valid.status_code == 302
    contact = Contact.objects.get(first_name="Anna")
    assert contact.account == world.account
    assert contact.email == "anna@customer.example"


def test_contact_edit_validates_and_saves(world, client_for):
    client = client_for("owner")
    url = reverse("accounts:contact-edit", args=[world.contact.pk])
    original_email = world.contact.email

    invalid = client.post(url, {"first_name": "Jan", "last_name": "Kowalski", "email": "jan@"})

    assert field_errors(invalid, "email") == ["Enter a valid email address."]
    assert Contact.objects.get(pk=world.contact.pk).email == original_email

    valid = client.post(
        url, {"first_name": "Jan", "last_name": "Kowalski", "title": "CFO"}, follow=True
    )

    assert "Changes saved." in messages_of(valid)
    assert Contact.objects.get(pk=world.contact.pk).title == "CFO"
    history = client.get(reverse("accounts:detail-history", args=[world.account.pk]))
    assert "Contact: Jan Kowalski: changed" in history.content.decode()


def test_contact_delete(world, client_for):
    response = client_for("owner").post(
        reverse("accounts:contact-delete", args=[world.contact.pk]), follow=True
    )

    assert "Contact archived. You can restore it from the account page." in messages_of(response)
    assert not Contact.objects.filter(pk=world.contact.pk).exists()  # hidden, not deleted
    assert Contact.all_objects.get(pk=world.contact.pk).archived_at is not None


# --- portfolio -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "total", "text"),
    [
        ("owner", 1, "1 account you can see."),
        ("member", 1, "1 account you can see."),
        ("outsider", 1, "1 account you can see."),
        ("director", 2, "2 accounts you can see."),
        ("admin", 2, "2 accounts you can see."),
    ],
)
def test_portfolio_counts_only_visible_accounts(world, client_for, user, total, text):
    response = client_for(user).get(reverse("portfolio"))

    assert response.context["overview"]["total"] == total
    assert text in response.content.decode()


def test_portfolio_empty_state(db, client):
    client.force_login(UserFactory(role="kam"))

    response = client.get(reverse("portfolio"))

    assert response.context["overview"]["total"] == 0
    assert "Your portfolio is empty." in response.content.decode()


def test_filter_bar_lists_each_country_once(world, client_for):
    from keyplan.accounts.selectors import account_filter_choices

    for name in ("Zeta", "Alfa", "Mid"):
        AccountFactory(name=name, country="DE", owner=world.owner)
    countries = account_filter_choices(user=world.director)["countries"]
    assert countries.count("DE") == 1
    assert countries == sorted(set(countries))


def test_list_shows_plan_completeness_with_a_bounded_number_of_queries(world, client_for):
    from tests.plans.support import add, make_plan

    client = client_for("director")
    plan = make_plan(world)
    add(plan, "swot", world.owner)
    first = _queries(client, LIST)
    for i in range(4):
        other = AccountFactory(name=f"Planned {i}", owner=world.owner)
        make_plan(world, account=other)
    assert _queries(client, LIST) == first == LIST_WITH_PLANS_QUERIES

    page = client.get(LIST).content.decode()
    assert reverse("plans:detail", args=[plan.pk]) in page
    assert "Plan completeness" in page
