"""Login throttling: slow down password guessing on the staff login, per account and per address."""

from __future__ import annotations

import hashlib

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOGIN_PATHS = ("/admin/login/", "/beheer/inloggen/")


def _client_ip(request: HttpRequest) -> str:
    # Behind the proxy of docker-compose the left-most X-Forwarded-For is the client.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR", "")


def _keys(request: HttpRequest, username: str) -> list[str]:
    user_key = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:user:{user_key}", f"login-fail:ip:{_client_ip(request)}"]


def failures(request: HttpRequest, username: str) -> int:
    return max((cache.get(k, 0) for k in _keys(request, username)), default=0)


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs) -> None:
    if request is None:
        return
    for key in _keys(request, credentials.get("username", "")):
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, WINDOW_SECONDS)


@receiver(user_logged_in)
def _reset(sender, request, user, **kwargs) -> None:
    if request is not None:
        cache.delete_many(_keys(request, user.get_username()))


class LoginThrottleMiddleware:
    """After MAX_FAILURES failed logins within the window, refuse further attempts with 429 —
    without checking the password, so guessing stops paying off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path in LOGIN_PATHS:
            if failures(request, request.POST.get("username", "")) >= MAX_FAILURES:
                minutes = WINDOW_SECONDS // 60
                body = render_to_string("throttled.html", {"minutes": minutes}, request=request)
                response = HttpResponse(body, status=429)
                response["Retry-After"] = str(WINDOW_SECONDS)
                return response
        return self.get_response(request)
