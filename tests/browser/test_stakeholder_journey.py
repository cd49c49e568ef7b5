"""Browser journey of the stakeholders (issue #6): a KAM adds contacts with influence,
interest and a manager, and sees them on the grid and on the org chart, both charts
drawn, with no Content Security Policy violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from keyplan.accounts.models import Contact
from tests.browser.support import watch_csp
from tests.factories import AccountFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _add_contact(page, account, first: str, last: str, influence: str, interest: str) -> None:
    page.goto(f"/accounts/{account.pk}/contacts/new/")
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Influence (1-5)").fill(influence)
    page.get_by_label("Interest (1-5)").fill(interest)
    page.get_by_label("Economic buyer").check()
    page.get_by_label("Interest (1-5)").press("Control+Enter")  # the keyboard saves
    expect(page).to_have_url(re.compile(rf"/accounts/{account.pk}/"))


def test_kam_adds_people_and_sees_them_on_the_grid_and_the_org_chart(page, login):
    kam = UserFactory(username="kam6", role="kam")
    account = AccountFactory(name="Stalwerk SA", owner=kam, account_class="strategic")
    violations = watch_csp(page)
    login(page, kam)

    _add_contact(page, account, "Anna", "Chief", "5", "5")
    _add_contact(page, account, "Ola", "Buyer", "2", "4")
    ola = Contact.objects.get(last_name="Buyer")
    page.goto(f"/accounts/contacts/{ola.pk}/edit/")
    page.get_by_label("Reports to").select_option(label="Anna Chief")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(rf"/accounts/{account.pk}/"))
    assert Contact.objects.get(pk=ola.pk).reports_to.last_name == "Chief"
    expect(page.locator("#people")).to_contain_text("2 contacts")

    page.goto(f"/stakeholders/people/{account.pk}/grid/")
    expect(page.locator("#quadrant-manage_closely")).to_contain_text("Anna Chief")
    expect(page.locator("#quadrant-keep_informed")).to_contain_text("Ola Buyer")
    expect(page.locator(".js-grid-chart canvas")).to_be_attached()

    page.goto(f"/stakeholders/people/{account.pk}/org-chart/")
    expect(page.locator(".js-org-chart canvas")).to_be_attached()
    expect(page.locator("#org-list li[data-depth='1']")).to_contain_text("Ola Buyer")
    expect(page.locator("#org-list li[data-depth='0']")).to_contain_text("Anna Chief")
    assert not violations, violations
