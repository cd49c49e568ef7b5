"""The demo's portfolio (issue #4): the inputs are pure and follow the seed; loaded, they
give rates for every currency, share of wallet, SAM fitness, people's scores, classes
from the data with a snapshot a year back and one now, data scores and suggestions."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from keyplan.accounts.models import Account
from keyplan.demo import services
from keyplan.demo.accounts.domain import COUNTRIES, generate
from keyplan.demo.portfolio.domain import (
    CONDITIONS,
    TOP_FITNESS,
    TOP_SCORED,
    exchange_rates,
    language,
    portfolio_inputs,
)
from keyplan.demo.sales.domain import DEMO_END, FX
from keyplan.imports.models import ImportJob, ImportStatus
from keyplan.portfolio.classification.selectors import classification_preview
from keyplan.portfolio.models import AccountScore, SamFitness, Snapshot, Suggestion
from keyplan.portfolio.pareto.selectors import pareto as pareto_analysis
from keyplan.portfolio.suggestions.services import generate_suggestions
from keyplan.sales.figures.selectors import default_period
from keyplan.sales.models import ExchangeRate, WalletEstimate
from keyplan.users.models import User

D = Decimal


def cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


@pytest.fixture(scope="module")
def portfolio():
    return generate(seed=42)


@pytest.fixture(scope="module")
def revenue(portfolio):
    # What the sales history gives: the strategic and regular accounts buy.
    return {
        a.key: a.annual_revenue / 10
        for a in portfolio.accounts
        if a.account_class in ("strategic", "regular")
    }


def inputs_for(portfolio, revenue, seed=42, base="PLN", manual=("partnership",)):
    return portfolio_inputs(
        portfolio, seed=seed, revenue=revenue, base_currency=base, manual_criteria=list(manual)
    )


# --- pure: rates and inputs ------------------------------------------------------------------


def test_a_rate_for_every_currency_the_demo_uses():
    rates = exchange_rates("PLN")
    used = {currency for _code, _weight, currency, _lang in COUNTRIES}
    assert used - {"PLN"} <= set(rates)
    assert "PLN" not in rates  # the base currency has rate 1 implicitly
    assert rates["EUR"] == D("4.34782609")  # 1 / 0.23 zloty per euro
    assert rates["RUB"] == D("0.04545455")
    assert all(rate > 0 for rate in rates.values())


def test_rates_follow_the_base_currency():
    rates = exchange_rates("EUR")
    assert rates["PLN"] == D(FX["EUR"]).quantize(D("0.00000001"))  # 0.23 EUR per zloty
    assert "EUR" not in rates
    assert exchange_rates("JPY") == {}  # unknown base: none rather than wrong ones


def test_same_seed_same_inputs(portfolio, revenue):
    assert inputs_for(portfolio, revenue) == inputs_for(portfolio, revenue)
    assert inputs_for(portfolio, revenue) != inputs_for(portfolio, revenue, seed=43)


def test_wallets_for_most_buyers_at_a_15_to_80_percent_share(portfolio, revenue):
    inputs = inputs_for(portfolio, revenue)
    by_key = {a.key: a for a in portfolio.accounts}
    assert len(inputs.wallets) >= 0.7 * len(revenue)
    for wallet in inputs.wallets:
        account = by_key[wallet.key]
        assert wallet.key in revenue
        assert wallet.currency == account.currency
        assert wallet.category_spend == wallet.category_spend.quantize(D("0.01"))
        share = revenue[wallet.key] / wallet.category_spend
        assert D("0.14") <= share <= D("0.81"), (share, wallet)
        assert cyrillic(wallet.source) == (language(account.country) == "ru")


def test_sam_fitness_mostly_yes_for_the_top_accounts(portfolio, revenue):
    fitness = inputs_for(portfolio, revenue).fitness
    assert [f.key for f in fitness] == [a.key for a in portfolio.accounts[:TOP_FITNESS]]
    verdicts = Counter(
        "no"
        if "no" in f.answers.values()
        else "unknown"
        if "unknown" in f.answers.values()
        else "yes"
        for f in fitness
    )
    assert verdicts == {"yes": TOP_FITNESS - 5, "no": 2, "unknown": 3}
    for f in fitness:
        assert set(f.answers) == set(CONDITIONS)
        assert bool(f.note) == (set(f.answers.values()) != {"yes"})


def test_interest_only_for_accounts_that_do_not_buy(portfolio, revenue):
    interest = inputs_for(portfolio, revenue).interest
    by_key = {a.key: a for a in portfolio.accounts}
    assert interest
    for key, day in interest.items():
        assert key not in revenue
        assert by_key[key].account_class != "prospect"  # those have opportunities already
        assert day <= DEMO_END
    recent = [d for d in interest.values() if d >= DEMO_END - timedelta(days=365)]
    assert 0 < len(recent) < len(interest)  # most count, some are too old to


def test_people_score_the_top_accounts_with_rationales(portfolio, revenue):
    scores = inputs_for(portfolio, revenue, manual=("partnership", "culture_fit")).scores
    top = portfolio.accounts[:TOP_SCORED]
    assert [(s.key, s.criterion) for s in scores] == [
        (a.key, c) for a in top for c in ("partnership", "culture_fit")
    ]
    assert all(1 <= s.score <= 10 and s.rationale for s in scores)
    by_key = {a.key: a for a in top}
    for s in scores:
        assert cyrillic(s.rationale) == (language(by_key[s.key].country) == "ru")
    partnership = [s for s in scores if s.criterion == "partnership"]
    first, second = partnership[: TOP_SCORED // 2], partnership[TOP_SCORED // 2 :]
    assert sum(s.score for s in first) > sum(s.score for s in second)
    assert any(s.score >= 9 for s in second)  # smaller accounts that stand out


# --- loaded into the database ------------------------------------------------------------------


def load(tmp_path, *, seed=5, accounts=40, lines=4000) -> dict:
    portfolio = generate(seed=seed, accounts=accounts)
    with override_settings(DATA_DIR=tmp_path):
        services.demo_load(portfolio)
        services.demo_load_sales(portfolio, seed=seed, lines=lines)
        return services.demo_load_portfolio(portfolio, seed=seed)


def state() -> dict:
    """What the demo loaded, by external id (no keys or times): to compare two loads."""
    return {
        "classes": sorted(Account.objects.values_list("external_id", "account_class")),
        "interest": sorted(
            Account.objects.exclude(interest_recorded_on=None).values_list(
                "external_id", "interest_recorded_on"
            )
        ),
        "wallets": sorted(
            WalletEstimate.objects.values_list(
                "account__external_id", "category_spend", "currency", "source"
            )
        ),
        "fitness": sorted(
            (f.account.external_id, f.verdict, f.note)
            for f in SamFitness.objects.select_related("account")
        ),
        "scores": sorted(
            AccountScore.objects.values_list(
                "account__external_id", "criterion__key", "score", "from_data", "rationale"
            )
        ),
        "suggestions": sorted(
            Suggestion.objects.values_list("account__external_id", "to_class", "reason")
        ),
        "rates": sorted(ExchangeRate.objects.values_list("currency", "rate")),
    }


@pytest.fixture
def loaded(db, tmp_path):
    return load(tmp_path)


def test_the_demo_portfolio_is_complete(loaded):
    director = User.objects.get(username="director")
    used = set(Account.objects.values_list("currency", flat=True)) - {"PLN"}
    assert used <= set(ExchangeRate.objects.values_list("currency", flat=True))
    period = default_period()
    pareto = pareto_analysis(user=director, metric="gp", period=period)
    assert pareto.missing_rates == []
    assert pareto.currency == "PLN"

    # Share of wallet, imported through the `wallet` import kind.
    buyers = {row.account_id for row in pareto.rows}
    with_wallet = set(WalletEstimate.objects.values_list("account_id", flat=True))
    assert with_wallet <= buyers
    assert len(with_wallet) >= 0.6 * len(buyers)
    job = ImportJob.objects.get(kind="wallet")
    assert job.status == ImportStatus.SUCCEEDED
    assert job.created == loaded["wallets"] == len(with_wallet)

    fitness = Counter(f.verdict for f in SamFitness.objects.all())
    assert fitness["yes"] > fitness["no"] + fitness["unknown"]
    assert fitness["no"] >= 1

    manual = AccountScore.objects.filter(from_data=False)
    assert manual.count() == loaded["manual_scores"] > 0
    assert set(manual.values_list("criterion__key", flat=True)) == {"partnership"}
    assert all(s.rationale and s.scored_by_id for s in manual)
    assert AccountScore.objects.filter(from_data=True).count() == loaded["data_scores"] > 0
    assert Account.objects.exclude(interest_recorded_on=None).exists()


def test_classes_come_from_the_data_with_a_snapshot_a_year_back(loaded):
    director = User.objects.get(username="director")
    newer, older = Snapshot.objects.order_by("-date_to")
    period = default_period()
    assert (newer.date_from, newer.date_to) == (period.date_from, period.date_to)
    assert older.date_from == period.date_from.replace(year=period.date_from.year - 1)
    assert older.date_to == period.date_to.replace(year=period.date_to.year - 1)
    assert older.created_at < timezone.now() - timedelta(days=300)
    # The current classes are the data's: nothing left to change, and the snapshot agrees.
    assert classification_preview(user=director, period=period).changes == []
    assert dict(newer.rows.values_list("account_id", "class_after")) == dict(
        Account.objects.values_list("pk", "account_class")
    )
    # Compared with a year ago, accounts moved between classes.
    moved = {(row.account_id, row.class_after) for row in older.rows.all()} ^ {
        (row.account_id, row.class_after) for row in newer.rows.all()
    }
    assert moved
    history = Account.history.filter(history_change_reason="classification")
    assert history.filter(history_date__lt=timezone.now() - timedelta(days=300)).exists()
    assert history.filter(history_date__gt=timezone.now() - timedelta(days=1)).exists()


def test_suggestions_are_there_and_rerunning_adds_none(loaded):
    director = User.objects.get(username="director")
    assert Suggestion.objects.count() == loaded["suggestions"]
    before = state()["suggestions"]
    assert generate_suggestions(user=director) == []
    assert state()["suggestions"] == before


def test_same_seed_same_demo_portfolio(db, tmp_path):
    load(tmp_path / "first")
    first = state()
    assert first["wallets"] and first["fitness"] and first["scores"] and first["interest"]
    with override_settings(DATA_DIR=tmp_path / "second"):
        services.demo_reset()
    assert not Snapshot.objects.exists()
    load(tmp_path / "second")
    assert state() == first
