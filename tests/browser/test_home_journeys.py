"""Browser journeys from each role's home (issue #18: "a browser journey per role starts
at its home and reaches its main task in a few clicks").

Each test signs in, starts at "/", and reaches the role's main task by clicking only
(no page.goto after the sign-in), then checks the result on the page and in the
database: a KAM completes an action due this week, a director decides a pending class
suggestion, a team member answers a checkpoint, an administrator invites a user, a
portal user opens what the account manager shared. The data is the least each journey
needs (live_server needs transactional database access, so it cannot be shared).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keyplan.execution.models import CheckpointAnswer
from keyplan.plans.items.services import item_create
from keyplan.plans.models import Action
from keyplan.plans.versions.services import plan_create
from keyplan.portal.sharing.services import section_set, sharing_set_level
from keyplan.portfolio.models import Suggestion
from keyplan.users.models import UserInvitation
from tests.browser.support import watch_problems
from tests.execution.work.support import checkpoint
from tests.factories import AccountFactory, TeamMemberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _plan(owner, account):
    year = timezone.localdate().year
    return plan_create(
        user=owner,
        account=account,
        period=f"FY{year}",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
    )


def _start_at_home(page, login, user) -> None:
    login(page, user)
    expect(page).to_have_url(re.compile(r"/$"))


def test_kam_completes_an_action_due_today_from_the_home(page, login):
    kam = UserFactory(username="kasia", role="kam", first_name="Kasia", last_name="Nowak")
    account = AccountFactory(name="Polmet Sp. z o.o.", owner=kam, account_class="strategic")
    action = item_create(
        user=kam,
        plan=_plan(kam, account),
        kind="action",
        data={
            "title": "Send the service offer",
            "owner_id": kam.pk,
            "due_on": timezone.localdate(),
        },
    )
    problems = watch_problems(page)
    _start_at_home(page, login, kam)

    page.locator("#home-actions").get_by_role("link", name="Send the service offer").click()
    item = page.locator(f"#item-action-{action.pk}")
    expect(item).to_be_visible()
    item.get_by_role("link", name=re.compile(r"^Edit")).click()
    form = page.locator(f"#item-action-{action.pk} form")
    form.get_by_label("Status").select_option("done")
    form.get_by_role("button", name="Save").click()
    expect(page.locator(f"#item-action-{action.pk} .action-status")).to_have_text("Done")
    assert Action.objects.get(pk=action.pk).status == "done"
    assert not problems, problems


def test_director_decides_a_pending_suggestion_from_the_home(page, login):
    director = UserFactory(username="dorota", role="director")
    account = AccountFactory(name="Baltic Foods S.A.", account_class="suspect")
    suggestion = Suggestion.objects.create(
        account=account, from_class="suspect", to_class="prospect", reason="first_sale"
    )
    problems = watch_problems(page)
    _start_at_home(page, login, director)

    page.locator("#home-suggestions").get_by_role("link", name="Baltic Foods S.A.").click()
    card = page.locator(f"#suggestion-{suggestion.pk}")
    expect(card).to_be_visible()
    card.get_by_role("button", name="Accept").click()
    expect(page.locator(".messages")).to_be_visible()
    suggestion.refresh_from_db()
    account.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("accepted", director)
    assert account.account_class == "prospect"
    assert not problems, problems


def test_team_member_answers_a_checkpoint_from_the_home(page, login):
    kam = UserFactory(username="kasia", role="kam")
    member = UserFactory(username="piotr", role="team", first_name="Piotr")
    account = AccountFactory(name="Polmet Sp. z o.o.", owner=kam, account_class="strategic")
    TeamMemberFactory(account=account, user=member)
    checkpoint(account)
    problems = watch_problems(page)
    _start_at_home(page, login, member)

    page.locator("#home-checkpoints").get_by_role("link", name=re.compile("Polmet")).click()
    form = page.locator("#kind-saa form.js-alignment-form")
    expect(form).to_be_visible()
    page.wait_for_load_state()  # alignment.js is deferred: its keys work once it has run
    for element, digit in (("information", "4"), ("people", "2"), ("action", "3")):
        form.locator(f"input[name=score_{element}]").first.focus()
        page.keyboard.press(digit)
        # The form's script has taken the key (it may bind after the page shows).
        expect(form.locator(f"input[name=score_{element}][value='{digit}']")).to_be_checked()
    page.keyboard.press("Control+Enter")
    expect(page.locator(".messages")).to_contain_text("your ratings are saved")
    assert CheckpointAnswer.objects.filter(user=member).count() == 3
    assert not problems, problems


def test_administrator_invites_a_user_from_the_home(page, login):
    admin = UserFactory(username="ada", role="admin", is_staff=True)
    problems = watch_problems(page)
    _start_at_home(page, login, admin)

    # The top bar folds the entries that do not fit under "More" (keyplan.js).
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="Portfolio")).to_be_visible()
    # The fold is worked out again when the header's unread count arrives: settle first.
    page.wait_for_load_state("networkidle")
    link = main_nav.locator("a", has_text="Administration")
    if not link.is_visible():
        main_nav.locator(".nav-more summary").click()
    link.click()
    page.get_by_role("link", name="Invite a user").click()
    page.get_by_role("textbox", name="E-mail").fill("new.kam@keyplan.example")
    page.get_by_label("Role").select_option("kam")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messages")).to_contain_text(
        "An invitation was sent to new.kam@keyplan.example."
    )
    invitation = UserInvitation.objects.get(email="new.kam@keyplan.example")
    assert (invitation.role, invitation.invited_by) == ("kam", admin)
    assert not problems, problems


def test_portal_user_opens_a_shared_item_from_the_home(page, login):
    kam = UserFactory(username="kasia", role="kam")
    account = AccountFactory(name="Polmet Sp. z o.o.", owner=kam, account_class="strategic")
    item_create(
        user=kam,
        plan=_plan(kam, account),
        kind="swot",
        data={"quadrant": "S", "factor": "cash_flow", "text": "Strong local service network"},
    )
    sharing_set_level(user=kam, account=account, level="partner")
    section_set(user=kam, account=account, section="swot", shared=True)
    customer = UserFactory(username="anna", role="portal", portal_account=account)
    problems = watch_problems(page)
    login(page, customer)  # "/" sends a portal user to the portal's home
    expect(page).to_have_url(re.compile(r"/portal/$"))

    shared = page.get_by_role("region", name="Shared with you")
    shared.get_by_role("link", name="Customer SWOT").click()
    expect(page.get_by_role("heading", name="Customer SWOT", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Strong local service network")).to_be_visible()
    assert not problems, problems
