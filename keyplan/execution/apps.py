from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExecutionConfig(AppConfig):
    name = "keyplan.execution"
    label = "execution"
    verbose_name = _("Execution and alignment")
