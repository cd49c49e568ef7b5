"""Exact money through the real invoice import (issue #14, "Exact amounts"): amounts with
up to four decimals are stored exactly (MoneyField: integer ten-thousandths), the lines,
the monthly rollups and the Pareto/figures totals equal the Decimal sum of the file's
values, cost derived from gross profit is exact, and a fifth decimal is rejected with
its line, column and value, never rounded."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keyplan.imports.models import ImportRowError
from keyplan.portfolio.models import PortfolioSettings
from keyplan.portfolio.pareto.selectors import pareto
from keyplan.sales.figures.domain import Period
from keyplan.sales.figures.selectors import account_figures
from keyplan.sales.models import InvoiceLine, MonthlyRollup

from .support import counts, run, write_csv

D = Decimal
YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
ZERO = D(0)


def amounts(min_value: int = 0):
    """Decimals with 0-4 places (up to 10 million), as the ERP exports write them."""
    return st.builds(
        lambda units, places: D(units).scaleb(-places),
        st.integers(min_value=min_value * 10**4, max_value=10**11),
        st.integers(min_value=0, max_value=4),
    )


def text(value: Decimal) -> str:
    return format(value, "f")  # never exponent notation ("0E-4")


LINE = st.tuples(amounts(), amounts(), st.integers(1, 12), st.booleans())
HEADER_COST = ["document", "line", "date", "account_external_id", "revenue", "cost", "currency"]
HEADER_GP = [*HEADER_COST[:5], "gross_profit", "currency"]


def _import(rows: list[list[object]]) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "invoices.csv", rows)
        # "1.234" alone could be a thousands separator: the file says it is a point.
        return run("invoices", str(path), "--decimal", ".")


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(LINE, min_size=1, max_size=12), gross_profit=st.booleans())
def test_imported_amounts_add_up_exactly(world, lines, gross_profit):
    InvoiceLine.objects.all().delete()
    MonthlyRollup.objects.all().delete()
    base = PortfolioSettings.load().base_currency
    accounts = (world.account, world.other_account)
    rows: list[list[object]] = [HEADER_GP if gross_profit else HEADER_COST]
    revenue_sum = cost_sum = ZERO
    per_account = {account.pk: [ZERO, ZERO] for account in accounts}
    for number, (revenue, second, month, other) in enumerate(lines, start=1):
        account = accounts[other]
        # The second amount is the cost, or the gross profit when the file gives that.
        cost = revenue - second if gross_profit else second
        rows.append(
            [
                f"FV/{number}",
                "1",
                f"2024-{month:02d}-15",
                account.external_id,
                text(revenue),
                text(second),
                base,
            ]
        )
        revenue_sum += revenue
        cost_sum += cost
        per_account[account.pk][0] += revenue
        per_account[account.pk][1] += revenue - cost

    summary = _import(rows)
    assert counts(summary) == (len(lines), len(lines), 0, 0, 0)
    assert D(summary["revenue_total"]) == revenue_sum
    assert D(summary["cost_total"]) == cost_sum

    stored = list(InvoiceLine.objects.values_list("revenue", "cost"))
    assert sum((r for r, _c in stored), ZERO) == revenue_sum
    assert sum((c for _r, c in stored), ZERO) == cost_sum
    rollups = list(MonthlyRollup.objects.values_list("revenue", "cost", "lines"))
    assert sum((r for r, _c, _n in rollups), ZERO) == revenue_sum
    assert sum((c for _r, c, _n in rollups), ZERO) == cost_sum
    assert sum(n for _r, _c, n in rollups) == len(lines)

    figures = account_figures(None, YEAR_2024, base=base)
    for pk, (revenue, gross) in per_account.items():
        if revenue or gross or pk in figures.values:
            assert figures.values[pk] == (revenue, gross)
    result = pareto(user=world.admin, metric="revenue", period=YEAR_2024)
    assert result.total == revenue_sum
    # Shown at two places: the exact sum rounded half up, not a sum of rounded lines.
    shown = revenue_sum.quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert D(result.to_json()["total"]) == shown
    gp = pareto(user=world.admin, metric="gp", period=YEAR_2024)
    assert gp.total == revenue_sum - cost_sum


def test_a_fifth_decimal_is_rejected_with_line_and_column(world):
    rows = [
        ["document", "line", "date", "account_external_id", "revenue", "cost"],
        ["FV/1", "1", "2024-03-01", world.account.external_id, "10.1234", "5.5"],
        ["FV/2", "1", "2024-03-01", world.account.external_id, "10.12345", "5.00"],
        ["FV/3", "1", "2024-03-01", world.account.external_id, "10.00", "0.00001"],
        # A trailing zero is exact: 7.1234.
        ["FV/4", "1", "2024-03-01", world.account.external_id, "7.12340", "1"],
    ]
    summary = _import(rows)
    assert counts(summary) == (4, 2, 0, 0, 2)
    errors = sorted(
        ImportRowError.objects.filter(job_id=summary["job"]).values_list(
            "line", "column", "value", "reason"
        )
    )
    assert [e[:3] for e in errors] == [(3, "revenue", "10.12345"), (4, "cost", "0.00001")]
    assert all("more than 4 decimal places" in e[3] for e in errors)
    stored = dict(InvoiceLine.objects.values_list("document_number", "revenue"))
    assert stored == {"FV/1": D("10.1234"), "FV/4": D("7.1234")}
    assert InvoiceLine.objects.get(document_number="FV/1").cost == D("5.50")
