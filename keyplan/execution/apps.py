from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExecutionConfig(AppConfig):
    name = "keyplan.execution"
    label = "execution"
    verbose_name = _("Execution and alignment")

    def ready(self) -> None:
        from keyplan.plans.models import Action
        from keyplan.plans.signals import action_assigned

        def on_action_assigned(sender, *, action, by, **kwargs) -> None:
            # Imported when an action is assigned, not while the apps load: the notices
            # read other apps' selectors.
            from .work.services import notify_action_assigned

            notify_action_assigned(action=action, by=by)

        action_assigned.connect(on_action_assigned, sender=Action, weak=False)
