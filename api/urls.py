"""The API: /api/v1/ (its root lists every resource), /api/v1/schema/ and /api/v1/docs/ (also at
their first addresses /api/schema/ and /api/docs/), and the Atom feeds (see docs/API.md)."""

import base64
import hashlib
import re

from django.urls import NoReverseMatch, include, path, re_path, reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from api import feeds
from api.letter_views import CitationViewSet, LetterViewSet
from api.views import (
    ChangesView,
    CommitmentViewSet,
    DossierViewSet,
    KamerstukViewSet,
    MemberViewSet,
    MinistryViewSet,
    MotionViewSet,
    PartyViewSet,
)
from common.api_errors import endpoint_not_found


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI under our Content-Security-Policy: the split view serves its start-up script as a
    file (script-src 'self'); the page's one small inline <style> block is allowed by its hash,
    which tracker.middleware.ContentSecurityPolicyMiddleware reads from ``response.csp_hashes``."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.GET.get("script") is None and hasattr(response, "render"):
            response.render()
            blocks = re.findall(rb"<style>(.*?)</style>", response.content, re.S)
            response.csp_hashes = [("style-src", f"'sha256-{base64.b64encode(hashlib.sha256(b).digest()).decode()}'") for b in blocks]
        return response


class Router(DefaultRouter):
    include_format_suffixes = False  # one representation (JSON); no /motions.json twins
    include_root_view = False  # ApiRoot below lists more than the router knows


router = Router()
router.register("motions", MotionViewSet, basename="motion")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("kamerstukken", KamerstukViewSet, basename="kamerstuk")
router.register("letters", LetterViewSet, basename="letter")
router.register("citations", CitationViewSet, basename="citation")
router.register("members", MemberViewSet, basename="member")
router.register("parties", PartyViewSet, basename="party")
router.register("ministries", MinistryViewSet, basename="ministry")

API_V1 = "/api/v1/"
# What /api/v1/ lists beside the router's resources: name → URL name.
EXTRA_ROOT_ENTRIES = {
    "changes": "api-changes",
    "subscriptions": "api-subscriptions",
    "webhooks": "webhook-list",
    "schema": "api-v1-schema",
    "docs": "api-v1-docs",
}


class ApiRoot(APIView):
    """``GET /api/v1/``: every resource of the API with its address."""

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        entries = {}
        for prefix, _viewset, basename in router.registry:
            try:
                entries[prefix] = request.build_absolute_uri(reverse(f"api:{basename}-list"))
            except NoReverseMatch:  # read one by one only (citations): the address with its placeholder
                entries[prefix] = request.build_absolute_uri(f"{API_V1}{prefix}/") + "{id}/"
        entries.update({name: request.build_absolute_uri(reverse(url_name)) for name, url_name in EXTRA_ROOT_ENTRIES.items()})
        return Response(entries)


urlpatterns = [
    path("api/v1/", ApiRoot.as_view(), name="api-root"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-v1-schema"),
    path("api/v1/docs/", SwaggerView.as_view(url_name="api-v1-schema"), name="api-v1-docs"),
    path("api/v1/", include("api.alert_urls")),
    path("api/v1/changes/", ChangesView.as_view(), name="api-changes"),
    path("api/v1/", include((router.urls, "api"), namespace="api")),
    # The first addresses of the schema and the docs, kept for clients that know them.
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Anything else under /api/ answers in the API's error shape, not with an HTML page.
    re_path(r"^api/", endpoint_not_found),
    path("feeds/changes.atom", feeds.ChangesFeed(), name="feed-changes"),
    path("feeds/search.atom", feeds.SearchFeed(), name="feed-search"),
    re_path(r"^feeds/motions/(?P<key>[^/]+)\.atom$", feeds.MotionFeed(), name="feed-motion"),
    re_path(r"^feeds/dossiers/(?P<key>[^/]+)\.atom$", feeds.DossierFeed(), name="feed-dossier"),
    path("feeds/members/<slug:slug>.atom", feeds.MemberFeed(), name="feed-member"),
    path("feeds/ministries/<slug:slug>.atom", feeds.MinistryFeed(), name="feed-ministry"),
]
