"""Browser journey of the zipper (issue #6): a KAM adds a link from the keyboard, edits
it inline (htmx swaps the row), cancels with Escape, and meets a conflict in the row."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from keyplan.stakeholders.models import Relationship
from tests.browser.support import watch_csp
from tests.factories import AccountFactory, ContactFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_kam_links_edits_inline_and_meets_a_conflict(page, login):
    kam = UserFactory(username="kam", role="kam", first_name="Kasia", last_name="Nowak")
    account = AccountFactory(name="Polmet", owner=kam, account_class="strategic")
    ContactFactory(account=account, first_name="Jan", last_name="Kowalski", authority=5)
    violations = watch_csp(page)
    login(page, kam)

    page.goto(f"/stakeholders/relationships/account/{account.pk}/")
    expect(page.locator(".risk-list")).to_contain_text("Nobody of ours")
    page.get_by_text("Add a link").click()
    expect(page.get_by_label("Their person")).to_be_focused()
    page.get_by_label("Their person").select_option(label="Jan Kowalski")
    page.get_by_label("Our person").select_option(label="Kasia Nowak")
    page.get_by_label("Strength").select_option("2")
    page.get_by_label("Notes").fill("Met at the fair")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".relationship-list")).to_contain_text("2/5")
    link = Relationship.objects.get()
    row = page.locator(f"#rel-{link.pk}")
    expect(page.locator("#risks")).to_contain_text("Jan Kowalski has no strong link")

    # Inline edit: the row becomes a form, Escape gives the row back.
    row.get_by_role("link", name="Edit").click()
    expect(row.locator("form.relationship-form")).to_be_visible()
    expect(row.get_by_label("Their person")).to_be_focused()
    page.keyboard.press("Escape")
    expect(row.locator("form.relationship-form")).to_have_count(0)
    expect(row.get_by_role("link", name="Edit")).to_be_focused()

    # Save inline with Ctrl+Enter: only the row changes.
    row.get_by_role("link", name="Edit").click()
    row.get_by_label("Strength").select_option("4")
    row.get_by_label("Notes").focus()
    page.keyboard.press("Control+Enter")
    expect(row).to_contain_text("4/5")
    expect(page.locator("#risks")).not_to_contain_text("Jan Kowalski has no strong link")
    assert Relationship.objects.get().strength == 4

    # Someone else saves first: the row shows the conflict and their version.
    row.get_by_role("link", name="Edit").click()
    expect(row.locator("form.relationship-form")).to_be_visible()
    Relationship.objects.filter(pk=link.pk).update(strength=5)
    Relationship.objects.get(pk=link.pk).save()  # a new updated_at
    row.get_by_label("Strength").select_option("1")
    row.get_by_role("button", name="Save").click()
    expect(row.locator(".conflict")).to_contain_text("Someone else changed this link")
    expect(row.get_by_label("Strength")).to_have_value("5")
    assert Relationship.objects.get().strength == 5
    assert not violations, violations
