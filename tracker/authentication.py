"""Token authentication for the API (``Authorization: Token <secret>`` or ``Bearer <secret>``),
and throttles that read their rates when asked, so a changed setting takes effect."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from .models import ApiToken

KEYWORDS = (b"token", b"bearer")


class ApiTokenAuthentication(BaseAuthentication):
    """A request without an Authorization header is anonymous; one with a bad token is refused
    (401), never silently treated as anonymous, so a client learns at once that its token is dead."""

    def authenticate(self, request: Request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Authorization header must be 'Token <secret>' or 'Bearer <secret>'.")
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token contains characters a token never has.")
        if len(secret) > 200:
            raise exceptions.AuthenticationFailed("Invalid token.")
        token = ApiToken.authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (with this challenge) instead of 403 for a missing login.
        return 'Token realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tracker.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from the admin or `manage.py issue_token`; send `Authorization: Bearer <token>` (or `Token <token>`).",
        }


class _LiveRates:
    # DRF copies the rates into a class attribute at import; reading them per request lets
    # settings (and tests) change them.
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_LiveRates, AnonRateThrottle):
    pass


class UserThrottle(_LiveRates, UserRateThrottle):
    # DRF's UserRateThrottle also counts anonymous requests (by address); those are AnonThrottle's.
    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
