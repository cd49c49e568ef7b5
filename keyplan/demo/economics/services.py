"""The demo's account economics (issue #16): hourly costs per role, service costs booked to
the accounts that bought in the last 12 months, and a few strategic accounts whose rebates,
returns and logistics cost more than they earn, so the P&L, the whale curve and the
account page show real content.

- Hourly costs by role from the start of the sales history (a KAM 180, a team member 120,
  a director 250, an administrator 150 a hour, in the base currency).
- Service costs, monthly for the last 12 months of sales: logistics at 2-4% of the month's
  revenue, support at the strategic accounts, travel each quarter, marketing funds once
  a year at the larger accounts, returns now and then.
- Three strategic accounts are served at a loss: rebates and special packaging worth
  more than their gross profit.

Written in bulk (seeded, nobody edited them: no history rows). Deterministic for a given
random generator.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from keyplan.accounts.models import Account
from keyplan.economics.models import HourlyCost
from keyplan.portfolio.models import PortfolioSettings
from keyplan.sales.figures.selectors import account_figures, default_period, whole_history
from keyplan.sales.models import ServiceCost

CENT = Decimal("0.01")
HOURLY = {"kam": "180", "team": "120", "director": "250", "admin": "150"}
LOSS_MAKERS = 3


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _hourly_costs(base: str, start) -> int:
    """The role rates from `start`, unless a role already has one from that day (a demo
    seeded again after --reset keeps what is there)."""
    created = 0
    for role, amount in HOURLY.items():
        _cost, new = HourlyCost.objects.get_or_create(
            role=role,
            valid_from=start,
            defaults={"amount": Decimal(amount), "currency": base},
        )
        created += new
    return created


def _monthly(account: Account, month_start, revenue: Decimal, rng: random.Random) -> list:
    costs = [("logistics", revenue * Decimal(rng.randint(20, 40)) / 1000)]
    if account.account_class == "strategic":
        costs.append(("support", revenue * Decimal(rng.randint(5, 15)) / 1000))
    if month_start.month % 3 == 0:
        costs.append(("travel", Decimal(rng.randint(800, 4000))))
    if rng.random() < 0.1:
        costs.append(("returns", revenue * Decimal(rng.randint(10, 50)) / 1000))
    return costs


def seed_economics(*, rng: random.Random) -> dict[str, int]:
    base = PortfolioSettings.load().base_currency
    history, period = whole_history(), default_period()
    if history is None or period is None:
        start = date.today().replace(day=1)
        return {"hourly_costs": _hourly_costs(base, start), "service_costs": 0, "loss_makers": 0}
    hourly = _hourly_costs(base, history.date_from)
    figures = account_figures(None, period, base=base).values
    accounts = {a.pk: a for a in Account.objects.filter(pk__in=list(figures))}
    months = period.month_starts()
    rows: list[ServiceCost] = []
    for pk in sorted(figures):
        account, (revenue, _gp) = accounts[pk], figures[pk]
        monthly = revenue / len(months)
        for month_start in months:
            for category, amount in _monthly(account, month_start, monthly, rng):
                if amount > 0:
                    rows.append(_cost(account, month_start, category, amount, base, rng))
        if account.account_class == "strategic" and revenue > 1_000_000 and rng.random() < 0.3:
            rows.append(_cost(account, months[-1], "marketing", revenue / 200, base, rng))
    strategic = sorted(
        (pk for pk in figures if accounts[pk].account_class == "strategic" and figures[pk][1] > 0),
        key=lambda pk: figures[pk][0],
    )
    losers = strategic[len(strategic) // 3 :][:LOSS_MAKERS]
    for pk in losers:
        gross_profit = figures[pk][1]
        rows.append(
            _cost(accounts[pk], months[-2], "rebates", gross_profit * Decimal("0.9"), base, rng)
        )
        rows.append(
            _cost(accounts[pk], months[-1], "packaging", gross_profit * Decimal("0.35"), base, rng)
        )
    ServiceCost.objects.bulk_create(rows, batch_size=2000)
    return {"hourly_costs": hourly, "service_costs": len(rows), "loss_makers": len(losers)}


def _cost(account, month_start, category, amount, base, rng) -> ServiceCost:
    day = month_start.replace(day=rng.randint(1, 28))
    return ServiceCost(
        account=account,
        date=day,
        category=category,
        amount=_cents(Decimal(amount)),
        currency=base,
        note="",
    )
