from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomicsConfig(AppConfig):
    """The account as a business (SPEC §7): cash, and next the P&L, KPIs and health.
    Reads money through keyplan.sales' public selectors; owns no money of its own."""

    name = "keyplan.economics"
    label = "economics"
    verbose_name = _("Account economics")
