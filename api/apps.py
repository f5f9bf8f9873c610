from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Every serializer and viewset of /api/v1/, and the Atom feeds."""

    name = "api"
    verbose_name = "API"
