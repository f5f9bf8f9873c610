"""The API: /api/v1/ (router), /api/schema/, /api/docs/, and the Atom feeds (see docs/API.md)."""

import base64
import hashlib
import re

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api.letter_views import CitationViewSet, LetterViewSet
from api.views import ChangesView, CommitmentViewSet, DossierViewSet, KamerstukViewSet, MemberViewSet, MinistryViewSet, MotionViewSet, PartyViewSet

from api import feeds
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

urlpatterns = [
    path("api/v1/", include("api.alert_urls")),
    path("api/v1/changes/", ChangesView.as_view(), name="api-changes"),
    path("api/v1/", include((router.urls, "api"), namespace="api")),
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
