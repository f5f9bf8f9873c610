"""Site URLs of the alerts app (mounted at the root): /meldingen/…"""

from django.urls import path

from web import alert_views as views

urlpatterns = [
    path("meldingen/", views.index, name="alerts-index"),
    path("meldingen/aanmelden/", views.subscribe, name="alerts-subscribe"),
    path("meldingen/aangevraagd/", views.requested, name="alerts-requested"),
    path("meldingen/bevestigen/<str:token>/", views.confirm, name="alerts-confirm"),
    path("meldingen/afmelden/<str:token>/", views.unsubscribe, name="alerts-unsubscribe"),
    path("meldingen/feed/", views.feed, name="alerts-feed"),
]
