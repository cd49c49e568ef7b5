from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Monthly rollups of invoice lines: `keyplan rollup rebuild` recomputes them all."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["rebuild"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        from keyplan.sales.services import rollup_rebuild

        count = rollup_rebuild(progress=lambda n: self.stderr.write(f"  {n} groups"))
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {count} monthly rollup rows."))
