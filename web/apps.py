from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """Every public page and the staff desk, with their templates and template tags."""

    name = "web"
    verbose_name = _("Pagina's")
