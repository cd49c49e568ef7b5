"""The cash pages through the Django test client: who sees which rows, totals over what
the user may see, filters, sorting, exports, the account's page and card, errors."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AccountFactory

from .support import AS_OF, ledger, pay

CASH = reverse("economics:cash")


def test_director_sees_every_account_and_the_total(world, client_for):
    ledger(world)
    response = client_for("director").get(CASH, {"as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Polmet Sp. z o.o." in body and "Other Customer GmbH" in body
    table = response.context["table"]
    assert table.total.open == response.context["total"].open
    assert str(table.total.open) == "190.0001"
    assert table.total.overdue == 140  # 100 (180 days) + 40 (20 days)


def test_a_kam_sees_only_own_accounts_and_totals_over_them(world, client_for):
    ledger(world)
    response = client_for("owner").get(CASH, {"as_of": AS_OF.isoformat()})
    body = response.content.decode()
    assert "Polmet Sp. z o.o." in body
    assert "Other Customer GmbH" not in body
    assert [row.name for row in response.context["table"].rows] == ["Polmet Sp. z o.o."]
    assert str(response.context["total"].open) == "150.0001"  # never the whole portfolio


def test_portal_users_and_anonymous_cannot_open_it(world, client_for, client):
    assert client_for("portal").get(CASH).status_code == 404
    assert client.get(CASH).status_code == 302


def test_sorting_filters_and_htmx(world, client_for):
    ledger(world)
    director = client_for("director")
    rows = director.get(CASH, {"as_of": AS_OF, "sort": "name"}).context["table"].rows
    assert [r.name for r in rows] == ["Other Customer GmbH", "Polmet Sp. z o.o."]
    rows = director.get(CASH, {"as_of": AS_OF, "sort": "-open"}).context["table"].rows
    assert [r.name for r in rows] == ["Polmet Sp. z o.o.", "Other Customer GmbH"]
    rows = director.get(CASH, {"as_of": AS_OF, "q": "other"}).context["table"].rows
    assert [r.name for r in rows] == ["Other Customer GmbH"]
    rows = director.get(CASH, {"as_of": AS_OF, "owner": world.owner.pk}).context["table"].rows
    assert [r.name for r in rows] == ["Polmet Sp. z o.o."]
    partial = director.get(CASH, {"as_of": AS_OF}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    assert partial.templates[0].name == "economics/_cash_results.html"


def test_rows_without_a_dso_sort_last_both_ways(world, client_for):
    pay(world.account, due=date(2026, 6, 1), amount="10")  # billed: has a DSO
    pay(world.other_account, due=date(2020, 1, 1), amount="10")  # nothing billed in a year
    director = client_for("director")
    for sort in ("dso", "-dso"):
        rows = director.get(CASH, {"as_of": AS_OF, "sort": sort}).context["table"].rows
        assert rows[-1].name == "Other Customer GmbH"
        assert rows[-1].cash.dso is None


def test_bad_parameters_are_messages_never_errors(world, client_for):
    ledger(world)
    director = client_for("director")
    for params in (
        {"as_of": "31.12.2025"},
        {"as_of": "2999-01-01"},
        {"owner": "99999999999999999999"},
        {"account_class": "gold"},
        {"sort": "drop table"},
        {"q": "a\x00b"},
        {"page": "-1"},
    ):
        response = director.get(CASH, params)
        assert response.status_code == 200, params
    response = director.get(CASH, {"as_of": "2999-01-01"})
    assert "Choose a date between 1900-01-01 and today." in response.content.decode()


def test_empty_states(world, client_for):
    response = client_for("director").get(CASH)
    assert "No payment items yet." in response.content.decode()
    assert reverse("imports:list") in response.content.decode()  # directors import
    assert reverse("imports:list") not in client_for("owner").get(CASH).content.decode()
    ledger(world)
    response = client_for("director").get(CASH, {"as_of": AS_OF, "q": "nobody"})
    assert "No account with payment items matches these filters." in response.content.decode()


def test_queries_do_not_grow_with_accounts(world, client_for):
    ledger(world)
    director = client_for("director")
    director.get(CASH, {"as_of": AS_OF})  # warm up the session and settings

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert director.get(CASH, {"as_of": AS_OF}).status_code == 200
        return len(queries)

    before = count_queries()
    for _ in range(15):
        pay(AccountFactory(owner=world.owner), due=date(2026, 5, 1))
    assert count_queries() == before


def test_csv_export_has_every_row_with_amounts_at_two_places(world, client_for):
    ledger(world)
    pay(world.account, due=date(2026, 6, 1), amount="0.005")  # 150.0051 open: 150.01
    response = client_for("owner").get(reverse("economics:cash-export-csv"), {"as_of": AS_OF})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cash-2026-06-30.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["External id", "Account"]
    assert len(rows) == 2  # the owner's account only
    assert rows[1][1] == "Polmet Sp. z o.o."
    assert rows[1][6] == "150.01"  # open: the exact 150.0051 rounded half up


def test_xlsx_export_opens_and_is_scoped(world, client_for):
    from openpyxl import load_workbook

    ledger(world)
    world.account.name = "=HYPERLINK(1)"
    world.account.save()
    response = client_for("owner").get(reverse("economics:cash-export-xlsx"), {"as_of": AS_OF})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == "'=HYPERLINK(1)"  # never a formula
    assert float(rows[1][6]) == 150.0


def test_account_cash_page(world, client_for):
    ledger(world)
    url = reverse("economics:account-cash", args=[world.account.pk])
    response = client_for("viewer").get(url, {"as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    detail = response.context["detail"]
    assert str(detail.cash.open) == "150.0001"
    assert len(detail.trend) == 12
    assert response.context["trend_chart"]["points"][-1]["day"] == "2026-06-30"
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("portal").get(url).status_code == 404
    missing = reverse("economics:account-cash", args=[99_999_999])
    assert client_for("director").get(missing).status_code == 404


def test_account_cash_page_without_items(world, client_for):
    url = reverse("economics:account-cash", args=[world.account.pk])
    response = client_for("owner").get(url)
    assert "No payment items for this account." in response.content.decode()


def test_the_account_page_shows_the_cash_card(world, client_for):
    url = reverse("accounts:detail-economics", args=[world.account.pk])
    assert "No payment items for this account." in client_for("owner").get(url).content.decode()
    ledger(world)
    body = client_for("owner").get(url).content.decode()
    assert reverse("economics:account-cash", args=[world.account.pk]) in body
    assert 'id="cash"' in body


def test_cash_page_in_polish_formats_numbers(world, client_for):
    ledger(world)
    client = client_for("director")
    response = client.get(CASH, {"as_of": AS_OF}, HTTP_ACCEPT_LANGUAGE="pl")
    body = response.content.decode()
    assert "190,00" in body  # the total open, Polish decimal comma
