from django.apps import AppConfig


class DevserverConfig(AppConfig):
    """Only the development server's ``runserver`` (listed first in INSTALLED_APPS so its command wins):
    the startup lines, and the beat schedule run in-process when there is no broker."""

    name = "tracker.devserver"
    label = "devserver"
    verbose_name = "Development server"
