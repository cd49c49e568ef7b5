from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "keyplan.sales"
    label = "sales"
    verbose_name = _("Sales history")

    def ready(self) -> None:
        from .figures import freshness

        freshness.connect()  # the cached figures follow the rollups and rates they read
