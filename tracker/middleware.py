"""Middleware of our own."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse


class HealthCheckMiddleware:
    """Answer /healthz before host validation and HTTPS redirects, so load balancers and
    container health checks can probe by IP over plain HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
            except Exception as exc:  # any database failure means "not healthy"
                return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
            return JsonResponse({"status": "ok"})
        return self.get_response(request)
