"""Top-level URLs: pages, admin, the API, feeds and alerts."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("api.urls")),
    path("", include("web.alert_urls")),
    path("", include("web.urls")),
    path("", include("web.letter_urls")),
]

# /api/ paths answer 404 and 500 in the API's JSON error shape; pages keep Django's.
handler404 = "common.api_errors.not_found"
handler500 = "common.api_errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
