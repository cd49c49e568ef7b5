from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Monthly rollups of invoice lines: `keyplan rollup rebuild` recomputes them all."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])

    def handle(self, *args, action, **options):
        from keyplan.sales.rollups import rollup_rebuild

        count = rollup_rebuild(progress=lambda n: self.stderr.write(f"  {n} groups"))
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {count} monthly rollup rows."))
