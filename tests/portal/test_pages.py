"""The customer's portal pages: home, shared plan sections read-only, shared reports;
the second access rule (only the own account, only what is shared)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.plans.support import add, this_year

from .support import issued_report, share


def test_home_without_sharing_is_an_empty_state(customer_client):
    response = customer_client.get(reverse("portal-home"))

    assert response.status_code == 200
    assert "Nothing has been shared with you yet." in response.content.decode()


def test_home_lists_shared_sections_and_reports(world, customer_client):
    share(world, "profile", "swot", "reports")
    report = issued_report(world)
    issued_report(world, account=world.other_account)  # another customer's: never shown

    body = customer_client.get(reverse("portal-home")).content.decode()

    assert reverse("portal:section", args=["profile"]) in body
    assert reverse("portal:section", args=["swot"]) in body
    assert reverse("portal:section", args=["goals"]) not in body
    assert reverse("portal:report", args=[report.pk]) in body
    assert "March went well" in body
    assert world.other_account.name not in body


def test_reports_need_the_section_and_the_reports_own_sharing(world, customer_client):
    unshared = issued_report(world, shared=False)
    share(world, "profile")
    shared = issued_report(world, month=4)

    assert customer_client.get(reverse("portal:report", args=[shared.pk])).status_code == 404
    share(world, "reports")
    assert customer_client.get(reverse("portal:report", args=[shared.pk])).status_code == 200
    assert customer_client.get(reverse("portal:report", args=[unshared.pk])).status_code == 404


def test_report_page_is_in_the_portal_layout_without_inline_style(world, customer_client):
    share(world, "reports")
    report = issued_report(world)

    response = customer_client.get(reverse("portal:report", args=[report.pk]))
    body = response.content.decode()

    assert response.status_code == 200
    assert "March went well" in body
    assert reverse("portal:report-pdf", args=[report.pk]) in body
    # the page's Content-Security-Policy refuses inline style (style-src 'self')
    assert "<style" not in body and " style=" not in body


def test_another_accounts_report_is_404(world, client_for):
    share(world, "reports", account=world.other_account)
    mine = issued_report(world, account=world.other_account)
    theirs = issued_report(world)
    portal = client_for("portal")  # a portal user of world.other_account

    assert portal.get(reverse("portal:report", args=[mine.pk])).status_code == 200
    assert portal.get(reverse("portal:report", args=[theirs.pk])).status_code == 404


def test_section_shows_the_customer_facing_fields_read_only(world, customer_client):
    plan = this_year(world)
    add(plan, "swot", world.owner, text="Strong cash position", evidence="Internal: CFO leak")
    share(world, "swot")

    response = customer_client.get(reverse("portal:section", args=["swot"]))
    body = response.content.decode()

    assert response.status_code == 200
    assert "Strong cash position" in body and "Cash flow" in body
    assert "CFO leak" not in body
    # read-only: the only forms on the page are the comment forms (and the language switch)
    main = body.split('<main id="main"')[1]
    assert main.count("<form") == main.count('class="comment-form"') == 1


def test_unshared_section_and_unknown_section_are_404(world, customer_client):
    this_year(world)
    share(world, "profile", level="partner")

    assert customer_client.get(reverse("portal:section", args=["swot"])).status_code == 404
    assert customer_client.get(reverse("portal:section", args=["potential"])).status_code == 404
    assert customer_client.get(reverse("portal:section", args=["goals"])).status_code == 404


def test_other_accounts_portal_user_sees_none_of_it(world, client_for):
    plan = this_year(world)
    add(plan, "profile", world.owner, text="Polmet expands into Germany")
    share(world, "profile")
    portal = client_for("portal")

    assert portal.get(reverse("portal:section", args=["profile"])).status_code == 404
    body = portal.get(reverse("portal-home")).content.decode()
    assert "Polmet" not in body and "Germany" not in body


def test_internal_users_and_anonymous_do_not_reach_portal_pages(world, client_for):
    share(world, "profile")
    for name in ("admin", "director", "owner", "member", "viewer", "outsider"):
        client = client_for(name)
        assert client.get(reverse("portal-home")).status_code == 404, name
        assert client.get(reverse("portal:section", args=["profile"])).status_code == 404, name
    anonymous = Client().get(reverse("portal:section", args=["profile"]))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_portal_users_do_not_reach_internal_pages(world, customer_client):
    for url in (
        reverse("accounts:list"),
        reverse("accounts:detail", args=[world.account.pk]),
        reverse("accounts:detail-people", args=[world.account.pk]),
        reverse("portal:people", args=[world.account.pk]),
        reverse("portal:sharing", args=[world.account.pk]),
        f"/api/v1/accounts/{world.account.pk}",
    ):
        assert customer_client.get(url).status_code == 404, url


def test_the_page_follows_the_customers_language(world, customer_client):
    share(world, "profile")
    customer_client.cookies["keyplan_language"] = "pl"

    body = customer_client.get(reverse("portal-home")).content.decode()

    assert 'lang="pl"' in body


def test_section_query_count_is_bounded(world, customer_client, django_assert_max_num_queries):
    plan = this_year(world)
    for number in range(12):
        add(plan, "swot", world.owner, text=f"Strength {number}")
    share(world, "swot")

    with django_assert_max_num_queries(20):
        assert customer_client.get(reverse("portal:section", args=["swot"])).status_code == 200
