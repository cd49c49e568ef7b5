"""The demo's sales history, written as import files and loaded through the import
pipeline (so the demo also shows the import history): products, three years of
invoice lines (about 200,000), payments with some late payers, and opportunities.

Sizes follow each account's Pareto-skewed size, so the Pareto picture is realistic:
strategic accounts buy most, regular accounts less, prospects not at all (they have
open opportunities), suspects nothing.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..accounts.domain import CURRENCY_SCALE, DemoAccount, DemoPortfolio

DEMO_END = date(2026, 10, 31)  # fixed, so that a seed gives the same history on any day
MONTHS = 36
# product line, business unit code, typical unit price (PLN), gross margin
PRODUCT_LINES = [
    ("Bearings", "sales", 120, Decimal("0.32")),
    ("Seals", "sales", 45, Decimal("0.41")),
    ("Pumps", "sales", 2400, Decimal("0.24")),
    ("Valves", "sales", 380, Decimal("0.29")),
    ("Drives", "rnd", 5200, Decimal("0.21")),
    ("Automation", "rnd", 1800, Decimal("0.35")),
    ("Spare parts", "logistics", 60, Decimal("0.45")),
    ("Services", "service", 900, Decimal("0.52")),
]
COMPETITORS = [
    "SKF",
    "Schaeffler",
    "Timken",
    "Grundfos",
    "ABB",
    "Siemens",
    "NSK",
    "local distributor",
]
STAGES_OPEN = ["Qualification", "Needs analysis", "Proposal", "Negotiation"]
PROBABILITY_OF_STAGE = {
    "Qualification": 10,
    "Needs analysis": 25,
    "Proposal": 50,
    "Negotiation": 75,
}
OPPORTUNITIES_PER_CLASS = {"strategic": 6, "regular": 2, "prospect": 2}  # at most
CENT = Decimal("0.01")
INVOICE_COLUMNS = [
    "Document",
    "Line",
    "Date",
    "Customer ID",
    "Customer name",
    "Product code",
    "Quantity",
    "Revenue",
    "Cost",
    "Currency",
]
PAYMENT_COLUMNS = [
    "Document",
    "Customer ID",
    "Invoice date",
    "Due date",
    "Paid date",
    "Amount",
    "Currency",
]
OPPORTUNITY_COLUMNS = [
    "Opportunity ID",
    "Customer ID",
    "Name",
    "Stage",
    "Amount",
    "Probability",
    "Created date",
    "Close date",
    "Status",
    "Competitor",
    "Owner",
    "Currency",
]
FX: dict[str, Decimal | int] = {  # local units per zloty (planning figures)
    "PLN": 1,
    "EUR": Decimal("0.23"),
    "RUB": 22,
    "KZT": 120,
    "BYN": Decimal("0.8"),
    "CZK": Decimal("5.8"),
    "SEK": Decimal("2.6"),
    "USD": Decimal("0.25"),
}


@dataclass(frozen=True)
class DemoProduct:
    code: str
    name: str
    line: str
    unit: str
    price: Decimal
    margin: Decimal


def products(rng: random.Random) -> list[DemoProduct]:
    result = []
    for n, (line, unit, price, margin) in enumerate(PRODUCT_LINES):
        for i in range(15):
            factor = Decimal(str(round(rng.uniform(0.4, 2.5), 2)))
            result.append(
                DemoProduct(
                    code=f"{line[:3].upper()}-{n}{i:02d}",
                    name=f"{line} {rng.choice(['Pro', 'Std', 'Eco', 'HD', 'X'])}-{100 + i * 7}",
                    line=line,
                    unit=unit,
                    price=(Decimal(price) * factor).quantize(Decimal("0.01")),
                    margin=margin + Decimal(str(round(rng.uniform(-0.06, 0.06), 3))),
                )
            )
    return result


def _month_start(index: int) -> date:
    """The first day of month `index` (0 = the oldest of the MONTHS)."""
    total = DEMO_END.year * 12 + DEMO_END.month - 1 - (MONTHS - 1) + index
    return date(total // 12, total % 12 + 1, 1)


def write_files(portfolio: DemoPortfolio, folder: Path, *, seed: int, lines: int = 200_000) -> dict:
    """Write products.csv, invoices.csv, payments.csv and opportunities.csv into `folder`."""
    rng = random.Random(seed * 7919 + 1)
    folder.mkdir(parents=True, exist_ok=True)
    catalogue = products(rng)
    paths = {k: folder / f"{k}.csv" for k in ("products", "invoices", "payments", "opportunities")}
    with paths["products"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name", "product_line", "business_unit"])
        for p in catalogue:
            writer.writerow([p.code, p.name, p.line, p.unit])
    buyers = [a for a in portfolio.accounts if a.account_class in ("strategic", "regular")]
    volumes = _volumes(buyers, lines, seed)
    with (
        paths["invoices"].open("w", newline="", encoding="utf-8") as inv,
        paths["payments"].open("w", newline="", encoding="utf-8") as pay,
    ):
        written = _write_invoices(csv.writer(inv), csv.writer(pay), buyers, volumes, catalogue, rng)
    with paths["opportunities"].open("w", newline="", encoding="utf-8") as handle:
        _write_opportunities(csv.writer(handle), portfolio, rng)
    return {"paths": paths, "invoice_lines": written}


@dataclass(frozen=True)
class Volume:
    """How much a buying account buys: invoice lines, a factor on the quantities, and the
    months it buys in (the first and how many)."""

    lines: int
    quantity_factor: float
    first_month: int
    month_count: int


def _volumes(buyers: list[DemoAccount], lines: int, seed: int) -> dict[int, Volume]:
    """Account key -> its Volume, for about `lines` invoice lines in all."""
    # Weights in one currency (generate() scaled sizes by CURRENCY_SCALE), so that a
    # rouble-denominated customer is not a hundred times bigger than a zloty one.
    weights = [(float(a.annual_revenue) / CURRENCY_SCALE.get(a.currency, 1)) ** 1.5 for a in buyers]
    # A bigger customer places more lines and larger ones: lines ~ size^0.6, quantity ~
    # size^0.4, so revenue follows size and the Pareto picture is that of the sizes.
    spread = [w**0.6 for w in weights]
    total_spread = sum(spread)
    mean_weight = sum(weights) / len(weights)
    months_of = _lifecycles(buyers, seed)
    return {
        account.key: Volume(
            max(12, int(lines * share / total_spread)),
            max(0.2, (weight / mean_weight) ** 0.4),
            *months_of.get(account.key, (0, MONTHS)),
        )
        for account, weight, share in zip(buyers, weights, spread, strict=True)
    }


def _lifecycles(buyers: list[DemoAccount], seed: int) -> dict[int, tuple[int, int]]:
    """Account key -> (first, count) of the months it buys in, for the accounts that do
    not buy all along.

    A few regular customers are new (first sale nine months before the end) and a few
    were lost (nothing in the last 16 months), so that the classes move between last
    year and this one. The others became customers at different times: strategic accounts
    buy all along, many regular ones started up to 20 months in (before the last year), so that
    the tenure of the relationship (years since the first invoice) differs between
    accounts. Generators of their own: the other draws stay as they were."""
    lifecycle = random.Random(seed * 7919 + 2)
    start = random.Random(seed * 7919 + 3)
    months_of: dict[int, tuple[int, int]] = {}
    for account in buyers:
        draw = lifecycle.random()
        first = start.randint(0, 20) if start.random() < 0.6 else 0
        first = 0 if account.account_class == "strategic" else first
        if account.account_class == "regular" and draw < 0.08:
            months_of[account.key] = (MONTHS - 9, 9)
        elif account.account_class == "regular" and draw < 0.14:
            months_of[account.key] = (0, MONTHS - 16)
        elif first:
            months_of[account.key] = (first, MONTHS - first)
    return months_of


@dataclass(frozen=True)
class Habits:
    """A customer's buying and paying: growth or decline over the three years (`trend`),
    how late it pays on average, the products it buys and its currency per zloty."""

    trend: float
    delay_mean: float
    favourite: list[DemoProduct]
    fx: Decimal

    @classmethod
    def draw(cls, account: DemoAccount, catalogue: list[DemoProduct], rng: random.Random):
        trend = rng.uniform(-0.35, 0.6)
        late = rng.random() < 0.15
        delay_mean = rng.uniform(20, 60) if late else rng.uniform(-5, 6)
        favourite = rng.sample(catalogue, k=min(len(catalogue), rng.randint(20, 60)))
        return cls(trend, delay_mean, favourite, Decimal(FX.get(account.currency, 1)))


def _write_invoices(
    invoices: Any,
    payments: Any,
    buyers: list[DemoAccount],
    volumes: dict[int, Volume],
    catalogue: list[DemoProduct],
    rng: random.Random,
) -> int:
    """Write the invoice lines and one payment per invoice; the number of lines written."""
    invoices.writerow(INVOICE_COLUMNS)
    payments.writerow(PAYMENT_COLUMNS)
    written = doc_number = 0
    for account in buyers:
        volume = volumes[account.key]
        habits = Habits.draw(account, catalogue, rng)
        remaining = volume.lines
        while remaining > 0:
            day = _invoice_day(habits.trend, volume, rng)
            doc_number += 1
            document = f"FV/{day.year}/{doc_number:07d}"
            count = min(remaining, rng.randint(1, 8))
            total = _write_lines(invoices, document, day, account, volume, habits, count, rng)
            remaining -= count
            written += count
            due = day + timedelta(days=30)
            paid = _paid_on(due, habits.delay_mean, rng)
            payments.writerow(
                [
                    document,
                    account.external_id,
                    day.isoformat(),
                    due.isoformat(),
                    paid,
                    total,
                    account.currency,
                ]
            )
    return written


def _invoice_day(trend: float, volume: Volume, rng: random.Random) -> date:
    """Later months are likelier when the account grows, earlier when it declines."""
    u = rng.random()
    position = u ** (1 / (1 + trend)) if trend >= 0 else 1 - (1 - u) ** (1 / (1 - trend))
    month = volume.first_month + min(volume.month_count - 1, int(position * volume.month_count))
    day = _month_start(month) + timedelta(days=rng.randint(0, 27))
    return min(day, DEMO_END)


def _write_lines(
    invoices: Any,
    document: str,
    day: date,
    account: DemoAccount,
    volume: Volume,
    habits: Habits,
    count: int,
    rng: random.Random,
) -> Decimal:
    """Write `count` lines of one invoice; its total revenue."""
    total = Decimal(0)
    for line_no in range(1, count + 1):
        product = rng.choice(habits.favourite)
        quantity = max(1, round(rng.randint(1, 20) * volume.quantity_factor))
        price = product.price * habits.fx * Decimal(str(round(rng.uniform(0.9, 1.1), 3)))
        revenue = (price * quantity).quantize(CENT)
        cost = (revenue * (1 - product.margin)).quantize(CENT)
        invoices.writerow(
            [
                document,
                line_no,
                day.isoformat(),
                account.external_id,
                account.name,
                product.code,
                quantity,
                revenue,
                cost,
                account.currency,
            ]
        )
        total += revenue
    return total


def _paid_on(due: date, delay_mean: float, rng: random.Random) -> str:
    """The day an invoice due on `due` was paid, or "" while it is open."""
    if due < DEMO_END - timedelta(days=10) or rng.random() < 0.5:
        paid = due + timedelta(days=int(rng.gauss(delay_mean, 6)))
        return paid.isoformat() if paid <= DEMO_END else ""
    return ""


def _write_opportunities(writer: Any, portfolio: DemoPortfolio, rng: random.Random) -> None:
    writer.writerow(OPPORTUNITY_COLUMNS)
    n = 0
    for account in portfolio.accounts:
        if account.account_class == "suspect":
            continue
        for _ in range(rng.randint(1, OPPORTUNITIES_PER_CLASS[account.account_class])):
            n += 1
            writer.writerow(_opportunity(n, account, rng))


def _opportunity(n: int, account: DemoAccount, rng: random.Random) -> list:
    """The row of opportunity number `n`: open when recent (always at a prospect), else
    won or lost."""
    created = DEMO_END - timedelta(days=rng.randint(10, MONTHS * 30))
    if account.account_class == "prospect" or created > DEMO_END - timedelta(days=90):
        status = "open"
        stage = rng.choice(STAGES_OPEN)
        probability = PROBABILITY_OF_STAGE[stage]
        close = DEMO_END + timedelta(days=rng.randint(15, 180))
    else:
        status = "won" if rng.random() < 0.55 else "lost"
        stage = "Closed Won" if status == "won" else "Closed Lost"
        probability = 100 if status == "won" else 0
        close = min(created + timedelta(days=rng.randint(20, 200)), DEMO_END)
    line = rng.choice(PRODUCT_LINES)
    amount = Decimal(rng.randint(5, 400) * 1000) * Decimal(FX.get(account.currency, 1))
    return [
        f"OPP-{n:05d}",
        account.external_id,
        f"{line[0]} for {account.name}"[:200],
        stage,
        amount.quantize(CENT),
        probability,
        created.isoformat(),
        close.isoformat(),
        status,
        rng.choice(COMPETITORS) if rng.random() < 0.7 else "",
        account.owner or "",
        account.currency,
    ]
