"""Writes the demo's portfolio inputs (keyplan.demo.portfolio.domain) on top of the
sales history: planning rates, share of wallet (imported as a `wallet` file), SAM
fitness, interest dates and people's scores; then the classes from the data a year
earlier and now (two snapshots to compare), the data-driven scores and the
reclassification suggestions, all through the portfolio services."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.db.models import Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from keyplan.accounts.models import Account
from keyplan.portfolio.classification.services import (
    CLASSIFICATION_REASON,
    apply_classification,
)
from keyplan.portfolio.models import AccountScore, Criterion, SamFitness, Snapshot
from keyplan.sales.figures.domain import Period
from keyplan.sales.models import ExchangeRate, MonthlyRollup
from keyplan.users.models import User

from ..sales.services import import_file
from .domain import DemoPortfolioInputs

# Who assessed an account (its owner, else the director): account key -> user.
Assessor = Callable[[int], User]


def demo_accounts(keys_and_ids: list[tuple[int, str]]) -> dict[int, Account]:
    """The demo's accounts by the generator's key, from (key, external id) pairs."""
    accounts = {a.external_id: a for a in Account.objects.all()}  # only the demo's
    return {key: accounts[external_id] for key, external_id in keys_and_ids}


def sales_revenue(by_key: dict[int, Account], period: Period) -> dict[int, Decimal]:
    """Each buying account's revenue over `period`, in its own currency, by key."""
    key_of = {account.pk: key for key, account in by_key.items()}
    return {
        key_of[row["account_id"]]: row["revenue"]
        for row in MonthlyRollup.objects.filter(
            month__gte=period.date_from, month__lte=period.date_to
        )
        .values("account_id")
        .annotate(revenue=Sum("revenue"))
        .order_by()
        if row["account_id"] in key_of
    }


def write_rates(inputs: DemoPortfolioInputs) -> None:
    for currency, rate in inputs.rates.items():
        ExchangeRate.objects.update_or_create(currency=currency, defaults={"rate": rate})


def import_wallets(
    inputs: DemoPortfolioInputs, by_key: dict[int, Account], folder: Path, admin: User | None
) -> int:
    """Write the wallet estimates as a file and import it; how many were created."""
    folder.mkdir(parents=True, exist_ok=True)
    wallet_path = folder / "wallet.csv"
    with wallet_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Customer ID", "Category spend", "Currency", "Source"])
        for wallet in inputs.wallets:
            writer.writerow(
                [
                    by_key[wallet.key].external_id,
                    wallet.category_spend,
                    wallet.currency,
                    wallet.source,
                ]
            )
    return import_file("wallet", wallet_path, admin).created


def assessor_of(by_key: dict[int, Account], director: User) -> Assessor:
    owners = {u.pk: u for u in User.objects.filter(role__in=["kam", "director"])}

    def assessor(key: int) -> User:
        owner_id = by_key[key].owner_id
        return (owners.get(owner_id) if owner_id is not None else None) or director

    return assessor


def write_fitness(
    inputs: DemoPortfolioInputs, by_key: dict[int, Account], assessor: Assessor
) -> int:
    fitness = [
        SamFitness(account=by_key[f.key], note=f.note, assessed_by=assessor(f.key), **f.answers)
        for f in inputs.fitness
    ]
    bulk_create_with_history(fitness, SamFitness, batch_size=500)
    return len(fitness)


def write_interest(inputs: DemoPortfolioInputs, by_key: dict[int, Account], director: User) -> int:
    interested = []
    for key, day in sorted(inputs.interest.items()):
        account = by_key[key]
        account.interest_recorded_on = day
        interested.append(account)
    if interested:
        bulk_update_with_history(
            interested,
            Account,
            ["interest_recorded_on"],
            batch_size=500,
            default_user=director,
            default_change_reason="demo",
        )
    return len(interested)


def write_scores(
    inputs: DemoPortfolioInputs,
    by_key: dict[int, Account],
    manual: list[str],
    assessor: Assessor,
    now: datetime,
) -> int:
    """The people-scored criteria `manual` of the top accounts, scored at `now`."""
    criteria = {c.key: c for c in Criterion.objects.filter(key__in=manual)}
    scores = [
        AccountScore(
            account=by_key[s.key],
            criterion=criteria[s.criterion],
            score=s.score,
            rationale=s.rationale,
            scored_by=assessor(s.key),
            scored_at=now,
        )
        for s in inputs.scores
    ]
    bulk_create_with_history(scores, AccountScore, batch_size=500)
    return len(scores)


def classify_a_year_ago(director: User, period: Period, then: datetime) -> Snapshot:
    """Apply the classes from the data a year before `period`, dated `then` (the snapshot
    and the accounts' class history), so that "compare with a year ago" shows who moved
    in and out of each class."""
    year_ago = Period.months(
        date(period.date_from.year - 1, period.date_from.month, 1),
        date(period.date_to.year - 1, period.date_to.month, 1),
    )
    started = timezone.now()
    older = apply_classification(
        user=director, period=year_ago, note="Demo: classes from the year before"
    )
    Snapshot.objects.filter(pk=older.pk).update(created_at=then)
    Account.history.filter(
        history_change_reason=CLASSIFICATION_REASON,
        history_date__gte=started,
    ).update(history_date=then)
    return older


def classify_now(director: User, period: Period) -> Snapshot:
    return apply_classification(
        user=director, period=period, note="Demo: classes from the last 12 months"
    )


def fit_tenure_rule(history_months: int) -> int:
    """The demo company scores the tenure of the relationship over the years its sales
    history can show (the demo imports `history_months` months): a linear rule from 0 to
    that many years, so that a customer since the first month scores 10 and a newer one
    less. With the default 0-10 years every account would sit at about 4. Returns the
    number of criteria changed (0 or 1)."""
    return Criterion.objects.filter(key="tenure", metric="tenure_years").update(
        method="linear", low=0, high=Decimal(history_months) / 12
    )
