from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The customer portal (SPEC §8.2): the customer's people see what the account team
    shared with their account, comment, confirm joint actions and answer surveys."""

    name = "keyplan.portal"
    label = "portal"
    verbose_name = _("Customer portal")

    def ready(self) -> None:
        from .notices import register_notices

        register_notices()
