from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "keyplan.users"
    label = "users"
    verbose_name = _("Users")

    def ready(self) -> None:
        from .audit import services as audit

        audit.connect()
