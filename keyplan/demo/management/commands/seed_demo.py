from django.core.management.base import BaseCommand, CommandError

from keyplan.demo import services
from keyplan.demo.generator import generate


class Command(BaseCommand):
    help = "Load the demo portfolio: a fictional supplier with ~300 accounts and a user per role."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=42, help="random seed (42)")
        parser.add_argument("--accounts", type=int, default=300, help="number of accounts (300)")
        parser.add_argument(
            "--reset", action="store_true", help="remove existing accounts and demo users first"
        )

    def handle(self, *args, seed, accounts, reset, **options):
        if not 10 <= accounts <= 100_000:
            raise CommandError("--accounts must be between 10 and 100000.")
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
        self.stdout.write("Logins (role, user name, password):")
        self.stdout.write(services.demo_logins_text())
