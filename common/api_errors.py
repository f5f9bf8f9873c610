"""One error shape for the whole API, whatever went wrong::

    {"error": {"code": "not_found", "message": "No motion with key 35207-999.", "fields": {}}}

``fields`` maps a parameter or body field to its messages (only for 400s that are about input).
The DRF exception handler, the JSON 404/500 for /api/ paths outside DRF, and the views' own
domain errors (``ApiError``) all produce it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.core import signals
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger("api.urls")

API_PREFIX = "/api/"


class ApiError(exceptions.APIException):
    """An error with its own code and HTTP status, e.g. ``ApiError(412, "stale", "…")``."""

    def __init__(self, status_code: int, code: str, message: str, fields: Mapping[str, list[str]] | None = None, headers: Mapping[str, str] | None = None):
        super().__init__(detail=message, code=code)
        self.status_code = status_code
        self.error_code = code
        self.message = message
        self.fields = dict(fields or {})
        self.headers = dict(headers or {})


# DRF's default codes are fine; a few read better under our own names.
_CODES = {
    exceptions.ValidationError: "invalid",
    exceptions.ParseError: "malformed_request",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


def error_body(code: str, message: str, fields: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": dict(fields or {})}}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"field": [...], "parent.child": [...]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in _flatten(value, name).items():
                out.setdefault(field, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, (Mapping, list)) for item in detail):
            out.setdefault(prefix or "non_field_errors", []).extend(str(item) for item in detail)
        else:
            for index, item in enumerate(detail):
                for field, messages in _flatten(item, f"{prefix}.{index}" if prefix else str(index)).items():
                    out.setdefault(field, []).extend(messages)
    else:
        out.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return out


def _message_for(fields: Mapping[str, list[str]]) -> str:
    first = next(iter(fields.items()), None)
    if first is None:
        return _("Het verzoek is niet geldig.")
    name, messages = first
    more = len(fields) - 1
    lead = messages[0] if name == "non_field_errors" else f"{name}: {messages[0]}"
    return lead + ((" " + _("(en nog %(n)s)") % {"n": more}) if more else "")


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every error, including unexpected ones, as JSON."""
    if isinstance(exc, ApiError):
        return _no_store(Response(error_body(exc.error_code, exc.message, exc.fields), status=exc.status_code, headers=exc.headers))
    if isinstance(exc, (RequestDataTooBig,)):
        return _no_store(Response(error_body("payload_too_large", _("Het verzoek is groter dan deze API aanneemt.")), status=413))
    if isinstance(exc, (TooManyFieldsSent, SuspiciousOperation)):
        return _no_store(Response(error_body("malformed_request", _("Het verzoek kon niet worden gelezen.")), status=400))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or _("Niet gevonden."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    response = drf_exception_handler(exc, context)  # keeps WWW-Authenticate, Retry-After, Allow
    if response is None or not isinstance(exc, exceptions.APIException):  # DRF answers APIExceptions only
        request = context.get("request")
        logger.exception("unhandled error in %s", getattr(request, "path", "?"), exc_info=exc)
        # Tell Django's error machinery (admins' mail, the test client) as it would be told for a 500.
        signals.got_request_exception.send(sender=None, request=getattr(request, "_request", request))
        return _no_store(Response(error_body("server_error", _("Er ging bij ons iets mis; dat is vastgelegd.")), status=500))

    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        body = error_body("invalid", _message_for(fields), fields)
    else:
        code = next((c for cls, c in _CODES.items() if isinstance(exc, cls)), None) or _code_of(exc)
        message = exc.detail if isinstance(exc.detail, str) else "; ".join(str(m) for m in _flatten(exc.detail).get("non_field_errors", [])) or str(exc)
        wait = exc.wait if isinstance(exc, exceptions.Throttled) else None  # type: ignore[attr-defined]  # drf-stubs omit Throttled.wait
        if wait is not None:
            message = _("Te veel verzoeken; probeer het over %(n)s seconden opnieuw.") % {"n": int(wait) + 1}
        body = error_body(code, str(message))
    response.data = body
    etag = getattr(exc, "etag", None)
    if etag:  # 412: the current ETag, so the client can re-read and retry
        response["ETag"] = etag
    return _no_store(response)


def _code_of(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else "error"


def _no_store(response: Response) -> Response:
    response["Cache-Control"] = "no-store"
    return response


# --- Django's own 404/500 for /api/ paths (handler404/handler500 in tracker.urls) ---------------------


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body("not_found", _("Dit adres of object bestaat niet in de API.")), status=404, headers={"Cache-Control": "no-store"})
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body("server_error", _("Er ging bij ons iets mis; dat is vastgelegd.")), status=500, headers={"Cache-Control": "no-store"})
    return defaults.server_error(request)


def endpoint_not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """The last route under /api/: an unknown path answers in the API's shape, also with DEBUG on."""
    return JsonResponse(error_body("not_found", _("Er is geen API-adres %(path)s.") % {"path": request.path[:200]}), status=status.HTTP_404_NOT_FOUND, headers={"Cache-Control": "no-store"})


# --- The shape in the OpenAPI schema -------------------------------------------------------------------

class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, machine-readable: invalid, not_found, stale, invalid_transition, …")
    message = serializers.CharField(help_text="For people: in the language Accept-Language asks for (en or nl), English by default.")
    # The metaclass takes declared fields out of the class body, so Serializer.fields is not overridden.
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), help_text="Messages per parameter or body field; empty when the error is not about one.")  # type: ignore[assignment]  # see above: the stubs cannot know


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
