from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run Django's deployment checks; fails on any warning. Run it with "
        "DJANGO_SETTINGS_MODULE=keyplan.settings.production and the production environment."
    )

    def handle(self, *args, **options):
        call_command("check", deploy=True, fail_level="WARNING")
        self.stdout.write(self.style.SUCCESS("Deployment checks passed."))
