"""The `wallet` import kind: share-of-wallet estimates (an account's yearly spend in our
category) written to portfolio.WalletEstimate, idempotently, batch by batch, with rejected
rows reported by line, column, value and reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from keyplan.accounts.models import Account
from keyplan.imports.models import ImportRowError
from keyplan.imports.pipeline.services import ImportOptions, run_import
from keyplan.imports.wallet import services as wallet_services
from keyplan.sales.models import WalletEstimate

from ...factories import AccountFactory
from ..support import counts, fails, run, write_csv

pytestmark = pytest.mark.django_db

D = Decimal
HEADER = ["Customer ID", "Customer name", "NIP", "Category spend", "Currency", "Source"]


def estimates() -> dict[str, tuple]:
    return {
        w.account.external_id: (w.category_spend, w.currency, w.source)
        for w in WalletEstimate.objects.select_related("account")
    }


def wallet_rows(world) -> list[list[str]]:
    third = AccountFactory(name="Trzeci Klient S.A.", tax_id="5250001009", currency="PLN")
    return [
        HEADER,
        [world.account.external_id, "", "", "2500000.00", "PLN", "customer, 2025 budget"],
        # Found by name; no currency: the account's own (EUR).
        ["", "Other Customer GmbH", "", "180000", "", "trade report"],
        # Found by tax id, written with dashes.
        ["", "", "525-000-10-09", "99999.999", "PLN", ""],
    ], third


def test_wallet_import_creates_estimates_with_history(tmp_path, world):
    rows, third = wallet_rows(world)
    summary = run("wallet", str(write_csv(tmp_path / "wallet.csv", rows)), "--user", "director")
    assert counts(summary) == (3, 3, 0, 0, 0)
    assert summary["mapping"] == {
        "account_external_id": "Customer ID",
        "account_name": "Customer name",
        "account_tax_id": "NIP",
        "category_spend": "Category spend",
        "currency": "Currency",
        "source": "Source",
    }
    assert estimates() == {
        world.account.external_id: (D("2500000.00"), "PLN", "customer, 2025 budget"),
        world.other_account.external_id: (D("180000.00"), "EUR", "trade report"),
        third.external_id: (D("99999.999"), "PLN", ""),  # exact: never rounded
    }
    assert set(WalletEstimate.objects.values_list("updated_by__username", flat=True)) == {
        "director"
    }
    history = WalletEstimate.history.all()
    assert history.count() == 3
    assert {(h.history_type, h.history_change_reason) for h in history} == {("+", "import")}
    assert {h.history_user.username for h in history} == {"director"}


def test_reimporting_the_same_file_changes_nothing(tmp_path, world):
    rows, _third = wallet_rows(world)
    path = write_csv(tmp_path / "wallet.csv", rows)
    run("wallet", str(path))
    before = list(WalletEstimate.objects.order_by("pk").values_list())
    history = WalletEstimate.history.count()
    again = run("wallet", str(path))
    assert counts(again) == (3, 0, 0, 3, 0)
    assert list(WalletEstimate.objects.order_by("pk").values_list()) == before
    assert WalletEstimate.history.count() == history


def test_a_corrected_file_updates_only_the_changed_rows(tmp_path, world):
    rows, _third = wallet_rows(world)
    run("wallet", str(write_csv(tmp_path / "wallet.csv", rows)))
    stamp = WalletEstimate.objects.get(account=world.account).updated_at
    rows[1][3] = "3100000.00"
    rows[2][5] = "our estimate"
    summary = run("wallet", str(write_csv(tmp_path / "wallet2.csv", rows)))
    assert counts(summary) == (3, 0, 2, 1, 0)
    assert estimates()[world.account.external_id] == (
        D("3100000.00"),
        "PLN",
        "customer, 2025 budget",
    )
    assert estimates()[world.other_account.external_id][2] == "our estimate"
    assert WalletEstimate.objects.get(account=world.account).updated_at > stamp
    changes = WalletEstimate.history.filter(history_type="~")
    assert changes.count() == 2
    assert {h.history_change_reason for h in changes} == {"import"}


def test_a_file_without_a_source_column_keeps_the_stored_source(tmp_path, world):
    WalletEstimate.objects.create(
        account=world.account, category_spend=D("100"), currency="PLN", source="the CFO"
    )
    path = write_csv(
        tmp_path / "wallet.csv",
        [["account_external_id", "category_spend"], [world.account.external_id, "150"]],
    )
    assert counts(run("wallet", str(path))) == (1, 0, 1, 0, 0)
    assert estimates() == {world.account.external_id: (D("150.00"), "PLN", "the CFO")}


def test_rejected_rows_are_reported_and_the_good_rows_kept(tmp_path, world):
    ext = world.account.external_id
    other = [AccountFactory().external_id for _ in range(5)]
    accounts_before = Account.objects.count()
    path = write_csv(
        tmp_path / "wallet.csv",
        [
            HEADER,
            ["NOPE-1", "Nobody Ltd", "", "1000", "PLN", ""],  # line 2: unknown account
            [other[0], "", "", "-5", "PLN", ""],  # line 3: negative
            [other[1], "", "", "12O0", "PLN", ""],  # line 4: a letter O
            [other[2], "", "", "", "PLN", ""],  # line 5: no spend
            [other[3], "", "", "1000", "ZŁOTY", ""],  # line 6: not a currency code
            [ext, "", "", "1000", "PLN", "ok"],  # line 7: the good one
            [ext, "", "", "1000", "PLN", "ok"],  # line 8: the same account again
            ["", "", "", "1000", "PLN", ""],  # line 9: no account at all
            [other[4], "", "", "12345678901234567", "PLN", ""],  # line 10: too large
        ],
    )
    summary = run("wallet", str(path))
    assert counts(summary) == (9, 1, 0, 0, 8)
    assert estimates() == {ext: (D("1000.00"), "PLN", "ok")}
    assert Account.objects.count() == accounts_before  # never creates accounts
    errors = list(
        ImportRowError.objects.filter(job_id=summary["job"]).values_list(
            "line", "column", "value", "reason"
        )
    )
    assert [e[:3] for e in errors] == [
        (2, "Customer ID", "NOPE-1"),
        (3, "Category spend", "-5"),
        (4, "Category spend", "12O0"),
        (5, "Category spend", ""),
        (6, "Currency", "ZŁOTY"),
        (8, "", ""),
        (9, "account", ""),
        (10, "Category spend", "12345678901234567"),
    ]
    reasons = {line: reason for line, _c, _v, reason in errors}
    assert reasons[2] == "no such account"
    assert reasons[3] == "the spend must not be negative"
    assert reasons[5] == "a value is required"
    assert reasons[8] == "duplicate of line 7"
    assert reasons[10].endswith("(more than 14 digits before the decimal separator)")


def test_one_account_named_twice_in_a_batch_is_a_duplicate(tmp_path, world):
    path = write_csv(
        tmp_path / "wallet.csv",
        [
            ["account_external_id", "account_name", "category_spend"],
            [world.account.external_id, "", "100"],
            ["", world.account.name, "200"],
        ],
    )
    reported: list[tuple] = []
    summary = run_import(path, ImportOptions(kind="wallet"), on_errors=reported.extend)
    assert (summary.created, summary.rejected) == (1, 1)
    assert reported == [(3, "", "", "duplicate of line 2")]
    assert estimates() == {world.account.external_id: (D("100.00"), "PLN", "")}


def test_dry_run_writes_nothing(tmp_path, world):
    rows, _third = wallet_rows(world)
    summary = run("wallet", str(write_csv(tmp_path / "wallet.csv", rows)), "--dry-run")
    assert counts(summary) == (3, 3, 0, 0, 0)
    assert not WalletEstimate.objects.exists()
    assert not WalletEstimate.history.exists()


def test_each_batch_is_all_or_nothing(tmp_path, world, monkeypatch):
    """A batch that fails while writing leaves nothing of itself behind; earlier batches
    stay committed, and re-running the file completes the job."""
    extra = [AccountFactory() for _ in range(3)]
    WalletEstimate.objects.create(account=extra[2], category_spend=D("1"), currency="PLN")
    rows = [["account_external_id", "category_spend"]]
    order = (world.account, world.other_account, extra[0], extra[2], extra[1])
    rows += [[a.external_id, "500"] for a in order]
    path = write_csv(tmp_path / "wallet.csv", rows)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    # Batch 1 (two new estimates) commits; batch 2 creates extra[0] and then fails while
    # updating extra[2]; batch 3 never runs.
    monkeypatch.setattr(wallet_services, "bulk_update_with_history", broken)
    with pytest.raises(RuntimeError):
        run_import(path, ImportOptions(kind="wallet", batch_size=2))
    assert set(estimates()) == {
        world.account.external_id,
        world.other_account.external_id,
        extra[2].external_id,
    }
    assert estimates()[extra[2].external_id][0] == D("1.00")
    monkeypatch.undo()
    summary = run_import(path, ImportOptions(kind="wallet", batch_size=2))
    assert (summary.created, summary.updated, summary.unchanged) == (2, 1, 2)
    assert all(spend == D("500.00") for spend, _c, _s in estimates().values())


def test_polish_and_russian_headers_preset(tmp_path, world):
    path = write_csv(
        tmp_path / "portfel.csv",
        [
            ["Kod klienta", "Wydatki w kategorii", "Waluta", "Źródło"],
            [world.account.external_id, "1 250 000,50", "zł", "rozmowa z zarządem"],
        ],
        delimiter=";",
        encoding="cp1250",
    )
    summary = run("wallet", str(path), "--preset", "wallet-pl-ru")
    assert counts(summary) == (1, 1, 0, 0, 0)
    assert estimates() == {
        world.account.external_id: (D("1250000.50"), "PLN", "rozmowa z zarządem")
    }
    path = write_csv(
        tmp_path / "кошелёк.csv",
        [
            ["Контрагент", "Закупки в категории", "Валюта", "Источник"],
            ["Other Customer GmbH", "740000", "EUR", "отраслевой обзор"],
        ],
    )
    assert counts(run("wallet", str(path), "--preset", "wallet-pl-ru"))[1] == 1
    assert estimates()[world.other_account.external_id] == (
        D("740000.00"),
        "EUR",
        "отраслевой обзор",
    )


def test_a_file_without_an_account_column_is_refused(tmp_path, world):
    path = write_csv(tmp_path / "wallet.csv", [["category_spend"], ["100"]])
    message = fails("wallet", str(path))
    assert "account_external_id" in message
    assert not WalletEstimate.objects.exists()
