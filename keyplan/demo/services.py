"""Writes the generated demo portfolio into the database, in one transaction."""

from __future__ import annotations

import csv

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from keyplan.accounts.models import Account, AccountTeamMember, Contact
from keyplan.portfolio.models import Snapshot
from keyplan.users.models import BusinessUnit, User

from .generator import DEMO_USERNAMES, DemoPortfolio


class DemoExistsError(Exception):
    pass


def demo_reset() -> None:
    """Remove every account, contact and demo user (not other users)."""
    from .competition import clear_competition
    from .stakeholders import clear_stakeholders

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
def demo_load(portfolio: DemoPortfolio, *, progress=None) -> dict[str, int]:
    """Load `portfolio`; refuses when the database already holds accounts."""
    if Account.objects.exists():
        raise DemoExistsError
    units = {}
    for code, name in portfolio.units:
        units[code], _ = BusinessUnit.objects.get_or_create(code=code, defaults={"name": name})
    users: dict[str, User] = {}
    for spec in portfolio.users:
        if spec.role == "portal":
            continue
        user = User.objects.filter(username=spec.username).first() or User(username=spec.username)
        user.first_name, user.last_name, user.role = spec.first_name, spec.last_name, spec.role
        user.email = f"{spec.username}@vistula-components.example"
        user.business_unit = units.get(spec.unit) if spec.unit else None
        user.is_staff = user.is_superuser = spec.role == "admin"
        user.is_active = True
        user.set_password(spec.password)
        user.save()
        users[spec.username] = user
    by_key: dict[int, Account] = {}
    rows = []
    for demo in portfolio.accounts:
        account = Account(
            name=demo.name,
            external_id=demo.external_id,
            tax_id=demo.tax_id,
            industry=demo.industry,
            country=demo.country,
            region=demo.region,
            currency=demo.currency,
            annual_revenue=demo.annual_revenue,
            account_class=demo.account_class,
            status=demo.status,
            owner=users.get(demo.owner) if demo.owner else None,
        )
        by_key[demo.key] = account
        rows.append(account)
    created = bulk_create_with_history(rows, Account, batch_size=500)
    for account, demo in zip(created, portfolio.accounts, strict=True):
        by_key[demo.key] = account
    if progress:
        progress("accounts", len(created))
    # Parents are set after every account has its key.
    with_parent = []
    for demo in portfolio.accounts:
        if demo.parent_key is not None:
            account = by_key[demo.key]
            account.parent = by_key[demo.parent_key]
            with_parent.append(account)
    for account in with_parent:
        account.save(update_fields=["parent"])
    team = [
        AccountTeamMember(
            account=by_key[demo.key],
            user=users[username],
            business_unit=units.get(unit),
            role=_team_role(unit)[0],
            contribution=_team_role(unit)[1],
        )
        for demo in portfolio.accounts
        for username, unit in demo.team
    ]
    bulk_create_with_history(team, AccountTeamMember, batch_size=500)
    contacts = [
        Contact(account=by_key[demo.key], **vars(c))
        for demo in portfolio.accounts
        for c in demo.contacts
    ]
    bulk_create_with_history(contacts, Contact, batch_size=500)
    if progress:
        progress("contacts", len(contacts))
    portal_spec = next(u for u in portfolio.users if u.role == "portal")
    portal = User(
        username=portal_spec.username,
        first_name=portal_spec.first_name,
        last_name=portal_spec.last_name,
        role="portal",
        portal_account=by_key[portfolio.portal_account_key],
        email=f"{portal_spec.username}@customer.example",
    )
    portal.set_password(portal_spec.password)
    portal.save()
    users[portal.username] = portal
    _write_logins(portfolio)
    return {
        "users": len(users),
        "accounts": len(created),
        "team": len(team),
        "contacts": len(contacts),
    }


def _team_role(unit: str) -> tuple[str, str]:
    from .generator import TEAM_ROLES

    return TEAM_ROLES.get(unit, ("Team member", ""))


def logins_path():
    return settings.DATA_DIR / "demo-logins.txt"


def _write_logins(portfolio: DemoPortfolio) -> None:
    path = logins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{u.role:<9} {u.username:<20} {u.password}" for u in portfolio.users]
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)


def demo_logins_text() -> str:
    path = logins_path()
    return path.read_text() if path.exists() else ""


def demo_load_sales(portfolio: DemoPortfolio, *, seed: int, lines: int, progress=None) -> dict:
    """Write the demo's sales files and import them through the real import pipeline."""
    from .sales import write_files

    folder = settings.DATA_DIR / "demo" / f"seed-{seed}"
    files = write_files(portfolio, folder, seed=seed, lines=lines)
    admin = User.objects.filter(username="admin").first()
    counts = {}
    for kind in ("products", "invoices", "payments", "opportunities"):
        summary = _import_file(kind, files["paths"][kind], admin)
        counts[kind] = summary.created + summary.updated + summary.unchanged
        if progress:
            progress(kind, counts[kind])
    return counts


def _import_file(kind: str, path, admin: User | None):
    """Import one demo file through the real import pipeline (it shows in the history)."""
    from keyplan.imports.services import import_job_create, import_job_run

    job = import_job_create(user=None, kind=kind, source=path, copy=False)
    if admin is not None:
        job.created_by = admin
        job.save(update_fields=["created_by"])
    summary = import_job_run(job)
    if summary is None:
        job.refresh_from_db()
        raise RuntimeError(f"demo {kind} import failed: {job.message}")
    if summary.rejected:
        raise RuntimeError(f"demo {kind} import rejected {summary.rejected} rows")
    return summary


def demo_load_portfolio(portfolio: DemoPortfolio, *, seed: int, progress=None) -> dict:
    """Issue #4 on top of the sales history: planning rates, share of wallet (imported as
    a `wallet` file), SAM fitness, interest dates and people's scores; then the classes
    from the data a year earlier and now (two snapshots to compare), the data-driven
    scores and the reclassification suggestions, all through the portfolio services."""
    from datetime import date, timedelta

    from django.db.models import Sum
    from django.utils import timezone
    from simple_history.utils import bulk_update_with_history

    from keyplan.portfolio import analysis, scoring, suggestions
    from keyplan.portfolio import services as portfolio_services
    from keyplan.portfolio.models import (
        AccountScore,
        Criterion,
        ExchangeRate,
        PortfolioSettings,
        SamFitness,
    )
    from keyplan.sales.models import MonthlyRollup

    from .portfolio import portfolio_inputs

    period = analysis.default_period()
    if period is None:
        return {}
    director = User.objects.get(username="director")
    admin = User.objects.filter(username="admin").first()
    accounts = {a.external_id: a for a in Account.objects.all()}  # only the demo's
    by_key = {demo.key: accounts[demo.external_id] for demo in portfolio.accounts}
    key_of = {account.pk: key for key, account in by_key.items()}
    revenue = {
        key_of[row["account_id"]]: row["revenue"]
        for row in MonthlyRollup.objects.filter(
            month__gte=period.date_from, month__lte=period.date_to
        )
        .values("account_id")
        .annotate(revenue=Sum("revenue"))
        .order_by()
        if row["account_id"] in key_of
    }
    manual = list(Criterion.objects.filter(enabled=True, metric="").values_list("key", flat=True))
    inputs = portfolio_inputs(
        portfolio,
        seed=seed,
        revenue=revenue,
        base_currency=PortfolioSettings.load().base_currency,
        manual_criteria=manual,
    )

    for currency, rate in inputs.rates.items():
        ExchangeRate.objects.update_or_create(currency=currency, defaults={"rate": rate})

    folder = settings.DATA_DIR / "demo" / f"seed-{seed}"
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
    wallets = _import_file("wallet", wallet_path, admin).created

    owners = {u.pk: u for u in User.objects.filter(role__in=["kam", "director"])}

    def assessor(key: int) -> User:
        return owners.get(by_key[key].owner_id) or director

    fitness = [
        SamFitness(account=by_key[f.key], note=f.note, assessed_by=assessor(f.key), **f.answers)
        for f in inputs.fitness
    ]
    bulk_create_with_history(fitness, SamFitness, batch_size=500)

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

    criteria = {c.key: c for c in Criterion.objects.filter(key__in=manual)}
    now = timezone.now()
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
    if progress:
        progress("portfolio inputs", len(fitness) + len(scores) + wallets)

    # The classes a year ago, dated a year back (snapshot and class history), then now:
    # "compare with a year ago" then shows who moved in and out of each class.
    year_ago = analysis.Period.months(
        date(period.date_from.year - 1, period.date_from.month, 1),
        date(period.date_to.year - 1, period.date_to.month, 1),
    )
    then = now - timedelta(days=365)
    started = timezone.now()
    older = portfolio_services.apply_classification(
        user=director, period=year_ago, note="Demo: classes from the year before"
    )
    Snapshot.objects.filter(pk=older.pk).update(created_at=then)
    Account.history.filter(
        history_change_reason=portfolio_services.CLASSIFICATION_REASON,
        history_date__gte=started,
    ).update(history_date=then)
    newer = portfolio_services.apply_classification(
        user=director, period=period, note="Demo: classes from the last 12 months"
    )
    data_scores = scoring.compute_data_scores(user=director, period=period)
    found = suggestions.generate_suggestions(user=director, period=period)
    if progress:
        progress("classified", newer.rows.count())
    return {
        "rates": len(inputs.rates),
        "wallets": wallets,
        "fitness": len(fitness),
        "interest": len(interested),
        "manual_scores": len(scores),
        "moved": newer.changed,
        "moved_a_year_ago": older.changed,
        "data_scores": data_scores,
        "suggestions": len(found),
    }


def demo_load_plans(*, seed: int, progress=None) -> dict[str, int]:
    """Account plans (issue #5) for the largest strategic accounts, written through the plan
    services; run after the classes are applied, so "strategic" comes from the data."""
    import random

    from .plans import seed_plans

    with transaction.atomic():
        counts = seed_plans(
            accounts=Account.objects.select_related("owner"),
            users={u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)},
            rng=random.Random(seed + 5),
        )
    if progress:
        progress("account plans", counts["plans"])
    return counts


def demo_load_competition(*, seed: int, progress=None) -> dict[str, int]:
    """Issue #7: competitors at the largest strategic accounts, two assessments each,
    buying criteria with offer scores and one attack turned into a plan action; run
    after the plans (the attack goes into a plan)."""
    import random

    from .competition import seed_competition

    with transaction.atomic():
        counts = seed_competition(rng=random.Random(seed + 7))
    if progress:
        progress("competitor assessments", counts["assessments"])
    return counts


def demo_load_stakeholders(*, seed: int, progress=None) -> dict[str, int]:
    """Issue #6: org charts, relationships, two years of interactions and time entries,
    then the last-contact dates and the hunter/farmer profiles; run after the plans
    (meetings serve plan goals and actions) and the classes (time by class)."""
    import random

    from .stakeholders import seed_stakeholders

    with transaction.atomic():
        counts = seed_stakeholders(rng=random.Random(seed + 6))
    if progress:
        progress("interactions", counts["interactions"])
    return counts
