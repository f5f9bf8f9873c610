"""Subscriptions (e-mail), webhooks (signed JSON), and the delivery ledger that feeds them.

``motions.Event`` is the append-only change record. ``alerts.fanout`` reads it in ``seq`` order
after ``FanoutCursor`` and writes one ``Delivery`` per (subscriber, event), unique per pair, in the
same transaction that advances the cursor. A ``Delivery`` is then claimed (pending → sending) by
exactly one worker before anything leaves the process, and marked sent right after: the ledger
is at once the exactly-once guard and the delivery log (admin, API). See docs/ALERTS.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motions.models import Dossier, Event, Member, Ministry, Motion, Party


class SubjectKind(models.TextChoices):
    MOTION = "motion", _("motie")
    DOSSIER = "dossier", _("dossier")
    MEMBER = "member", _("Kamerlid")
    PARTY = "party", _("fractie")
    MINISTRY = "ministry", _("ministerie")
    SEARCH = "search", _("zoekopdracht")
    ALL = "all", _("alles (alleen webhooks)")

    @classmethod
    def for_subscriptions(cls) -> list[tuple[str, str | Promise]]:
        # E-mail for every change in parliament would be spam, not a service: webhooks only.
        return [(value, label) for value, label in cls.choices if value != cls.ALL]


# The foreign key that holds each kind's subject.
SUBJECT_FIELDS: dict[str, str] = {
    SubjectKind.MOTION: "motion",
    SubjectKind.DOSSIER: "dossier",
    SubjectKind.MEMBER: "member",
    SubjectKind.PARTY: "party",
    SubjectKind.MINISTRY: "ministry",
}

# What a subscriber hears about. A saved search is told of new motions that match it; a followed
# motion, dossier, member, party or ministry of answers, status changes and votes.
ITEM_EVENT_KINDS = (Event.Kind.RESPONSE_CONFIRMED, Event.Kind.STATUS_CHANGED, Event.Kind.VOTE_RECORDED)
SEARCH_EVENT_KINDS = (Event.Kind.MOTION_CREATED,)
ALERT_EVENT_KINDS = ITEM_EVENT_KINDS + SEARCH_EVENT_KINDS


def search_key(query: str, facets: dict[str, Any] | None) -> str:
    """One key for equal searches, so fan-out runs each distinct search once, not per subscriber."""
    canonical = json.dumps({"q": query, "f": facets or {}}, sort_keys=True, ensure_ascii=False)
    return "search:" + hashlib.sha256(canonical.encode()).hexdigest()[:40]


class Subject(models.Model):
    """What is followed: one of the foreign keys, or a saved search (query + facets), or all."""

    subject_kind = models.CharField(_("onderwerp"), max_length=10, choices=SubjectKind.choices)
    # CASCADE: a subscription to something that no longer exists has nothing left to say.
    motion = models.ForeignKey(Motion, verbose_name=_("motie"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, verbose_name=_("Kamerlid"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey(Party, verbose_name=_("fractie"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    ministry = models.ForeignKey(Ministry, verbose_name=_("ministerie"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    query = models.CharField(_("zoekvraag"), max_length=200, blank=True)
    facets = models.JSONField(_("filters"), default=dict, blank=True, help_text=_("De filters van de motielijst, bijv. {\"status\": [\"open\"], \"ministry\": \"bz\"}"))
    subject_key = models.CharField(_("onderwerpsleutel"), max_length=60, editable=False, help_text=_("Bijv. motion:12 of search:<hash>"))

    class Meta:
        abstract = True

    @property
    def subject(self) -> Motion | Dossier | Member | Party | Ministry | None:
        field = SUBJECT_FIELDS.get(self.subject_kind)
        return getattr(self, field) if field else None

    def compute_subject_key(self) -> str:
        if self.subject_kind == SubjectKind.SEARCH:
            return search_key(self.query, self.facets)
        if self.subject_kind == SubjectKind.ALL:
            return "all"
        field = SUBJECT_FIELDS[self.subject_kind]
        return f"{self.subject_kind}:{getattr(self, f'{field}_id')}"

    def save(self, *args, **kwargs) -> None:
        self.subject_key = self.compute_subject_key()
        super().save(*args, **kwargs)

    def subject_label(self) -> str:
        """'motie 35207-83', 'zoekopdracht "china"' — for messages and the admin."""
        if self.subject_kind == SubjectKind.SEARCH:
            text = f"“{self.query}”" if self.query else "—"
            if self.facets:
                text += " (" + ", ".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in sorted(self.facets.items())) + ")"
            return f"{SubjectKind.SEARCH.label} {text}"
        if self.subject_kind == SubjectKind.ALL:
            return str(SubjectKind.ALL.label)
        subject = self.subject
        if isinstance(subject, Motion):
            name = subject.kamerstuk.key
        elif isinstance(subject, Dossier):
            name = subject.key
        elif isinstance(subject, Member):
            name = subject.full_name
        else:
            name = str(subject)
        return f"{SubjectKind(self.subject_kind).label} {name}"

    def subject_url(self) -> str | None:
        """The page of what is followed (site path), or None for searches and 'all'."""
        if self.subject_kind == SubjectKind.SEARCH:
            return None
        subject = self.subject
        return subject.get_absolute_url() if subject is not None else None


def _subject_constraint(prefix: str, *, allow_all: bool) -> list[models.BaseConstraint]:
    """Exactly the foreign key of the kind is set (none for searches and 'all')."""
    fk_null = {f: Q(**{f"{f}__isnull": True}) for f in SUBJECT_FIELDS.values()}

    def only(field: str | None) -> Q:
        q = Q()
        for name, is_null in fk_null.items():
            q &= Q(**{f"{name}__isnull": False}) if name == field else is_null
        return q

    cases = Q()
    for kind, field in SUBJECT_FIELDS.items():
        cases |= Q(subject_kind=kind) & only(field)
    cases |= Q(subject_kind=SubjectKind.SEARCH) & only(None)
    if allow_all:
        cases |= Q(subject_kind=SubjectKind.ALL) & only(None)
    return [models.CheckConstraint(condition=cases, name=f"{prefix}_one_subject")]


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def active(self, at: dt.datetime | None = None) -> Self:
        """Confirmed and not unsubscribed; with ``at``: confirmed by then (no news from before)."""
        qs = self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        return qs.filter(confirmed_at__lte=at) if at is not None else qs

    def matching(self, keys: set[str]) -> Self:
        return self.filter(subject_key__in=keys)


class Subscription(Subject):
    """Someone who follows a subject by e-mail. Double opt-in: inactive until confirmed."""

    class Language(models.TextChoices):
        NL = "nl", "Nederlands"
        EN = "en", "English"

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("direct")
        DAILY = "daily", _("dagelijks overzicht")

    email = models.EmailField(_("e-mailadres"), max_length=254)
    language = models.CharField(_("taal"), max_length=2, choices=Language.choices, default=Language.NL)
    frequency = models.CharField(_("frequentie"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    token = models.CharField(_("sleutel voor links"), max_length=64, unique=True, default=new_link_token, editable=False, help_text=_("Geheim in de afmeldlink; het bevestigingslink is hiermee ondertekend"))
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now, editable=False)
    confirmation_requested_at = models.DateTimeField(_("bevestiging gevraagd op"), null=True, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(_("bevestigingsmail verstuurd op"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementen")
        constraints = [
            *_subject_constraint("subscription", allow_all=False),
            # Subscribing twice to the same thing re-sends the confirmation, it does not double the mail.
            models.UniqueConstraint(fields=["email", "subject_key"], name="subscription_once_per_email_subject"),
        ]
        indexes = [models.Index(fields=["subject_key", "confirmed_at"]), models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.subject_kind}:{self.subject_key.split(':', 1)[-1][:12]}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class WebhookQuerySet(models.QuerySet["Webhook"]):
    def for_owner(self, user) -> Self:
        return self.filter(owner=user)

    def active(self, at: dt.datetime | None = None) -> Self:
        qs = self.filter(active=True)
        return qs.filter(created_at__lte=at) if at is not None else qs


def new_webhook_secret() -> str:
    # Recognisable by secret scanners; 256 bits from the OS.
    return "whsec_" + secrets.token_urlsafe(32)


class Webhook(Subject):
    """An API client's URL that receives events as signed JSON.

    The secret is stored as it is: signing needs the secret itself, so a hash (as for API tokens)
    cannot work. It is shown once, when made or rotated; the admin and API never show it again.
    Anyone who can read this table can forge our signatures for its webhooks — which is why it is
    rotatable (``POST /api/v1/webhooks/{id}/rotate-secret/``). See docs/ALERTS.md.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("geheim"), max_length=100, default=new_webhook_secret, editable=False)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    kinds = models.JSONField(_("soorten gebeurtenissen"), default=list, blank=True, help_text=_("Leeg: antwoorden, statuswijzigingen, stemmingen en (voor zoekopdrachten) nieuwe moties"))
    active = models.BooleanField(_("actief"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("mislukte pogingen op rij"), default=0)
    disabled_at = models.DateTimeField(_("uitgeschakeld op"), null=True, blank=True, help_text=_("Na te veel mislukte pogingen op rij; weer aanzetten stuurt wat bleef liggen"))
    last_success_at = models.DateTimeField(_("laatst geslaagd"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        constraints = _subject_constraint("webhook", allow_all=True)
        indexes = [models.Index(fields=["active", "subject_key"])]

    def __str__(self) -> str:
        return f"{self.url} ({self.owner_id})"

    def wants(self, kind: str) -> bool:
        if self.kinds:
            return kind in self.kinds
        if self.subject_kind == SubjectKind.SEARCH:
            return kind in SEARCH_EVENT_KINDS
        if self.subject_kind == SubjectKind.ALL:
            return kind in ALERT_EVENT_KINDS
        return kind in ITEM_EVENT_KINDS


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def due(self, now: dt.datetime | None = None) -> Self:
        return self.filter(state=Delivery.State.PENDING, next_attempt_at__lte=now or timezone.now())


class Delivery(models.Model):
    """One (subscriber, event) pair: the claim that makes delivery exactly-once, and its log.

    pending → sending (claimed by one worker) → sent | failed | skipped; a failed attempt goes back
    to pending with a later ``next_attempt_at``; a claim whose worker died is returned to pending
    by the reaper after ALERTS_CLAIM_TIMEOUT_SECONDS.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("wacht")
        SENDING = "sending", _("wordt verstuurd")
        SENT = "sent", _("verstuurd")
        FAILED = "failed", _("mislukt")
        SKIPPED = "skipped", _("overgeslagen")

    subscription = models.ForeignKey(Subscription, verbose_name=_("abonnement"), null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    webhook = models.ForeignKey(Webhook, verbose_name=_("webhook"), null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    # PROTECT: the ledger points at the change record, which is never deleted anyway.
    event = models.ForeignKey(Event, verbose_name=_("gebeurtenis"), on_delete=models.PROTECT, related_name="deliveries")
    digest = models.BooleanField(_("in dagelijks overzicht"), default=False, help_text=_("Vastgelegd bij het aanmaken: latere wijziging van de frequentie raakt alleen nieuwe berichten"))
    state = models.CharField(_("toestand"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True, default=timezone.now)
    claim = models.UUIDField(_("claim"), null=True, blank=True, editable=False, help_text=_("Welke verzending deze rij nu heeft; alleen die mag haar afronden"))
    claimed_at = models.DateTimeField(_("geclaimd op"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    response_status = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("bezorging")
        verbose_name_plural = _("bezorgingen")
        constraints = [
            models.CheckConstraint(condition=Q(subscription__isnull=False) ^ Q(webhook__isnull=False), name="delivery_one_recipient"),
            # NULLs are distinct, so these only bind the rows whose recipient is set.
            models.UniqueConstraint(fields=["subscription", "event"], name="delivery_once_per_subscription_event"),
            models.UniqueConstraint(fields=["webhook", "event"], name="delivery_once_per_webhook_event"),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["webhook", "id"]),
            models.Index(fields=["subscription", "state"]),
            models.Index(fields=["claim"]),
        ]

    def __str__(self) -> str:
        who = f"subscription {self.subscription_id}" if self.subscription_id else f"webhook {self.webhook_id}"
        return f"#{self.pk} {who} · event {self.event_id} · {self.state}"


class FanoutCursor(models.Model):
    """The last ``Event.seq`` fanned out. One row, locked by the fan-out transaction, so two
    fan-outs at once queue up instead of both taking the same events."""

    name = models.CharField(max_length=30, primary_key=True)
    seq = models.BigIntegerField(_("volgnummer"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("verzendcursor")

    def __str__(self) -> str:
        return f"{self.name}: {self.seq}"
