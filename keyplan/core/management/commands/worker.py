from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks database backend)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run queued tasks, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="poll interval, seconds")

    def handle(self, *args, batch, interval, **options):
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            # db_worker would only say "argument --backend: ... is not a database backend".
            raise CommandError(
                f"the task backend is {type(backend).__name__}, which runs tasks without a "
                "worker; `keyplan worker` needs TASKS to use django_tasks_db.DatabaseBackend."
            )
        call_command(
            "db_worker",
            queue_name="*",
            batch=batch,
            interval=interval,
            reload=False,
            verbosity=options["verbosity"],
        )
