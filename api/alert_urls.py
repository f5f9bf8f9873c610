"""API routes of the alerts app, mounted under /api/v1/ by api.urls."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from api.alert_views import SubscriptionsView, WebhookViewSet


class Router(SimpleRouter):
    include_format_suffixes = False


router = Router()
router.register("webhooks", WebhookViewSet, basename="webhook")

urlpatterns = [
    path("subscriptions/", SubscriptionsView.as_view(), name="api-subscriptions"),
    path("", include(router.urls)),
]
