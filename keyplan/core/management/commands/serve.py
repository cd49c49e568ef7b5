from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    # gunicorn's rule of thumb, capped: the app is I/O bound on the database.
    return min(2 * (os.cpu_count() or 1) + 1, 9)


class Command(BaseCommand):
    help = "Run the web server (gunicorn)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="HOST:PORT (127.0.0.1:8000)")
        parser.add_argument(
            "--workers", type=int, default=None, help=f"worker processes ({default_workers()})"
        )
        parser.add_argument("--timeout", type=int, default=60, help="request timeout, seconds")

    def handle(self, *args, bind, workers, timeout, **options):
        from gunicorn.app.base import BaseApplication

        workers = workers or default_workers()
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if ":" not in bind:
            raise CommandError("--bind takes HOST:PORT, e.g. 127.0.0.1:8000.")
        if (
            not (settings.STATIC_ROOT / "staticfiles.json").exists()
            and not (settings.STATIC_ROOT / "keyplan").exists()
        ):
            from django.core.management import call_command

            call_command("collectstatic", interactive=False, verbosity=0)

        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
        # The heavy libraries (statsmodels, pandas, openpyxl) once, here in the master:
        # the forked workers share them, and no first request pays for the import.
        from keyplan.warmup import freeze_heap, preload

        preload()
        freeze_heap()  # the workers' collector then skips what they share (see warmup)

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", bind)
                self.cfg.set("workers", workers)
                self.cfg.set("timeout", timeout)
                self.cfg.set("accesslog", "-")

            def load(self):
                return application

        self.stdout.write(f"keyplan serving on http://{bind}/ with {workers} workers")
        Server().run()
