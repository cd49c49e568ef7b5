"""The demo's steps, in the order `seed_demo` runs them: the portfolio (accounts, people,
teams, contacts), the sales history, the portfolio analysis, the account plans, the
competition, the stakeholders and the execution data. Each step is one transaction and
reports its progress; the features' packages (keyplan.demo.<feature>) do the writing."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from keyplan.accounts.models import Account
from keyplan.portfolio.models import Criterion, PortfolioSettings, Snapshot
from keyplan.portfolio.scoring.services import compute_data_scores
from keyplan.portfolio.suggestions.services import generate_suggestions
from keyplan.sales.figures.selectors import default_period
from keyplan.users.models import User

from .accounts import services as accounts_services
from .accounts.domain import DEMO_USERNAMES, DemoPortfolio
from .competition.services import clear_competition, seed_competition
from .execution.services import seed_execution
from .plans.services import seed_plans
from .portfolio import services as portfolio_services
from .portfolio.domain import portfolio_inputs
from .sales.domain import MONTHS, write_files
from .sales.services import import_file
from .stakeholders.services import clear_stakeholders, seed_stakeholders

# Called with what was loaded and how many, for the command's progress lines.
Progress = Callable[[str, int], object] | None


class DemoExistsError(Exception):
    pass


def demo_reset() -> None:
    """Remove every account, contact and demo user (not other users)."""
    with transaction.atomic():
        clear_stakeholders()
        clear_competition()
        User.objects.filter(portal_account__isnull=False).delete()
        # Subsidiaries first: parents are protected while they have children.
        while Account.objects.exists():
            Account.objects.filter(subsidiaries__isnull=True).delete()
        # Their rows went with the accounts; a snapshot of nobody compares with nothing.
        Snapshot.objects.all().delete()
        # Only the demo's own logins: once the accounts are gone nobody owns any, so a
        # filter on ownership would take every real user with them.
        User.objects.filter(username__in=DEMO_USERNAMES, is_superuser=False).delete()


@transaction.atomic
def demo_load(portfolio: DemoPortfolio, *, progress: Progress = None) -> dict[str, int]:
    """Load `portfolio`; refuses when the database already holds accounts."""
    if Account.objects.exists():
        raise DemoExistsError
    units = accounts_services.load_units(portfolio)
    users = accounts_services.load_users(portfolio, units)
    by_key = accounts_services.load_accounts(portfolio, users)
    if progress:
        progress("accounts", len(by_key))
    team = accounts_services.load_team(portfolio, by_key, users, units)
    contacts = accounts_services.load_contacts(portfolio, by_key)
    if progress:
        progress("contacts", contacts)
    portal = accounts_services.load_portal_user(portfolio, by_key)
    users[portal.username] = portal
    accounts_services.write_logins(portfolio)
    return {"users": len(users), "accounts": len(by_key), "team": team, "contacts": contacts}


def demo_logins_text() -> str:
    return accounts_services.logins_text()


def demo_load_sales(
    portfolio: DemoPortfolio, *, seed: int, lines: int, progress: Progress = None
) -> dict:
    """Write the demo's sales files and import them through the real import pipeline."""
    folder = settings.DATA_DIR / "demo" / f"seed-{seed}"
    files = write_files(portfolio, folder, seed=seed, lines=lines)
    admin = User.objects.filter(username="admin").first()
    counts = {}
    for kind in ("products", "invoices", "payments", "opportunities"):
        summary = import_file(kind, files["paths"][kind], admin)
        counts[kind] = summary.created + summary.updated + summary.unchanged
        if progress:
            progress(kind, counts[kind])
    return counts


def demo_load_portfolio(portfolio: DemoPortfolio, *, seed: int, progress: Progress = None) -> dict:
    """Issue #4 on top of the sales history (keyplan.demo.portfolio): planning rates,
    share of wallet, SAM fitness, interest dates and people's scores; then the classes a
    year earlier and now, the data-driven scores and the reclassification suggestions."""
    period = default_period()
    if period is None:
        return {}
    director = User.objects.get(username="director")
    admin = User.objects.filter(username="admin").first()
    by_key = portfolio_services.demo_accounts([(d.key, d.external_id) for d in portfolio.accounts])
    manual = list(Criterion.objects.filter(enabled=True, metric="").values_list("key", flat=True))
    inputs = portfolio_inputs(
        portfolio,
        seed=seed,
        revenue=portfolio_services.sales_revenue(by_key, period),
        base_currency=PortfolioSettings.load().base_currency,
        manual_criteria=manual,
    )
    portfolio_services.write_rates(inputs)
    folder = settings.DATA_DIR / "demo" / f"seed-{seed}"
    wallets = portfolio_services.import_wallets(inputs, by_key, folder, admin)
    assessor = portfolio_services.assessor_of(by_key, director)
    fitness = portfolio_services.write_fitness(inputs, by_key, assessor)
    interest = portfolio_services.write_interest(inputs, by_key, director)
    now = timezone.now()
    scores = portfolio_services.write_scores(inputs, by_key, manual, assessor, now)
    if progress:
        progress("portfolio inputs", fitness + scores + wallets)
    older = portfolio_services.classify_a_year_ago(director, period, now - timedelta(days=365))
    newer = portfolio_services.classify_now(director, period)
    portfolio_services.fit_tenure_rule(MONTHS)
    data_scores = compute_data_scores(user=director, period=period)
    found = generate_suggestions(user=director, period=period)
    if progress:
        progress("classified", newer.rows.count())
    return {
        "rates": len(inputs.rates),
        "wallets": wallets,
        "fitness": fitness,
        "interest": interest,
        "manual_scores": scores,
        "moved": newer.changed,
        "moved_a_year_ago": older.changed,
        "data_scores": data_scores,
        "suggestions": len(found),
    }


def demo_load_plans(*, seed: int, progress: Progress = None) -> dict[str, int]:
    """Account plans (issue #5) for the largest strategic accounts, written through the plan
    services; run after the classes are applied, so "strategic" comes from the data."""
    with transaction.atomic():
        counts = seed_plans(
            accounts=Account.objects.select_related("owner"),
            users={u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)},
            rng=random.Random(seed + 5),
        )
    if progress:
        progress("account plans", counts["plans"])
    return counts


def demo_load_competition(*, seed: int, progress: Progress = None) -> dict[str, int]:
    """Issue #7: competitors at the largest strategic accounts, two assessments each,
    buying criteria with offer scores and one attack turned into a plan action; run
    after the plans (the attack goes into a plan)."""
    with transaction.atomic():
        counts = seed_competition(rng=random.Random(seed + 7))
    if progress:
        progress("competitor assessments", counts["assessments"])
    return counts


def demo_load_stakeholders(*, seed: int, progress: Progress = None) -> dict[str, int]:
    """Issue #6: org charts, relationships, two years of interactions and time entries,
    then the last-contact dates and the hunter/farmer profiles; run after the plans
    (meetings serve plan goals and actions) and the classes (time by class)."""
    with transaction.atomic():
        counts = seed_stakeholders(rng=random.Random(seed + 6))
    if progress:
        progress("interactions", counts["interactions"])
    return counts


def demo_load_execution(*, seed: int, progress: Progress = None) -> dict[str, int]:
    """Issue #8: run after the plans (requests serve their goals) and the classes."""
    with transaction.atomic():
        counts = seed_execution(rng=random.Random(seed + 8))
    if progress:
        progress("checkpoint answers", counts["answers"])
    return counts


def demo_load_economics(*, seed: int, progress: Progress = None) -> dict[str, int]:
    """Issue #16: hourly costs, service costs and satisfaction answers, after the sales
    history (they follow the accounts' revenue) and the classes (loss-making and unhappy
    strategic accounts); then 12 months of health history."""
    from keyplan.demo.economics.health import record_health_history
    from keyplan.demo.economics.satisfaction import seed_satisfaction
    from keyplan.demo.economics.services import seed_economics

    with transaction.atomic():
        counts = seed_economics(rng=random.Random(seed + 16))
        counts.update(seed_satisfaction())
    if progress:
        progress("service costs", counts["service_costs"])
    # The health history last: its scores read the costs, the answers and everything
    # the earlier steps loaded (plans, relationships, competition, payments).
    with transaction.atomic():
        counts["health_snapshots"] = record_health_history()
    if progress:
        progress("health snapshots", counts["health_snapshots"])
    return counts
