"""Settings and URLs of the server that bench/pages_bench.py measures: keyplan's own (dev
settings, DEBUG off) plus one page that is not keyplan's, /bench/baseline/, the reference:
a plain Django view behind the same middleware that reads 50 accounts and renders them as
a 50-row table from a template (no context processors, no layout).

The product's URLs are untouched: this module is the ROOT_URLCONF only in the benchmark's
server (DJANGO_SETTINGS_MODULE=pages_bench_site, with bench/ on PYTHONPATH)."""

from __future__ import annotations

import functools

from keyplan.settings.dev import *  # noqa: F403
from keyplan.settings.dev import ALLOWED_HOSTS

DEBUG = False
ROOT_URLCONF = "pages_bench_site"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # the query counts use Django's test client

BASELINE_PATH = "/bench/baseline/"
BASELINE_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head>
<body><h1>Accounts</h1>
<table><thead><tr><th>#</th><th>Name</th><th>External id</th><th>Currency</th></tr></thead>
<tbody>{% for pk, name, external_id, currency in rows %}
<tr><td>{{ pk }}</td><td><a href="/accounts/{{ pk }}/">{{ name }}</a></td>
<td>{{ external_id }}</td><td>{{ currency }}</td></tr>{% endfor %}
</tbody></table></body></html>
"""


@functools.cache
def _urlpatterns() -> list:
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import path

    import keyplan.urls as product
    from keyplan.accounts.models import Account

    template = engines["django"].from_string(BASELINE_TEMPLATE)

    @login_required
    def baseline(request):
        rows = Account.objects.order_by("pk").values_list("pk", "name", "external_id", "currency")
        return HttpResponse(template.render({"rows": list(rows[:50])}))

    return [path(BASELINE_PATH.strip("/") + "/", baseline), *product.urlpatterns]


def __getattr__(name: str):
    # The URLs are built on first use, once Django is set up (this module is read as the
    # settings first, before any app is loaded).
    if name == "urlpatterns":
        return _urlpatterns()
    if name.startswith("handler"):
        import keyplan.urls as product

        return getattr(product, name)
    raise AttributeError(name)
