"""Middleware of our own."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

API_PREFIX = "/api/"
API_DEFAULT_LANGUAGE = "en"


def api_language(accept_language: str) -> str:
    """The language of an API answer: the first of ours that Accept-Language names, else English.
    Unlike the site, the API reads neither the language cookie nor the site's default (Dutch):
    clients are programs, and their messages should not depend on a visitor's choice."""
    ours = {code for code, _name in settings.LANGUAGES}
    for code, _q in parse_accept_lang_header(accept_language or ""):
        code = code.lower()
        for candidate in (code, code.split("-")[0]):
            if candidate in ours:
                return candidate
    return API_DEFAULT_LANGUAGE


class ApiLanguageMiddleware:
    """Under /api/: activate the language Accept-Language asks for (English by default), so DRF's,
    Django's and our own error messages are in one language. After LocaleMiddleware, which sets the
    Content-Language header from the language active when the response passes it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        language = api_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        request.LANGUAGE_CODE = language
        with translation.override(language):  # and back afterwards: the thread serves pages too
            response = self.get_response(request)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language",))
        return response


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
