"""Browser journey of selling time (issue #6): a director sees the allocation chart drawn
and sets a KAM's profile from the keyboard (Ctrl+Enter saves)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keyplan.stakeholders.models import SalesProfile, TimeEntry
from tests.browser.support import watch_csp
from tests.factories import AccountFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_director_reads_the_allocation_and_overrides_a_profile(page, login):
    director = UserFactory(username="dora", role="director")
    kam = UserFactory(username="kam1", role="kam", first_name="Karol", last_name="Hunter")
    today = timezone.localdate()
    for cls, minutes in (("strategic", 60), ("prospect", 240)):
        account = AccountFactory(account_class=cls, owner=kam)
        TimeEntry.objects.create(user=kam, account=account, spent_on=today, minutes=minutes)
    violations = watch_csp(page)
    login(page, director)

    page.goto("/selling/allocation/")
    expect(page.locator(".js-allocation-chart svg").first).to_be_visible()
    expect(page.locator("td .badge", has_text="Hunting instead of farming").first).to_be_visible()

    page.goto(f"/selling/profiles/{kam.pk}/override/")
    page.get_by_label("Profile").select_option("hunter")
    note = page.get_by_label("Why")
    note.fill("Opens new markets")
    note.press("Control+Enter")
    expect(page.locator(".messages")).to_be_visible()
    assert SalesProfile.objects.get(user=kam).override == "hunter"
    assert not violations, violations
