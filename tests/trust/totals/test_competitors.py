"""Deleting a competitor that is still listed: the refusal counts the accounts the user
sees, and only mentions the others (issue #19: "listed at 11 accounts" to a KAM who
sees 3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from keyplan.competition.assessments.services import assessment_start
from keyplan.competition.competitors.services import competitor_create, competitor_delete
from keyplan.competition.models import Competitor, Presence
from tests.support import messages_of


@pytest.fixture
def everywhere(world, portfolio) -> Competitor:
    """A competitor listed at all eleven accounts."""
    found = competitor_create(user=world.director, data={"name": "Acme Industrial"})
    for account in portfolio.every:
        Presence.objects.create(account=account, competitor=found)
    return found


def _refusal(user, competitor) -> str:
    with pytest.raises(ValidationError) as raised:
        competitor_delete(user=user, competitor=competitor)
    [message] = raised.value.message_dict["competitor"]
    return message


def test_a_kam_is_told_about_the_three_accounts_they_see(world, everywhere):
    message = _refusal(world.owner, everywhere)

    assert message.startswith("This competitor is still listed at 3 accounts;")
    assert "It is also listed at accounts you cannot see." in message
    assert "11" not in message
    assert Competitor.objects.filter(pk=everywhere.pk).exists()


def test_a_kam_who_sees_none_of_the_accounts_gets_no_number(world, portfolio):
    found = competitor_create(user=world.director, data={"name": "Borealis"})
    for account in portfolio.theirs:
        Presence.objects.create(account=account, competitor=found)

    message = _refusal(world.owner, found)

    assert message == (
        "This competitor is still listed at accounts you cannot see; ask an "
        "administrator or a director, or mark it inactive."
    )


def test_a_kam_who_sees_every_account_it_is_listed_at_gets_the_old_message(world, portfolio):
    found = competitor_create(user=world.director, data={"name": "Cobalt"})
    for account in portfolio.mine:
        Presence.objects.create(account=account, competitor=found)

    assert _refusal(world.owner, found) == (
        "This competitor is still listed at 3 accounts; remove it from those accounts "
        "first, or mark it inactive."
    )


def test_a_director_is_told_every_account(world, everywhere):
    assert _refusal(world.director, everywhere).startswith(
        "This competitor is still listed at 11 accounts;"
    )


def test_the_api_and_the_page_give_the_kam_the_visible_count(world, api, client_for, everywhere):
    body = api("owner").delete(f"/competitors/{everywhere.pk}").json()
    page = client_for("owner").post(
        f"/competition/competitors/{everywhere.pk}/delete/", follow=True
    )

    assert body["errors"]["competitor"][0].startswith("This competitor is still listed at 3 ")
    shown = messages_of(page)
    assert any("still listed at 3 accounts" in m for m in shown), shown
    assert not any("11" in m for m in shown), shown


def _answer_counts(client_for, name: str) -> set[int]:
    response = client_for(name).get("/competition/questions/")
    return {
        row["question"].answer_count
        for group in response.context["groups"]
        for row in group["rows"]
    }


def test_the_question_catalogue_counts_the_assessments_a_user_sees(world, client_for, everywhere):
    """One assessment at each of the eleven accounts: every active question is answered
    ("unknown" at first) in eleven assessments, three of them at the KAM's accounts."""
    for found in Presence.objects.filter(competitor=everywhere):
        assessment_start(user=world.director, presence=found)

    assert _answer_counts(client_for, "director") == {11}
    assert _answer_counts(client_for, "owner") == {3}
    assert _answer_counts(client_for, "viewer") == {1}
    page = client_for("owner").get("/competition/questions/").content.decode()
    assert "answered in 3 assessments" in page
    assert "answered in 11 assessments" not in page
