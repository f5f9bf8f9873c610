"""The API: /api/v1/ (router), /api/schema/, /api/docs/, and the Atom feeds (built in issue 6)."""

from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("alerts.api_urls")),
]
