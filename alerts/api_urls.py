"""API routes of the alerts app, mounted under /api/v1/ by tracker.api (built in issue 8)."""

urlpatterns: list = []
