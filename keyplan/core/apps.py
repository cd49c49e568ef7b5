from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "keyplan.core"
    label = "core"

    def ready(self) -> None:
        from .validators import install

        install()  # no form field of text takes control characters (issue #19)
