from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Files taken away or shared (SPEC §6.5, §8.1, §9): the monthly strategic action
    report, board packs, exports. Reads the lower apps through their public selectors."""

    name = "keyplan.reports"
    label = "reports"
    verbose_name = _("Reports")
