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


# One policy for every page: nothing inline, nothing from elsewhere. A view that must allow one
# inline block (the printable annex) adds its hash through ``response.csp_hashes``.
CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        policy = {name: list(values) for name, values in CSP.items()}
        for directive, value in getattr(response, "csp_hashes", []):
            policy.setdefault(directive, ["'self'"]).append(value)
        response["Content-Security-Policy"] = "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())
        return response
