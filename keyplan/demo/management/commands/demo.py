from __future__ import annotations

import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load the demo portfolio if the database is empty, run worker and web server."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, bind, workers, seed, **options):
        # Imported here: `keyplan demo --help` answers without loading the demo's modules.
        from keyplan.accounts.models import Account
        from keyplan.demo import services

        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not Account.objects.exists():
            call_command("seed_demo", seed=seed, no_logins=True)
        worker = subprocess.Popen([sys.executable, "-m", "keyplan.cli", "worker"])
        try:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"keyplan demo: http://{bind}/"))
            self.stdout.write("Logins (role, user name, password):")
            self.stdout.write(services.demo_logins_text() or "  (see `keyplan seed-demo --reset`)")
            call_command("serve", bind=bind, workers=workers)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
