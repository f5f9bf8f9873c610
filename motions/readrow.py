"""The read model's table: one stored public representation per motion, commitment or dossier
(built by ``api.readmodel``, above this app; kept by ``motions.events.touch``)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReadRowQuerySet(models.QuerySet["ReadRow"]):
    PAGES = {"nl": "page_nl", "en": "page_en"}

    def page(self, kind: str, key: str, language: str) -> tuple[dt.datetime, str | None] | None:
        """(when the row was built, its stored page or None) of an item whose row is right today;
        None without such a row."""
        column = self.PAGES.get(language)
        found = self.filter(kind=kind, key=key).values_list("built_at", "fresh_until", column).first() if column else None
        if found is None or (found[1] is not None and timezone.localdate() > found[1]):
            return None
        return found[0], (found[2] or None)

    def keep_page(self, kind: str, key: str, language: str, built_at: dt.datetime, html: str) -> None:
        """Store a page rendered after ``page()`` said the row was built at ``built_at``. A row
        rebuilt since (by a change the page may not show) is left alone."""
        column = self.PAGES.get(language)
        if column is not None:
            self.filter(kind=kind, key=key, built_at=built_at).update(**{column: html})


class ReadRow(models.Model):
    """The read model: one stored public representation per motion, commitment or dossier.

    ``body`` is the API detail as JSON text, with links written against ``READ_BASE`` (the reader
    puts the request's host in its place); ``etag`` is its version. The rows are rebuilt in the same
    transaction as every change that affects them (``motions.events.touch``; the builders live in
    ``api.readmodel``, above this app), so a detail is one indexed read. ``fresh_until`` is the last
    day the body is right as stored (a deadline makes ``overdue`` turn at midnight); null: no date in
    it turns. ``page_*`` are the rendered public pages (one per language), filled on first read and
    emptied by every rebuild. ``staff`` holds what only staff see (who changed a status).
    """

    class Kind(models.TextChoices):
        MOTION = "motion", _("motie")
        COMMITMENT = "commitment", _("toezegging")
        DOSSIER = "dossier", _("dossier")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=64, help_text=_("Motie: Kamerstuk-sleutel; toezegging: id; dossier: sleutel"))
    object_id = models.BigIntegerField()
    body = models.TextField()
    etag = models.CharField(max_length=64)
    staff = models.JSONField(default=list, blank=True)
    fresh_until = models.DateField(null=True, blank=True)
    page_nl = models.TextField(blank=True, default="")
    page_en = models.TextField(blank=True, default="")
    built_at = models.DateTimeField(default=timezone.now)

    objects = ReadRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("opgeslagen weergave")
        verbose_name_plural = _("opgeslagen weergaven")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="readrow_kind_key_unique")]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


READ_BASE = "//@base@"  # where the request's scheme and host go in a stored body (see ReadRow)
