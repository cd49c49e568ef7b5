"""The health pages: the portfolio list (scoped, filtered, sorted, paged, empty state,
bounded queries) and one account's explanation (404 for those who may not see it)."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.economics.health.services import record_month
from keyplan.economics.models import HealthSnapshot
from tests.economics.pnl.support import sale
from tests.factories import AccountFactory

from ..signals.support import lively

LIST = "/economics/health/"


def detail(account) -> str:
    return f"/economics/accounts/{account.pk}/health/"


def test_the_list_is_scoped_to_what_the_user_may_see(world, client_for):
    director = client_for("director").get(LIST)
    assert director.status_code == 200
    assert {r.name for r in director.context["table"].rows} == {
        "Other Customer GmbH",
        "Polmet Sp. z o.o.",
    }
    owner = client_for("owner").get(LIST)
    assert [r.account_id for r in owner.context["table"].rows] == [world.account.pk]
    html = owner.content.decode()
    assert "Polmet Sp. z o.o." in html and "Other Customer GmbH" not in html
    assert detail(world.account) in html
    assert 'href="/economics/health/" aria-current="page"' in html
    assert client_for("portal").get(LIST).status_code == 404


def test_filters_sorting_and_the_empty_state(world, client_for):
    client = client_for("director")
    by_class = client.get(LIST, {"class": "strategic"}).context["table"].rows
    assert [r.account_id for r in by_class] == [world.account.pk]
    by_owner = client.get(LIST, {"owner": world.outsider.pk}).context["table"].rows
    assert [r.account_id for r in by_owner] == [world.other_account.pk]
    by_name = client.get(LIST, {"sort": "-name"}).context["table"].rows
    assert [r.name for r in by_name] == ["Polmet Sp. z o.o.", "Other Customer GmbH"]
    empty = client.get(LIST, {"q": "nothing like this"})
    assert "No open account matches these filters." in empty.content.decode()
    partial = client.get(LIST, {"q": "Polmet"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.content.decode()


def test_the_change_since_the_previous_month(world, client_for):
    HealthSnapshot.objects.create(account=world.account, month=date(2026, 11, 1), score=10)
    [row] = client_for("owner").get(LIST).context["table"].rows
    assert row.previous == 10 and row.change == row.score - 10


def test_the_list_pages(world, client_for, settings):
    settings.KEYPLAN_PAGE_SIZE = 1
    page = client_for("director").get(LIST, {"page": 2})
    assert page.context["page"].number == 2
    assert len(page.context["page"].object_list) == 1


def test_the_list_queries_do_not_grow_with_accounts(world, client_for):
    client = client_for("director")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(LIST)
        return len(queries)

    count()
    before = count()
    for _ in range(5):
        sale(AccountFactory(owner=world.owner), date(2026, 10, 1), "10", "5")
    assert count() == before


def test_the_explanation_of_an_account(world, client_for):
    lively(world)
    record_month(date(2026, 10, 1))
    record_month(date(2026, 11, 1))
    response = client_for("member").get(detail(world.account))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Revenue trend" in html and "Satisfaction" in html
    assert f"/economics/accounts/{world.account.pk}/pnl/" in html
    assert f"/satisfaction/accounts/{world.account.pk}/" in html
    assert 'class="chart js-health-history-chart"' in html
    assert [m for m, _s in response.context["detail"].history] == [
        date(2026, 10, 1),
        date(2026, 11, 1),
    ]
    assert "Change the weights" not in html  # a team member does not set the weights
    assert (
        "Change the weights" in client_for("director").get(detail(world.account)).content.decode()
    )


def test_an_account_without_history_says_so(world, client_for):
    html = client_for("viewer").get(detail(world.account)).content.decode()
    assert "No month recorded yet" in html
    assert "no data" in html and "No current plan." in html


def test_outsiders_get_404(world, client_for):
    assert client_for("outsider").get(detail(world.account)).status_code == 404
    assert client_for("portal").get(detail(world.account)).status_code == 404
    assert client_for("director").get("/economics/accounts/999999/health/").status_code == 404


def test_the_account_page_card_shows_the_recorded_score(world, client_for):
    client = client_for("owner")
    html = client.get(f"/accounts/{world.account.pk}/").content.decode()
    assert detail(world.account) in html and "Not recorded yet" in html
    HealthSnapshot.objects.create(account=world.account, month=date(2026, 11, 1), score=67)
    html = client.get(f"/accounts/{world.account.pk}/").content.decode()
    assert "67 / 100" in html


def test_the_pages_render_in_polish_with_local_numbers(world, client_for):
    lively(world)
    record_month(date(2026, 11, 1))
    client = client_for("director")
    for url in (LIST, detail(world.account)):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="pl")
        assert response.status_code == 200
    html = client.get(detail(world.account), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "40,0%" in html  # the margin of the last 6 months, a Polish decimal comma
