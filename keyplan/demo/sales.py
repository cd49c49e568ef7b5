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

from .generator import DemoPortfolio

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
    # Weights in one currency (the generator scaled sizes by currency), so that a
    # rouble-denominated customer is not a hundred times bigger than a zloty one.
    scale = {"RUB": 100, "KZT": 500, "BYN": 3, "CZK": 25, "SEK": 11, "PLN": 4.3}
    weights = [(float(a.annual_revenue) / scale.get(a.currency, 1)) ** 1.5 for a in buyers]
    # A bigger customer places more lines and larger ones: lines ~ size^0.6, quantity ~
    # size^0.4, so revenue follows size and the Pareto picture is that of the sizes.
    spread = [w**0.6 for w in weights]
    total_spread = sum(spread)
    mean_weight = sum(weights) / len(weights)
    counts, quantity_factor = {}, {}
    for account, weight, share in zip(buyers, weights, spread, strict=True):
        counts[account.key] = max(12, int(lines * share / total_spread))
        quantity_factor[account.key] = max(0.2, (weight / mean_weight) ** 0.4)
    # A few regular customers are new (first sale nine months before the end) and a few
    # were lost (nothing in the last 16 months), so that the classes move between last
    # year and this one. A generator of its own: the other draws stay as they were.
    lifecycle = random.Random(seed * 7919 + 2)
    months_of: dict[int, tuple[int, int]] = {}  # account key -> (first, count) of months
    for account in buyers:
        draw = lifecycle.random()
        if account.account_class == "regular" and draw < 0.08:
            months_of[account.key] = (MONTHS - 9, 9)
        elif account.account_class == "regular" and draw < 0.14:
            months_of[account.key] = (0, MONTHS - 16)
    written = 0
    with (
        paths["invoices"].open("w", newline="", encoding="utf-8") as inv,
        paths["payments"].open("w", newline="", encoding="utf-8") as pay,
    ):
        invoices = csv.writer(inv)
        payments = csv.writer(pay)
        invoices.writerow(
            [
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
        )
        payments.writerow(
            ["Document", "Customer ID", "Due date", "Paid date", "Amount", "Currency"]
        )
        doc_number = 0
        for account in buyers:
            n_lines = counts[account.key]
            # Growth or decline over the three years, and how late this customer pays.
            trend = rng.uniform(-0.35, 0.6)
            late = rng.random() < 0.15
            delay_mean = rng.uniform(20, 60) if late else rng.uniform(-5, 6)
            favourite = rng.sample(catalogue, k=min(len(catalogue), rng.randint(20, 60)))
            fx = Decimal(FX.get(account.currency, 1))
            first_month, month_count = months_of.get(account.key, (0, MONTHS))
            remaining = n_lines
            while remaining > 0:
                # Later months are likelier when the account grows, earlier when it declines.
                u = rng.random()
                if trend >= 0:
                    position = u ** (1 / (1 + trend))
                else:
                    position = 1 - (1 - u) ** (1 / (1 - trend))
                month = first_month + min(month_count - 1, int(position * month_count))
                start = _month_start(month)
                day = start + timedelta(days=rng.randint(0, 27))
                if day > DEMO_END:
                    day = DEMO_END
                doc_number += 1
                document = f"FV/{day.year}/{doc_number:07d}"
                doc_total = Decimal(0)
                for line_no in range(1, min(remaining, rng.randint(1, 8)) + 1):
                    product = rng.choice(favourite)
                    quantity = max(1, round(rng.randint(1, 20) * quantity_factor[account.key]))
                    price = product.price * fx * Decimal(str(round(rng.uniform(0.9, 1.1), 3)))
                    revenue = (price * quantity).quantize(Decimal("0.01"))
                    cost = (revenue * (1 - product.margin)).quantize(Decimal("0.01"))
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
                    doc_total += revenue
                    remaining -= 1
                    written += 1
                due = day + timedelta(days=30)
                if due < DEMO_END - timedelta(days=10) or rng.random() < 0.5:
                    paid = due + timedelta(days=int(rng.gauss(delay_mean, 6)))
                    paid_text = paid.isoformat() if paid <= DEMO_END else ""
                else:
                    paid_text = ""
                payments.writerow(
                    [
                        document,
                        account.external_id,
                        due.isoformat(),
                        paid_text,
                        doc_total,
                        account.currency,
                    ]
                )

    with paths["opportunities"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
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
        )
        n = 0
        for account in portfolio.accounts:
            if account.account_class == "suspect":
                continue
            how_many = {"strategic": 6, "regular": 2, "prospect": 2}[account.account_class]
            for _ in range(rng.randint(1, how_many)):
                n += 1
                created = DEMO_END - timedelta(days=rng.randint(10, MONTHS * 30))
                if account.account_class == "prospect" or created > DEMO_END - timedelta(days=90):
                    status = "open"
                    stage = rng.choice(STAGES_OPEN)
                    probability = {
                        "Qualification": 10,
                        "Needs analysis": 25,
                        "Proposal": 50,
                        "Negotiation": 75,
                    }[stage]
                    close = DEMO_END + timedelta(days=rng.randint(15, 180))
                else:
                    status = "won" if rng.random() < 0.55 else "lost"
                    stage = "Closed Won" if status == "won" else "Closed Lost"
                    probability = 100 if status == "won" else 0
                    close = created + timedelta(days=rng.randint(20, 200))
                    close = min(close, DEMO_END)
                line = rng.choice(PRODUCT_LINES)
                amount = Decimal(rng.randint(5, 400) * 1000) * Decimal(FX.get(account.currency, 1))
                writer.writerow(
                    [
                        f"OPP-{n:05d}",
                        account.external_id,
                        f"{line[0]} for {account.name}"[:200],
                        stage,
                        amount.quantize(Decimal("0.01")),
                        probability,
                        created.isoformat(),
                        close.isoformat(),
                        status,
                        rng.choice(COMPETITORS) if rng.random() < 0.7 else "",
                        account.owner or "",
                        account.currency,
                    ]
                )
    return {"paths": paths, "invoice_lines": written}
