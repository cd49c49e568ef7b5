"""Pages issue a bounded number of queries, whatever the amount of data (saleor-style)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.imports.models import ImportJob

from .factories import AccountFactory, OpportunityFactory, TeamMemberFactory


def _warm(client) -> None:
    # The first request after logging in stamps the session (idle/absolute timeouts).
    assert client.get("/accounts/").status_code == 200


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _jobs(world, n: int) -> None:
    for i in range(n):
        ImportJob.objects.create(
            kind="invoices",
            file_path=f"/nonexistent/{i}.csv",
            original_name=f"{i}.csv",
            created_by=world.director if i % 2 else world.admin,
            status="succeeded",
        )


def test_import_history_queries_do_not_grow_with_jobs(world, client_for):
    client = client_for("director")
    _warm(client)
    _jobs(world, 2)
    small = _count(client, "/imports/")
    _jobs(world, 20)
    assert _count(client, "/imports/") == small


def test_portfolio_queries_do_not_grow_with_accounts(world, client_for):
    client = client_for("director")
    _warm(client)
    small = _count(client, "/portfolio/")
    for i in range(30):
        account = AccountFactory(
            owner=world.owner if i % 2 else world.outsider, country="DE" if i % 3 else "PL"
        )
        TeamMemberFactory(account=account)
    assert _count(client, "/portfolio/") == small


def _opportunities(world, n: int) -> None:
    for i in range(n):
        account = world.account if i % 2 else AccountFactory(owner=world.owner)
        OpportunityFactory(
            account=account,
            owner=world.owner if i % 3 else world.member,
            currency="EUR" if i % 4 else "PLN",
            probability=i,
            status="open" if i % 5 else "won",
        )


def test_pipeline_queries_do_not_grow_with_opportunities(world, client_for):
    client = client_for("owner")
    _warm(client)
    _opportunities(world, 2)
    small = _count(client, "/pipeline/")
    filtered = _count(client, f"/pipeline/?account={world.account.pk}&status=all")
    _opportunities(world, 30)
    assert _count(client, "/pipeline/") == small
    assert _count(client, f"/pipeline/?account={world.account.pk}&status=all") == filtered


@pytest.mark.parametrize("tab", ["", "economics/"])  # the overview's pipeline; the card
def test_account_page_queries_do_not_grow_with_opportunities(world, client_for, tab):
    client = client_for("owner")
    _warm(client)
    url = f"/accounts/{world.account.pk}/{tab}"
    OpportunityFactory(account=world.account)
    _count(client, url)  # the first view creates the settings rows other cards read
    small = _count(client, url)
    for i in range(20):
        OpportunityFactory(
            account=world.account, owner=world.member, status="won" if i % 2 else "open"
        )
    assert _count(client, url) == small
