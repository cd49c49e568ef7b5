"""The filter bar's owners and countries are kept per process for the data version: every
write they depend on (an account, a team, a user) must show at once."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.accounts.archive import account_archive
from keyplan.accounts.models import Account
from keyplan.accounts.selectors import account_filter_choices
from tests.factories import AccountFactory, TeamMemberFactory, UserFactory


def test_a_second_read_costs_one_version_query(world):
    first = account_filter_choices(user=world.director)
    with CaptureQueriesContext(connection) as queries:
        again = account_filter_choices(user=world.director)
    assert again == first
    assert len(queries) == 1  # the data version


def test_a_new_country_and_owner_show_at_once(world):
    assert "NO" not in account_filter_choices(user=world.director)["countries"]
    kam = UserFactory(role="kam", last_name="Nordmann")
    AccountFactory(country="NO", owner=kam)
    choices = account_filter_choices(user=world.director)
    assert "NO" in choices["countries"]
    assert kam in choices["owners"]


def test_joining_a_team_shows_that_accounts_owner_and_leaving_hides_it(world):
    assert world.outsider not in account_filter_choices(user=world.member)["owners"]
    membership = TeamMemberFactory(account=world.other_account, user=world.member)
    assert world.outsider in account_filter_choices(user=world.member)["owners"]
    membership.delete()
    assert world.outsider not in account_filter_choices(user=world.member)["owners"]


def test_each_user_gets_their_own_choices(world):
    director = account_filter_choices(user=world.director)
    member = account_filter_choices(user=world.member)
    assert world.outsider in director["owners"]
    assert world.outsider not in member["owners"]


def test_an_archived_account_leaves_the_choices(world):
    AccountFactory(country="IS", owner=world.owner)
    assert "IS" in account_filter_choices(user=world.owner)["countries"]
    account_archive(user=world.owner, account=Account.objects.get(country="IS"))
    assert "IS" not in account_filter_choices(user=world.owner)["countries"]
