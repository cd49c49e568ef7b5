"""The lists a user takes to Excel (SPEC §9): every row the filters select, under the
access rule, numbers as numbers and dates as dates, formulas neutralised."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from keyplan.plans.models import Action
from keyplan.stakeholders.models import Interaction
from tests.factories import AccountFactory
from tests.plans.support import add, this_year


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def test_accounts_export_follows_the_filters_and_the_access_rule(world, client_for):
    AccountFactory(name="=cmd|' /C calc'!A0", owner=world.owner, account_class="regular")
    url = reverse("accounts:export", args=["csv"])
    rows = _csv(client_for("owner").get(url, {"class": "strategic"}))
    assert rows[0][:4] == ["External ID", "Name", "Parent account", "Class"]
    assert [r[1] for r in rows[1:]] == ["Polmet Sp. z o.o."]
    everything = _csv(client_for("owner").get(url))
    names = {r[1] for r in everything[1:]}
    assert "'=cmd|' /C calc'!A0" in names  # a formula stays text
    assert "Other Customer GmbH" not in names  # not the owner's account
    assert {r[1] for r in _csv(client_for("outsider").get(url))[1:]} == {"Other Customer GmbH"}


def test_accounts_export_xlsx_keeps_numbers_as_numbers(world, client_for):
    sheet = _xlsx(client_for("director").get(reverse("accounts:export", args=["xlsx"])))
    header = [c.value for c in sheet[1]]
    revenue = header.index("Customer's annual revenue")
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    cell = rows["Polmet Sp. z o.o."][revenue]
    assert cell.value == 1234567.89 and cell.number_format == "#,##0.00"
    assert rows["Polmet Sp. z o.o."][header.index("Updated")].is_date


def test_accounts_export_unknown_format_is_404(world, client_for):
    assert client_for("director").get("/accounts/export.pdf").status_code == 404


def test_people_export_lists_the_accounts_contacts(world, client_for):
    rows = _csv(client_for("viewer").get(reverse("people:export", args=[world.account.pk, "csv"])))
    assert rows[0][0:2] == ["First name", "Last name"]
    assert rows[1][0:2] == ["Jan", "Kowalski"]
    assert "Email" not in rows[0] and "E-mail" not in rows[0]
    outsider = client_for("outsider").get(reverse("people:export", args=[world.account.pk, "csv"]))
    assert outsider.status_code == 404


def test_interactions_export_keeps_the_timeline_filter(world, client_for):
    call = Interaction.objects.create(
        account=world.account, kind="call", occurred_on=date(2026, 3, 2), subject="Price talk"
    )
    call.their_people.set([world.contact])
    Interaction.objects.create(
        account=world.account, kind="meeting", occurred_on=date(2026, 3, 3), subject="Visit"
    )
    url = reverse("interactions:export", args=[world.account.pk, "xlsx"])
    sheet = _xlsx(client_for("owner").get(url, {"kind": "call"}))
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert rows[0][2] == "Price talk" and rows[0][0].date() == date(2026, 3, 2)
    assert "Kowalski" in rows[0][5]


def test_my_actions_export_lists_my_open_actions(world, client_for):
    plan = this_year(world)
    due = timezone.localdate() - timedelta(days=3)
    action = add(
        plan, "action", world.owner, title="Call the CFO", owner_id=world.owner.pk, due_on=due
    )
    assert isinstance(action, Action)
    rows = _csv(client_for("owner").get(reverse("plans:my-actions-export", args=["csv"])))
    assert rows[0][0] == "Action"
    assert rows[1][0:2] == ["Call the CFO", "Polmet Sp. z o.o."]
    assert rows[1][4] == due.isoformat() and rows[1][6] == "1"
    overdue_only = client_for("owner").get(
        reverse("plans:my-actions-export", args=["csv"]), {"show": "blocked"}
    )
    assert len(_csv(overdue_only)) == 1  # the header only


def test_scores_and_resource_board_exports_have_their_headers(world, client_for):
    scores = _csv(client_for("director").get(reverse("scoring:scores-export", args=["csv"])))
    assert scores[0][:2] == ["External ID", "Name"] and "Weighted total" in scores[0]
    assert "Polmet Sp. z o.o." in {r[1] for r in scores[1:]}
    board = _xlsx(client_for("director").get(reverse("resources:board-export", args=["xlsx"])))
    assert [c.value for c in board[1]][:3] == ["Rank", "Account", "Class"]


def test_list_pages_link_their_exports(world, client_for):
    page = client_for("owner").get(reverse("accounts:list"), {"class": "strategic", "page": "1"})
    assert b'/accounts/export.csv?class=strategic"' in page.content
    assert b"/accounts/export.xlsx?class=strategic" in page.content
