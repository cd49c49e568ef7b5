"""The demo at any size: unique company names for 100,000 accounts, and the whole
seed-demo (every step after the sales history) on portfolios too small for a strategic
class or for what a step picks."""

from __future__ import annotations

import random
import time

import pytest
from django.test import override_settings

from keyplan.accounts.models import Account
from keyplan.demo.accounts.domain import COUNTRIES, generate
from keyplan.demo.accounts.names import NamePool
from tests.support import run


def test_a_hundred_thousand_names_are_unique_plausible_and_fast():
    countries = [
        (code, language) for code, weight, _c, language in COUNTRIES for _ in range(weight)
    ]
    rng, pool = random.Random(42), NamePool()
    started = time.process_time()  # CPU time: a busy machine does not fail the test
    names = [pool.name(rng, *rng.choice(countries)) for _ in range(100_000)]
    elapsed = time.process_time() - started

    assert len(set(names)) == 100_000
    assert elapsed < 2, elapsed
    # A stem, a legal form and at most a number: never an empty or runaway name.
    assert all(4 < len(name) < 60 for name in names)
    assert sum(name[-1].isdigit() for name in names) > 90_000  # the pools ran out


def test_names_follow_the_seed_at_any_size():
    def names(seed: int) -> list[str]:
        rng, pool = random.Random(seed), NamePool()
        return [pool.name(rng, "KZ", "ru") for _ in range(5_000)]

    assert names(3) == names(3) != names(4)
    assert len(set(names(3))) == 5_000


@pytest.mark.parametrize("count", [1, 2, 5, 19])
def test_small_portfolios_generate(count):
    portfolio = generate(seed=11, accounts=count)
    assert len(portfolio.accounts) == count
    assert len({a.name for a in portfolio.accounts}) == count


@pytest.mark.parametrize("count", [1, 5, 19])
def test_seed_demo_runs_every_step_on_a_small_portfolio(db, tmp_path, count):
    with override_settings(DATA_DIR=tmp_path):
        out, _err = run("seed_demo", "--accounts", str(count), "--seed", "3", "--lines", "400")
    assert Account.objects.count() == count
    assert f"Demo portfolio loaded: {count} accounts" in out
    for step in ("Sales history imported", "Account plans", "Competition", "Stakeholders"):
        assert step in out
    assert "Execution" in out and "Economics" in out
