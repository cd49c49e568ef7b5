from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks database backend)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run queued tasks, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="poll interval, seconds")

    def handle(self, *args, batch, interval, **options):
        call_command(
            "db_worker",
            queue_name="*",
            batch=batch,
            interval=interval,
            reload=False,
            verbosity=options["verbosity"],
        )
