"""Where the open-data sync stands, in the database, so any process can resume it.

``SyncState`` has one row per SyncFeed category (``feed:Zaak``, ``feed:Stemming``, …) and one for the
placeholder lookup (``placeholders``). A category's cursor is the skiptoken after its last committed
page, written in the same transaction as that page: after a crash the cursor never claims a page that
was not saved, and never misses one that was.

``SyncLease`` is the lock that keeps two syncs from running at once. It is a row, not a cache key
or a PostgreSQL advisory lock, because it must hold across processes on SQLite as well (the
in-process cache of a bare install is not shared between a worker and ``manage.py``). A lease
expires unless its holder renews it after each page, and a holder on this machine whose process is
gone (killed with SIGKILL) loses it at once.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SyncState(models.Model):
    entity = models.CharField(_("stroom"), max_length=40, unique=True, help_text=_("Bijv. feed:Zaak, feed:Stemming, placeholders"))
    cursor = models.CharField(_("cursor"), max_length=40, blank=True, help_text=_("Het skiptoken na de laatste vastgelegde pagina van deze categorie"))
    next_url = models.TextField(_("volgende pagina"), blank=True, help_text=_("De rel=next van de laatste vastgelegde pagina; leeg als de categorie bij is"))
    started_at = models.DateTimeField(_("laatste run begonnen"), null=True, blank=True)
    committed_at = models.DateTimeField(_("laatste pagina vastgelegd"), null=True, blank=True)
    finished_at = models.DateTimeField(_("laatste run voltooid"), null=True, blank=True)
    last_stats = models.JSONField(_("telling van de laatste run"), default=dict, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("synchronisatiestand")
        verbose_name_plural = _("synchronisatiestanden")
        ordering = ["entity"]

    def __str__(self) -> str:
        return f"{self.entity} @ {self.cursor or '—'}"


class SyncLease(models.Model):
    name = models.CharField(max_length=40, unique=True)
    holder = models.CharField(max_length=200, blank=True, help_text=_("host:pid:token van wie de sync draait; leeg als niemand"))
    acquired_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("synchronisatieslot")
        verbose_name_plural = _("synchronisatiesloten")

    def __str__(self) -> str:
        return f"{self.name}: {self.holder or 'vrij'}"


def _this_host() -> str:
    return socket.gethostname()


def _holder_is_gone(holder: str) -> bool:
    """A holder on this machine whose process no longer exists (killed); other hosts we cannot see."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != _this_host() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Lease:
    """A held ``SyncLease``; ``renew()`` after each page, ``release()`` at the end."""

    def __init__(self, name: str, holder: str, ttl: timedelta) -> None:
        self.name, self.holder, self.ttl = name, holder, ttl

    @classmethod
    def acquire(cls, name: str, *, ttl: timedelta = timedelta(minutes=10)) -> Lease | None:
        """The lease, or None while someone else holds it. Each call is its own transaction."""
        holder = f"{_this_host()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        now = timezone.now()
        with transaction.atomic():
            try:
                with transaction.atomic():
                    SyncLease.objects.get_or_create(name=name)
            except IntegrityError:
                pass  # created meanwhile by a concurrent caller
            # A conditional UPDATE is atomic on PostgreSQL and SQLite alike: one caller wins.
            free = Q(holder="") | Q(expires_at__lt=now)
            won = SyncLease.objects.filter(Q(name=name) & free).update(holder=holder, acquired_at=now, expires_at=now + ttl)
            if not won:
                current = SyncLease.objects.filter(name=name).values_list("holder", flat=True).first() or ""
                if current and _holder_is_gone(current):
                    won = SyncLease.objects.filter(name=name, holder=current).update(holder=holder, acquired_at=now, expires_at=now + ttl)
        return cls(name, holder, ttl) if won else None

    @staticmethod
    def describe(name: str) -> str:
        lease = SyncLease.objects.filter(name=name).first()
        if lease is None or not lease.holder:
            return "free"
        return f"held by {lease.holder} since {lease.acquired_at:%Y-%m-%d %H:%M:%S %Z}, until {lease.expires_at:%H:%M:%S %Z}"

    def renew(self) -> bool:
        """Extend the lease; False when it was lost (expired and taken by another run)."""
        now = timezone.now()
        return bool(SyncLease.objects.filter(name=self.name, holder=self.holder).update(expires_at=now + self.ttl))

    def release(self) -> None:
        SyncLease.objects.filter(name=self.name, holder=self.holder).update(holder="", expires_at=None)
