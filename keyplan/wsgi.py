import os

from django.core.wsgi import get_wsgi_application

from keyplan.warmup import freeze_heap, preload

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyplan.settings.dev")
application = get_wsgi_application()
# At worker start (or in the master with --preload), not on the first request's path.
preload()
freeze_heap()  # after the imports: see keyplan.warmup
