"""The `service_costs` import kind (`keyplan import service_costs FILE`): categories in
English, Polish or Russian, exact amounts (credit notes negative), the account's currency
by default; re-running a file changes nothing; a corrected row with an id updates its
cost; every rejected row is reported with its line, column, value and reason and writes
nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from keyplan.accounts.models import Account
from keyplan.imports.models import ImportRowError
from keyplan.imports.vocabularies.domain import parse_cost_category
from keyplan.sales.costs.selectors import service_costs
from keyplan.sales.figures.domain import Period
from keyplan.sales.models import ServiceCost
from tests.imports.support import counts, run, write_csv

pytestmark = pytest.mark.django_db

D = Decimal
HEADER = ["Customer ID", "Customer name", "Date", "Category", "Amount", "Currency", "Note", "ID"]


def stored() -> dict[str, tuple]:
    return {
        c.external_id or c.note: (c.account.name, c.date, c.category, c.amount, c.currency)
        for c in ServiceCost.objects.select_related("account")
    }


def cost_rows(world) -> list[list[str]]:
    ext = world.account.external_id
    return [
        HEADER,
        [ext, "", "2026-01-15", "Logistics", "1200.1234", "", "DHL January", "LOG-1"],
        [ext, "", "2026-01-20", "Special packaging", "80", "PLN", "crates", "PCK-1"],
        ["", "Other Customer GmbH", "2026-02-01", "Marketing funds", "500", "", "fair", ""],
        [ext, "", "2026-02-03", "zwroty", "45.5", "PLN", "Polish word", ""],
        [ext, "", "2026-02-04", "Ретробонусы", "-20", "PLN", "credit note", "REB-1"],
        [ext, "", "2026-02-05", "TRAVEL", "300", "EUR", "Russian-free", "TRV-1"],
    ]


def test_costs_are_imported_with_history(tmp_path, world):
    summary = run("service_costs", str(write_csv(tmp_path / "costs.csv", cost_rows(world))))
    assert counts(summary) == (6, 6, 0, 0, 0)
    assert summary["mapping"] == {
        "account_external_id": "Customer ID",
        "account_name": "Customer name",
        "date": "Date",
        "category": "Category",
        "amount": "Amount",
        "currency": "Currency",
        "note": "Note",
        "external_id": "ID",
    }
    polmet, other = world.account.name, world.other_account.name
    assert stored() == {
        "LOG-1": (polmet, date(2026, 1, 15), "logistics", D("1200.1234"), "PLN"),
        "PCK-1": (polmet, date(2026, 1, 20), "packaging", D("80"), "PLN"),
        "fair": (other, date(2026, 2, 1), "marketing", D("500"), "EUR"),  # the account's
        "Polish word": (polmet, date(2026, 2, 3), "returns", D("45.5"), "PLN"),
        "REB-1": (polmet, date(2026, 2, 4), "rebates", D("-20"), "PLN"),
        "TRV-1": (polmet, date(2026, 2, 5), "travel", D("300"), "EUR"),
    }
    history = ServiceCost.history.all()
    assert history.count() == 6
    assert {(h.history_type, h.history_change_reason) for h in history} == {("+", "import")}
    # without an id, the row's fingerprint is the key
    assert ServiceCost.objects.filter(external_id="").exclude(import_key="").count() == 2
    figures = service_costs(
        [world.account.pk], Period.months(date(2026, 1, 1), date(2026, 2, 1)), base="PLN"
    )
    assert figures.by_category[world.account.pk]["logistics"] == D("1200.1234")
    assert figures.missing_rates == ["EUR"]


def test_re_running_the_same_file_changes_nothing(tmp_path, world):
    path = write_csv(tmp_path / "costs.csv", cost_rows(world))
    run("service_costs", str(path))
    before = list(ServiceCost.objects.order_by("pk").values_list())
    history = ServiceCost.history.count()
    again = run("service_costs", str(path))
    assert counts(again) == (6, 0, 0, 6, 0)
    assert list(ServiceCost.objects.order_by("pk").values_list()) == before
    assert ServiceCost.history.count() == history


def test_a_corrected_row_with_an_id_updates_its_cost(tmp_path, world):
    rows = cost_rows(world)
    run("service_costs", str(write_csv(tmp_path / "costs.csv", rows)))
    rows[1][4] = "1250"  # LOG-1 corrected
    rows[3][4] = "501"  # no id: another cost
    summary = run("service_costs", str(write_csv(tmp_path / "costs2.csv", rows)))
    assert counts(summary) == (6, 1, 1, 4, 0)
    assert ServiceCost.objects.get(external_id="LOG-1").amount == D("1250")
    assert ServiceCost.objects.filter(note="fair").count() == 2
    change = ServiceCost.history.filter(history_type="~").get()
    assert (change.external_id, change.history_change_reason) == ("LOG-1", "import")


def test_a_file_without_notes_keeps_the_stored_notes(tmp_path, world):
    ServiceCost.objects.create(
        account=world.account,
        date=date(2026, 1, 1),
        category="support",
        amount=D("10"),
        currency="PLN",
        note="hotline",
        external_id="SUP-1",
    )
    path = write_csv(
        tmp_path / "costs.csv",
        [
            ["account_external_id", "date", "category", "amount", "external_id"],
            [world.account.external_id, "2026-01-01", "support", "12", "SUP-1"],
        ],
    )
    assert counts(run("service_costs", str(path))) == (1, 0, 1, 0, 0)
    cost = ServiceCost.objects.get()
    assert (cost.amount, cost.note) == (D("12"), "hotline")


def test_rejected_rows_are_reported_and_write_nothing(tmp_path, world):
    ext = world.account.external_id
    far = (timezone.localdate() + timedelta(days=400)).isoformat()
    accounts_before = Account.objects.count()
    path = write_csv(
        tmp_path / "costs.csv",
        [
            HEADER,
            ["NOPE-1", "Nobody Ltd", "2026-01-01", "logistics", "10", "", "", "A"],  # 2
            [ext, "", "2026-01-01", "bribes", "10", "", "", "B"],  # 3: unknown category
            [ext, "", "2026-01-01", "logistics", "0", "", "", "C"],  # 4: zero
            [ext, "", "2026-01-01", "logistics", "1.23456", "", "", "D"],  # 5: 5 places
            [ext, "", "2026-01-01", "logistics", "10", "XYZ", "", "E"],  # 6: no currency
            [ext, "", far, "logistics", "10", "", "", "F"],  # 7: a year too far
            [ext, "", "2026-01-01", "", "10", "", "", "G"],  # 8: no category
            [ext, "", "2026-01-01", "travel", "10", "", "ok", "H"],  # 9: the good one
            [ext, "", "2026-01-02", "travel", "11", "", "", "H"],  # 10: the same id again
            ["", "", "2026-01-01", "travel", "10", "", "", "I"],  # 11: no account at all
        ],
    )
    summary = run("service_costs", str(path))
    assert counts(summary) == (10, 1, 0, 0, 9)
    assert list(ServiceCost.objects.values_list("external_id", "note")) == [("H", "ok")]
    assert Account.objects.count() == accounts_before  # never creates accounts
    errors = list(
        ImportRowError.objects.filter(job_id=summary["job"])
        .order_by("line")
        .values_list("line", "column", "value", "reason")
    )
    assert [e[:3] for e in errors] == [
        (2, "Customer ID", "NOPE-1"),
        (3, "Category", "bribes"),
        (4, "Amount", "0"),
        (5, "Amount", "1.23456"),
        (6, "Currency", "XYZ"),
        (7, "Date", far),
        (8, "Category", ""),
        (10, "", ""),
        (11, "account", ""),
    ]
    reasons = {line: reason for line, _c, _v, reason in errors}
    assert reasons[2] == "no such account"
    assert reasons[3].startswith("“bribes” is not a service cost category")
    assert "cannot be zero" in reasons[4]
    assert "more than 4 decimal places" in reasons[5]
    assert "is not a currency" in reasons[6]
    assert "more than a year ahead" in reasons[7]
    assert reasons[8] == "a value is required"
    assert reasons[10] == "duplicate of line 9"
    # the same file again: the same rows rejected, nothing else written
    again = run("service_costs", str(path))
    assert counts(again) == (10, 0, 0, 1, 9)


def test_dry_run_writes_nothing(tmp_path, world):
    path = write_csv(tmp_path / "costs.csv", cost_rows(world))
    summary = run("service_costs", str(path), "--dry-run")
    assert counts(summary) == (6, 6, 0, 0, 0)
    assert not ServiceCost.objects.exists()
    assert not ServiceCost.history.exists()


@pytest.mark.parametrize(
    ("word", "category"),
    [
        ("logistics", "logistics"),
        ("Marketing Funds", "marketing"),
        ("special  packaging", "packaging"),
        ("Rebates", "rebates"),
        ("Fracht", "logistics"),
        ("opakowania specjalne", "packaging"),
        ("Delegacje", "travel"),
        ("fundusze marketingowe", "marketing"),
        ("Inne", "other"),
        ("Логистика", "logistics"),
        ("возвраты", "returns"),
        ("ТЕХНИЧЕСКАЯ ПОДДЕРЖКА", "support"),
        ("командировки", "travel"),
        ("прочее", "other"),
    ],
)
def test_category_words_in_english_polish_and_russian(word, category):
    assert parse_cost_category(word) == category


def test_an_unknown_category_is_refused_naming_it_in_any_language():
    from django.utils import translation

    with translation.override("pl"), pytest.raises(ValueError) as refused:
        parse_cost_category("bribes")
    # In Polish: „bribes” nie jest kategorią kosztów obsługi: użyj jednej z: ...
    assert "„bribes” nie jest kategorią kosztów obsługi" in str(refused.value)
    assert parse_cost_category("other") == "other"


def test_identical_rows_without_an_id_are_duplicates(tmp_path, world):
    row = [world.account.external_id, "", "2026-01-05", "logistics", "10", "", "courier", ""]
    path = write_csv(tmp_path / "costs.csv", [HEADER, row, row])
    summary = run("service_costs", str(path))
    assert counts(summary) == (2, 1, 0, 0, 1)
    error = ImportRowError.objects.get(job_id=summary["job"])
    assert (error.line, error.reason) == (3, "duplicate of line 2")


def test_the_generic_template_lists_the_required_columns_first(world, client_for):
    from django.urls import reverse

    response = client_for("director").get(
        reverse("imports:template", args=["service_costs"]), {"preset": "generic"}
    )
    assert response.status_code == 200
    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:3] == ["date", "category", "amount"]
    assert {"account_external_id", "currency", "note", "external_id"} <= set(header)
