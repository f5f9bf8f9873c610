"""Admin permissions that several apps' admins share (no models, so any app may use them)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class ViewOnlyMixin:
    """For a model admin or inline whose rows are written elsewhere (the open-data sync, ingestion,
    the status service): staff see them, but never add or change one by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyMixin(ViewOnlyMixin):
    """A log or a history: not added, changed or deleted by hand."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
