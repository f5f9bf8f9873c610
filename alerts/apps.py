from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Subscriptions by e-mail and Atom, and signed webhooks, fed by motions.Event."""

    name = "alerts"
    verbose_name = _("Meldingen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from celery.schedules import crontab
        from django.conf import settings

        from . import receivers  # noqa: F401  (connects the fan-out nudge)

        # The settings module declares the (empty) schedule; each app adds its own entries.
        schedule = settings.CELERY_BEAT_SCHEDULE
        schedule.setdefault("alerts-fan-out", {"task": "alerts.tasks.fan_out_task", "schedule": 60.0})
        schedule.setdefault("alerts-sweep", {"task": "alerts.tasks.sweep_task", "schedule": 60.0})
        schedule.setdefault("alerts-digests", {"task": "alerts.tasks.send_digests_task", "schedule": crontab(minute="*/15")})
