"""The API router: /api/v1/ (built in issue 6)."""

urlpatterns: list = []
