from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Every serializer and viewset of /api/v1/, the Atom feeds, and the read model they serve."""

    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from motions.events import representations_changed

        from . import readmodel

        representations_changed.connect(readmodel.on_change, dispatch_uid="api.readmodel")
