from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.management.base import BaseCommand, CommandError

if TYPE_CHECKING:
    from keyplan.demo.accounts.domain import DemoPortfolio

# keyplan.demo.services (and the whole demo and import pipeline behind it) is imported in
# handle(), not here: `keyplan seed-demo --help` answers without loading it.

LOADED = (
    "Demo portfolio loaded: {accounts} accounts, {contacts} contacts, "
    "{team} team memberships, {users} users."
)
SALES = (
    "Sales history imported: {invoices} invoice lines, {payments} payments, "
    "{opportunities} opportunities, {products} products."
)
PORTFOLIO = (
    "Portfolio: {rates} exchange rates, {wallets} wallet estimates, "
    "{fitness} SAM-fitness checks, {manual_scores} people's scores, "
    "{data_scores} data scores; classes applied a year ago "
    "({moved_a_year_ago} changed) and now ({moved} changed); "
    "{suggestions} reclassification suggestions."
)
# The steps after the portfolio analysis (functions of keyplan.demo.services), each with
# its summary line.
LATER_STEPS = (
    ("demo_load_plans", "Account plans: {plans} plans with {items} items."),
    (
        "demo_load_competition",
        "Competition: {competitors} competitors, {presences} presences at "
        "accounts, {assessments} assessments, {criteria} buying criteria, "
        "{attacks} attack turned into a plan action.",
    ),
    (
        "demo_load_stakeholders",
        "Stakeholders: {contacts_added} contacts added to org charts, "
        "{relationships} relationships, {interactions} interactions, "
        "{manual_entries} manual time entries, {profiles} sales profiles.",
    ),
    (
        "demo_load_execution",
        "Execution: {team_members} team members with functions and hours, "
        "{heads} unit heads, {capacities} monthly capacities, {checkpoints} "
        "checkpoints with {answers} answers, {requests} resource requests, "
        "{notifications} notifications.",
    ),
    (
        "demo_load_economics",
        "Economics: {hourly_costs} hourly costs by role, {service_costs} service costs, "
        "{loss_makers} strategic accounts served at a loss, {satisfaction_answers} "
        "satisfaction answers ({unhappy_accounts} unhappy accounts), {health_snapshots} "
        "monthly health scores.",
    ),
)


class Command(BaseCommand):
    help = (
        "Load the demo portfolio: a fictional supplier with ~300 accounts, a user per role, "
        "three years of sales history imported through the import pipeline, and the "
        "portfolio analysis on top (rates, share of wallet, SAM fitness, scores, classes a "
        "year ago and now, suggestions)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=42, help="random seed (42)")
        parser.add_argument("--accounts", type=int, default=300, help="number of accounts (300)")
        parser.add_argument(
            "--lines",
            type=int,
            default=None,
            help="invoice lines to generate (about 667 per account: 200,000 for 300 accounts)",
        )
        parser.add_argument(
            "--reset", action="store_true", help="remove existing accounts and demo users first"
        )
        parser.add_argument(
            "--no-logins",
            action="store_true",
            help="do not print the logins (`keyplan demo` prints them once, last)",
        )

    def handle(self, *args, seed, accounts, lines, reset, no_logins=False, **options):
        from keyplan.core.db import refresh_statistics
        from keyplan.demo import services
        from keyplan.demo.accounts.domain import generate

        if not 1 <= accounts <= 100_000:
            raise CommandError("--accounts must be between 1 and 100000.")
        lines = accounts * 2000 // 3 if lines is None else lines
        if not 0 <= lines <= 20_000_000:
            raise CommandError("--lines must be between 0 and 20000000.")
        if reset:
            services.demo_reset()
        portfolio = generate(seed=seed, accounts=accounts)
        try:
            counts = services.demo_load(portfolio, progress=self._progress)
        except services.DemoExistsError:
            raise CommandError(
                "the database already holds accounts; use --reset to replace them with the demo."
            ) from None
        self._done(LOADED, counts)
        if lines:
            self._load_history(portfolio, seed=seed, lines=lines)
        refresh_statistics()  # as an import does: the planner's view of the new tables
        if not no_logins:
            self.stdout.write("Logins (role, user name, password):")
            self.stdout.write(services.demo_logins_text())

    def _load_history(self, portfolio: DemoPortfolio, *, seed: int, lines: int) -> None:
        """The sales history and everything that builds on it."""
        from keyplan.demo import services

        sales = services.demo_load_sales(portfolio, seed=seed, lines=lines, progress=self._progress)
        self._done(SALES, sales)
        extras = services.demo_load_portfolio(portfolio, seed=seed, progress=self._progress)
        if extras:
            self._done(PORTFOLIO, extras)
        for step, summary in LATER_STEPS:
            load = getattr(services, step)
            self._done(summary, load(seed=seed, progress=self._progress))

    def _progress(self, what: str, n: int) -> None:
        self.stderr.write(f"  {what}: {n}")

    def _done(self, summary: str, counts: dict) -> None:
        self.stdout.write(self.style.SUCCESS(summary.format(**counts)))
