from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Brieven")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers, tasks  # noqa: F401  (connects the signal receivers; registers the tasks)
