from django.core.management.base import BaseCommand, CommandError

from keyplan.demo import services
from keyplan.demo.execution import demo_load_execution
from keyplan.demo.generator import generate


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

    def handle(self, *args, seed, accounts, lines, reset, **options):
        if not 10 <= accounts <= 100_000:
            raise CommandError("--accounts must be between 10 and 100000.")
        lines = accounts * 2000 // 3 if lines is None else lines
        if not 0 <= lines <= 20_000_000:
            raise CommandError("--lines must be between 0 and 20000000.")
        if reset:
            services.demo_reset()
        portfolio = generate(seed=seed, accounts=accounts)
        try:
            counts = services.demo_load(
                portfolio,
                progress=lambda what, n: self.stderr.write(f"  {what}: {n}"),
            )
        except services.DemoExistsError:
            raise CommandError(
                "the database already holds accounts; use --reset to replace them with the demo."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                "Demo portfolio loaded: {accounts} accounts, {contacts} contacts, "
                "{team} team memberships, {users} users.".format(**counts)
            )
        )
        if lines:
            sales = services.demo_load_sales(
                portfolio,
                seed=seed,
                lines=lines,
                progress=lambda what, n: self.stderr.write(f"  {what}: {n}"),
            )
            self.stdout.write(
                self.style.SUCCESS(
                    "Sales history imported: {invoices} invoice lines, {payments} payments, "
                    "{opportunities} opportunities, {products} products.".format(**sales)
                )
            )
            extras = services.demo_load_portfolio(
                portfolio,
                seed=seed,
                progress=lambda what, n: self.stderr.write(f"  {what}: {n}"),
            )
            if extras:
                self.stdout.write(
                    self.style.SUCCESS(
                        "Portfolio: {rates} exchange rates, {wallets} wallet estimates, "
                        "{fitness} SAM-fitness checks, {manual_scores} people's scores, "
                        "{data_scores} data scores; classes applied a year ago "
                        "({moved_a_year_ago} changed) and now ({moved} changed); "
                        "{suggestions} reclassification suggestions.".format(**extras)
                    )
                )
            plans = services.demo_load_plans(
                seed=seed, progress=lambda what, n: self.stderr.write(f"  {what}: {n}")
            )
            self.stdout.write(
                self.style.SUCCESS(
                    "Account plans: {plans} plans with {items} items.".format(**plans)
                )
            )
            rivals = services.demo_load_competition(
                seed=seed, progress=lambda what, n: self.stderr.write(f"  {what}: {n}")
            )
            self.stdout.write(
                self.style.SUCCESS(
                    "Competition: {competitors} competitors, {presences} presences at "
                    "accounts, {assessments} assessments, {criteria} buying criteria, "
                    "{attacks} attack turned into a plan action.".format(**rivals)
                )
            )
            people = services.demo_load_stakeholders(
                seed=seed, progress=lambda what, n: self.stderr.write(f"  {what}: {n}")
            )
            self.stdout.write(
                self.style.SUCCESS(
                    "Stakeholders: {contacts_added} contacts added to org charts, "
                    "{relationships} relationships, {interactions} interactions, "
                    "{manual_entries} manual time entries, {profiles} sales profiles.".format(
                        **people
                    )
                )
            )
            work = demo_load_execution(
                seed=seed, progress=lambda what, n: self.stderr.write(f"  {what}: {n}")
            )
            self.stdout.write(
                self.style.SUCCESS(
                    "Execution: {team_members} team members with functions and hours, "
                    "{heads} unit heads, {capacities} monthly capacities, {checkpoints} "
                    "checkpoints with {answers} answers, {requests} resource requests, "
                    "{notifications} notifications.".format(**work)
                )
            )
        self.stdout.write("Logins (role, user name, password):")
        self.stdout.write(services.demo_logins_text())
