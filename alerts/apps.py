from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Subscriptions by e-mail and Atom, and signed webhooks, fed by motions.Event."""

    name = "alerts"
    verbose_name = _("Meldingen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers, tasks  # noqa: F401  (connects the fan-out nudge; registers the tasks)
