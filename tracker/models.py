"""API tokens: how programs write through the API (status changes, letter uploads, reviews).

A token acts as its user, so it has exactly the user's rights: the workflow service checks the
user's ministry (StaffProfile) on every change. Only the sha256 of the secret is stored; the
secret is shown once, when the token is made (admin or ``manage.py issue_token``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Recognisable in logs and by secret scanners; the rest is 256 bits from the OS.
SECRET_PREFIX = "mt_"
# Writing last_used_at on every request would turn each read into a write; a minute is precise enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self, now: dt.datetime | None = None) -> Self:
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="api_tokens", help_text=_("De token handelt namens deze gebruiker, met diens rechten en ministerie"))
    name = models.CharField(_("naam"), max_length=100, blank=True, help_text=_("Waarvoor de token dient, bijv. 'koppeling zaaksysteem'"))
    prefix = models.CharField(_("begin"), max_length=12, editable=False, help_text=_("De eerste tekens van het geheim, om een token te herkennen"))
    digest = models.CharField(_("SHA-256 van het geheim"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True, help_text=_("Leeg: verloopt niet"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or self.user})"

    @classmethod
    def issue(cls, user, *, name: str = "", expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
        """Create a token; returns it with the secret, which is not stored and cannot be shown again."""
        secret = new_secret()
        token = cls.objects.create(user=user, name=name[:100], prefix=secret[:10], digest=hash_secret(secret), expires_at=expires_at)
        return token, secret

    @classmethod
    def authenticate(cls, secret: str) -> ApiToken | None:
        """The active token with this secret, or None. Marks it used (at most once a minute)."""
        token = cls.objects.active().select_related("user").filter(digest=hash_secret(secret)).first()
        if token is None:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
