"""Browser journey of the customer portal (issue #17): a KAM shares a plan section and
issues a monthly report to the portal; the customer's portal user sees exactly those,
comments on the shared item and answers the perception survey; the KAM then finds the
comment and the perception gap. Another customer's portal user sees none of it, and the
first account's items answer 404 to them. No CSP violation and no script error on the way.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keyplan.competition.models import BuyingCriterion, OfferScore
from keyplan.plans.items.services import item_create
from keyplan.plans.versions.services import plan_create
from keyplan.portal.models import PortalComment
from keyplan.portal.sharing.services import section_set, sharing_set_level
from keyplan.reports.models import MonthlyReport
from keyplan.reports.monthly.domain import last_full_month
from tests.browser.support import (
    dom_csp_violations,
    record_csp_violations,
    wait_until,
    watch_problems,
)
from tests.factories import AccountFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SHARED_ITEM = "Strong local service network"
UNSHARED_ITEM = "Cut unplanned downtime"
COMMENT = "Your Poznań service team saved our line last week."


def _plan(owner, account):
    year = timezone.localdate().year
    return plan_create(
        user=owner,
        account=account,
        period=f"FY{year}",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
    )


def _first_account(kam):
    """Polmet: a current plan with a customer SWOT item (to share), a customer goal (kept
    unshared), a self-SWOT statement and a buying criterion with our own score (what the
    survey asks)."""
    account = AccountFactory(name="Polmet Sp. z o.o.", owner=kam, account_class="strategic")
    plan = _plan(kam, account)
    swot = item_create(
        user=kam,
        plan=plan,
        kind="swot",
        data={"quadrant": "S", "factor": "cash_flow", "text": SHARED_ITEM},
    )
    item_create(user=kam, plan=plan, kind="customer_goal", data={"text": UNSHARED_ITEM})
    item_create(
        user=kam,
        plan=plan,
        kind="perception",
        data={"quadrant": "S", "text": "Fast quotes", "our_rating": 5},
    )
    criterion = BuyingCriterion.objects.create(account=account, name="Delivery on time", weight=40)
    OfferScore.objects.create(criterion=criterion, competitor=None, score=4)
    return account, swot


def _second_account():
    """Stalex: another customer sharing its own customer SWOT with its own people."""
    kam = UserFactory(username="marek", role="kam")
    account = AccountFactory(name="Stalex SA", owner=kam)
    plan = _plan(kam, account)
    item_create(
        user=kam,
        plan=plan,
        kind="swot",
        data={"quadrant": "W", "factor": "cash_flow", "text": "Thin margins"},
    )
    sharing_set_level(user=kam, account=account, level="partner")
    section_set(user=kam, account=account, section="swot", shared=True)
    return account


def _log_out(page) -> None:
    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/"))


def _share_section(page, label: str) -> None:
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name=label, exact=True))
    share = row.get_by_role("button", name="Share", exact=True)
    share.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Sharing was saved.")
    expect(row.get_by_role("cell", name="Yes", exact=True)).to_be_visible()


def _kam_shares_and_issues(page, account, problems) -> MonthlyReport:
    # From the home page to the account list, then the account.
    page.get_by_role("navigation").get_by_role("link", name="Accounts", exact=True).first.click()
    page.locator("#results").get_by_role("link", name=account.name, exact=True).click()
    page.get_by_role("link", name="Customer portal").click()
    expect(page.get_by_role("heading", name="What the customer sees")).to_be_visible()
    page.get_by_label("Share level").select_option(label="Partner")
    page.get_by_role("button", name="Save the level").click()
    expect(page.get_by_role("status")).to_contain_text("The share level was saved.")
    for label in ("Monthly reports", "Perception survey", "Customer SWOT"):
        _share_section(page, label)
    goals_row = page.get_by_role("row").filter(
        has=page.get_by_role("cell", name="Your goals and problems", exact=True)
    )
    expect(goals_row.get_by_role("cell", name="No", exact=True)).to_be_visible()
    problems += dom_csp_violations(page)

    # Before the survey: nothing to compare on the customer's side yet.
    page.get_by_role("link", name="Perception gap").click()
    expect(page.get_by_role("heading", name="Perception gap")).to_be_visible()
    expect(page.get_by_text("Survey answers: 0")).to_be_visible()

    # The monthly report: drafted for last month, issued, shared to the portal.
    page.get_by_role("link", name=account.name).click()
    page.get_by_role("link", name="Monthly reports").click()
    page.get_by_role("button", name="Draft now").click()
    month = last_full_month(timezone.localdate())
    expect(page.get_by_role("heading", name=re.compile(r"^Monthly report: "))).to_contain_text(
        f"{month:%B %Y}"
    )
    page.get_by_label("Summary").fill("A quiet month: two deliveries, one plant visit.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    page.get_by_role("button", name="Issue", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Issued.")
    page.get_by_role("button", name="Share to portal").click()
    expect(page.get_by_role("status")).to_contain_text("Shared to the customer portal.")
    expect(page.get_by_role("button", name="Stop sharing to the portal")).to_be_visible()
    problems += dom_csp_violations(page)
    return MonthlyReport.objects.get(account=account, shared_with_portal=True)


def _customer_sees_comments_and_answers(page, report, problems) -> None:
    expect(page.get_by_role("heading", name="Welcome, Polmet Sp. z o.o.")).to_be_visible()
    shared = page.get_by_role("region", name="Shared with you")
    expect(shared.get_by_role("link")).to_have_text(["Perception survey", "Customer SWOT"])
    expect(page.get_by_role("link", name="Your goals and problems")).to_have_count(0)
    reports = page.get_by_role("region", name="Monthly reports")
    expect(reports.get_by_role("row")).to_have_count(2)  # the header and the one report
    expect(reports).to_contain_text("A quiet month")
    problems += dom_csp_violations(page)

    # The report itself, in the portal.
    reports.get_by_role("link", name=f"{report.month:%B %Y}").click()
    expect(page).to_have_url(re.compile(rf"/portal/reports/{report.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Monthly report: Polmet Sp. z o.o., {report.month:%B %Y}"
    )
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
    expect(page.get_by_text("A quiet month: two deliveries, one plant visit.")).to_be_visible()
    problems += dom_csp_violations(page)
    page.go_back()

    # The shared SWOT: its item, not the unshared goal; a comment from the keyboard.
    page.get_by_role("link", name="Customer SWOT").click()
    expect(page.get_by_role("heading", name="Customer SWOT", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name=SHARED_ITEM)).to_be_visible()
    expect(page.get_by_text(UNSHARED_ITEM)).to_have_count(0)
    expect(page.get_by_text("Fast quotes")).to_have_count(0)  # our self-SWOT is ours
    assert page.request.get("/portal/shared/customer_goals/").status == 404  # not shared
    box = page.get_by_label("Your comment")
    box.fill(COMMENT)
    box.press("Tab")
    page.keyboard.press("Enter")  # the focused Send button
    expect(page.get_by_role("status")).to_contain_text("your comment was sent")
    expect(page.get_by_role("region", name="Comments")).to_contain_text(COMMENT)
    problems += dom_csp_violations(page)

    # The perception survey.
    page.get_by_role("link", name="Customer portal").click()
    page.get_by_role("link", name="Perception survey").click()
    expect(page.get_by_role("heading", name="How do you see us?")).to_be_visible()
    page.get_by_label("Delivery on time").select_option("3")
    page.get_by_label("Fast quotes").select_option("2")
    page.get_by_label(re.compile(r"^How satisfied are you with us overall")).select_option("7")
    page.get_by_label("Anything you want to tell us").fill("Quotes take a week.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for your answers.")
    problems += dom_csp_violations(page)


def _kam_finds_comment_and_gap(page, account, problems) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Accounts", exact=True).first.click()
    page.locator("#results").get_by_role("link", name=account.name, exact=True).click()
    page.get_by_role("link", name="Customer portal").click()
    page.get_by_role("link", name="Customer comments").click()
    thread = page.get_by_role("region", name=SHARED_ITEM)
    expect(thread).to_contain_text(COMMENT)
    expect(thread).to_contain_text("Anna Nowak")
    problems += dom_csp_violations(page)

    page.get_by_role("link", name="Perception gap").click()
    expect(page.get_by_text("Survey answers: 1")).to_be_visible()
    statements = page.get_by_role("region", name="Our SWOT as the customer sees it")
    expect(statements.get_by_role("row", name=re.compile(r"^Fast quotes"))).to_have_text(
        re.compile(r"Fast quotes\s*5\s*2\.0\s*1\s*-3\.0")
    )
    criteria = page.get_by_role("region", name="Buying criteria")
    expect(criteria.get_by_role("row", name=re.compile(r"^Delivery on time"))).to_have_text(
        re.compile(r"Delivery on time\s*4\s*3\.0\s*1\s*-1\.0")
    )
    expect(page.get_by_text("mean satisfaction: 7.0")).to_be_visible()
    problems += dom_csp_violations(page)


def _other_customer_sees_nothing_of_it(page, report, swot, problems) -> None:
    expect(page.get_by_role("heading", name="Welcome, Stalex SA")).to_be_visible()
    expect(page.get_by_role("region", name="Monthly reports")).to_have_count(0)
    expect(page.get_by_role("link", name="Perception survey")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Polmet")
    page.get_by_role("link", name="Customer SWOT").click()
    expect(page.get_by_role("heading", name="Thin margins")).to_be_visible()
    main = page.locator("main")
    for foreign in (SHARED_ITEM, UNSHARED_ITEM, COMMENT, "Polmet"):
        expect(main).not_to_contain_text(foreign)
    problems += dom_csp_violations(page)

    # Typed addresses of the first account's things: 404, like anything missing.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    for url in (f"/portal/reports/{report.pk}/", f"/portal/reports/{report.pk}/pdf/"):
        assert page.request.get(url).status == 404, url
    comment_url = f"/portal/items/swot/{swot.pk}/comments/"
    response = page.request.post(
        comment_url, form={"body": "Sneaky"}, headers={"X-CSRFToken": csrf}
    )
    assert response.status == 404
    assert page.request.get("/portal/survey/").status == 404  # not shared by Stalex
    assert not PortalComment.objects.filter(body="Sneaky").exists()


def test_kam_shares_customer_comments_and_answers_others_see_nothing(page, login):
    kam = UserFactory(username="kasia", first_name="Katarzyna", last_name="Nowak", role="kam")
    account, swot = _first_account(kam)
    other = _second_account()
    customer = UserFactory(
        username="anna", first_name="Anna", last_name="Nowak", role="portal", portal_account=account
    )
    stranger = UserFactory(username="olga", role="portal", portal_account=other)
    problems = watch_problems(page)
    record_csp_violations(page)

    login(page, kam)
    report = _kam_shares_and_issues(page, account, problems)
    _log_out(page)

    login(page, customer)
    _customer_sees_comments_and_answers(page, report, problems)
    wait_until(
        lambda: PortalComment.objects.filter(account=account, body=COMMENT).exists(),
        "the customer's comment was not saved",
    )
    _log_out(page)

    login(page, kam)
    _kam_finds_comment_and_gap(page, account, problems)
    _log_out(page)

    login(page, stranger)
    _other_customer_sees_nothing_of_it(page, report, swot, problems)
    assert problems == []
