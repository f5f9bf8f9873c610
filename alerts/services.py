"""Subscribing, confirming, unsubscribing; making and re-enabling webhooks.

The web form, the API and the admin call these functions. Each raises ``AlertError`` (with field
messages) for input it refuses; views turn that into a 400 with the messages, never a 500.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import socket
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import F, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.filters import MotionFilter
from common.tasks import queue
from motions.keys import InvalidKey, parse_dossier_key
from motions.models import Dossier, Member, Ministry, Motion, Party
from motions.search import MAX_QUERY_LENGTH, normalise_query

from .fanout import filter_data
from .messages import CONFIRM_SALT, confirmation_value
from .models import SUBJECT_FIELDS, Delivery, Subscription, SubjectKind, Webhook, new_webhook_secret

logger = logging.getLogger("alerts")

# A second request for the same subscription within this time sends no second mail.
RESEND_AFTER = dt.timedelta(minutes=10)
# Searches in the motion list's query string that are not filters.
NOT_FACETS = {"q", "page", "cursor", "ordering", "page_size", "format", "sort"}


class AlertError(Exception):
    """Input the alerts app refuses. ``fields`` maps a field name to its messages."""

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


# --- Subjects --------------------------------------------------------------------------------------------------


def resolve_subject(kind: str | None, value: Any, *, by_pk: bool) -> dict[str, Any]:
    """The subject fields for ``kind`` and ``value``: a primary key (the web button) or a natural
    key (the API: a motion's or dossier's key, a member's, party's or ministry's slug)."""
    if kind not in SUBJECT_FIELDS:
        raise AlertError(_("Onbekend onderwerp."), {"subject_kind": [_("Kies uit: %s.") % ", ".join(SUBJECT_FIELDS)]})
    text = str(value or "").strip()
    if not text:
        raise AlertError(_("Geef aan wat u wilt volgen."), {"subject": [_("Dit veld is verplicht.")]})
    by_slug: dict[str, type[Member | Party | Ministry]] = {"member": Member, "party": Party, "ministry": Ministry}
    model: type[Motion | Dossier | Member | Party | Ministry] = {"motion": Motion, "dossier": Dossier, **by_slug}[kind]
    try:
        if by_pk:
            if not text.isdigit() or int(text) > 2**62:
                raise model.DoesNotExist
            found = model.objects.get(pk=int(text))
        elif kind == "motion":
            found = Motion.objects.select_related("kamerstuk").by_key(text).get()
        elif kind == "dossier":
            number, toevoeging = parse_dossier_key(text)
            found = Dossier.objects.get(number=int(number), toevoeging=toevoeging)
        else:
            found = by_slug[kind].objects.get(slug=text)
    except (model.DoesNotExist, InvalidKey, ValueError, OverflowError):
        raise AlertError(_("Niet gevonden: %(value)s.") % {"value": text[:60]}, {"subject": [_("Niet gevonden: %(value)s.") % {"value": text[:60]}]})
    return {SUBJECT_FIELDS[kind]: found}


def search_from_query_string(value: str) -> tuple[str, dict[str, Any]]:
    """The web button passes the list page's query string (``q=china&status=open``) or plain words."""
    value = (value or "").strip().lstrip("?")
    if "=" not in value:
        return value, {}
    params = QueryDict(value)
    facets: dict[str, Any] = {}
    for name in params:
        if name in NOT_FACETS:
            continue
        values = [v for v in params.getlist(name) if v]
        if values:
            facets[name] = values if len(values) > 1 or name in _multiple_facets() else values[0]
    return params.get("q", ""), facets


def _multiple_facets() -> set[str]:
    from django_filters import MultipleChoiceFilter

    return {name for name, f in MotionFilter.base_filters.items() if isinstance(f, MultipleChoiceFilter)}


def clean_search(query: Any, facets: Any) -> tuple[str, dict[str, Any]]:
    """A saved search the motion list understands: known filters with valid values."""
    if query is not None and not isinstance(query, str):
        raise AlertError(_("De zoekvraag moet tekst zijn."), {"query": [_("De zoekvraag moet tekst zijn.")]})
    if query and len(query) > MAX_QUERY_LENGTH:
        raise AlertError(_("De zoekvraag is te lang."), {"query": [_("Hoogstens %d tekens.") % MAX_QUERY_LENGTH]})
    query = normalise_query(query or "")
    facets = facets or {}
    if not isinstance(facets, dict):
        raise AlertError(_("Filters moeten een object zijn."), {"facets": [_("Een object met filters, bijv. {\"status\": [\"open\"]}.")]})
    known = set(MotionFilter.base_filters) - NOT_FACETS
    unknown = sorted(set(facets) - known)
    if unknown:
        raise AlertError(_("Onbekende filters."), {"facets": [_("Onbekend: %(names)s. Mogelijk: %(known)s.") % {"names": ", ".join(unknown), "known": ", ".join(sorted(known))}]})
    cleaned: dict[str, Any] = {}
    for name, value in facets.items():
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, (str, bool)) for v in values):
            raise AlertError(_("Ongeldig filter."), {f"facets.{name}": [_("Tekst of een lijst met tekst.")]})
        values = [str(v).lower() if isinstance(v, bool) else v for v in values]
        cleaned[name] = values if name in _multiple_facets() else values[0]
    form = MotionFilter(data=filter_data("", cleaned), queryset=Motion.objects.none()).form
    if not form.is_valid():
        raise AlertError(_("Ongeldige filters."), {f"facets.{k}": [str(m) for m in v] for k, v in form.errors.items()})
    return query, cleaned


def subject_fields(kind: str | None, value: Any = None, *, by_pk: bool, query: Any = None, facets: Any = None, allow_all: bool = False) -> dict[str, Any]:
    """Everything a Subscription or Webhook needs to say what it follows."""
    if kind == SubjectKind.SEARCH:
        if by_pk and value is not None and query is None:
            query, facets = search_from_query_string(str(value))
        query, facets = clean_search(query, facets)
        return {"subject_kind": kind, "query": query, "facets": facets}
    if kind == SubjectKind.ALL:
        if not allow_all:
            raise AlertError(_("Alles volgen kan alleen met een webhook."), {"subject_kind": [_("Alles volgen kan alleen met een webhook.")]})
        return {"subject_kind": kind}
    return {"subject_kind": kind, **resolve_subject(kind, value, by_pk=by_pk)}


# --- Subscribing -----------------------------------------------------------------------------------------------


def normalise_email(email: Any) -> str:
    text = str(email or "").strip().lower()
    try:
        EmailValidator()(text)
    except ValidationError:
        raise AlertError(_("Vul een geldig e-mailadres in."), {"email": [_("Vul een geldig e-mailadres in.")]})
    return text


def subscribe(*, email: str, subject: dict[str, Any], language: str = "nl", frequency: str = "immediate") -> Subscription:
    """Ask for a subscription: it stays inactive until the link in the confirmation mail is used.

    Says nothing about whether the address was subscribed already (same outcome either way): an
    active subscription is left as it is; an unconfirmed or ended one gets a (new) confirmation
    mail, at most one per RESEND_AFTER, at most ALERTS_CONFIRMATIONS_PER_DAY per address."""
    email = normalise_email(email)
    if language not in Subscription.Language.values:
        raise AlertError(_("Onbekende taal."), {"language": [_("Kies nl of en.")]})
    if frequency not in Subscription.Frequency.values:
        raise AlertError(_("Onbekende frequentie."), {"frequency": [_("Kies immediate of daily.")]})
    draft = Subscription(email=email, **subject)
    key = draft.compute_subject_key()
    now = timezone.now()
    with transaction.atomic():
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            email=email, subject_key=key, defaults={**subject, "language": language, "frequency": frequency}
        )
        if subscription.is_active:
            return subscription
        if not created:
            subscription.language, subscription.frequency = language, frequency
        recent = subscription.confirmation_requested_at is not None and now - subscription.confirmation_requested_at < RESEND_AFTER
        per_day = int(getattr(settings, "ALERTS_CONFIRMATIONS_PER_DAY", 10))
        flooded = Subscription.objects.filter(email=email, confirmation_requested_at__gt=now - dt.timedelta(days=1)).count() >= per_day
        if recent or flooded:
            # Someone is pressing the button for this address again and again: do not mail-bomb it.
            subscription.save(update_fields=["language", "frequency"])
            return subscription
        subscription.confirmed_at = None  # an ended subscription must be confirmed again
        subscription.confirmation_requested_at = now
        subscription.save(update_fields=["language", "frequency", "confirmed_at", "confirmation_requested_at"])
        pk = subscription.pk
        transaction.on_commit(lambda: _queue_confirmation(pk))
    return subscription


def _queue_confirmation(pk: int) -> None:
    try:
        queue("alerts.tasks.send_confirmation_task", pk)
    except Exception:  # a broker that is down: the sweep sends unsent confirmations
        logger.warning("could not queue the confirmation of subscription %s", pk, exc_info=True)


def send_confirmation(pk: int) -> bool:
    """Send the confirmation mail once per request for it (claimed like a delivery)."""
    from .messages import confirmation_email

    now = timezone.now()
    claimed = (
        Subscription.objects.filter(pk=pk, confirmed_at__isnull=True, confirmation_requested_at__isnull=False)
        .filter(Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lt=F("confirmation_requested_at")))
        .update(confirmation_sent_at=now)
    )
    if not claimed:
        return False
    subscription = Subscription.objects.select_related("motion__kamerstuk", "dossier", "member", "party", "ministry").get(pk=pk)
    try:
        confirmation_email(subscription).send()
    except Exception:
        Subscription.objects.filter(pk=pk, confirmation_sent_at=now).update(confirmation_sent_at=None)
        raise
    return True


def confirmations_to_send(*, grace: float = 60) -> list[int]:
    """Confirmations asked for but never sent (their task was lost), still worth sending."""
    now = timezone.now()
    return list(
        Subscription.objects.filter(
            confirmed_at__isnull=True,
            confirmation_requested_at__lt=now - dt.timedelta(seconds=grace),
            confirmation_requested_at__gt=now - dt.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS),
        )
        .filter(Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lt=F("confirmation_requested_at")))
        .values_list("pk", flat=True)[:1000]
    )


class LinkExpired(AlertError):
    pass


def subscription_for_confirmation(token: str) -> Subscription:
    """The subscription a confirmation link is for; LinkExpired or AlertError otherwise."""
    max_age = settings.SUBSCRIPTION_CONFIRM_DAYS * 86400
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkExpired(_("Deze bevestigingslink is verlopen. Meld u opnieuw aan; u krijgt dan een nieuwe link."))
    except signing.BadSignature:
        raise AlertError(_("Deze bevestigingslink is ongeldig."))
    pk, _sep, _stamp = value.partition(".")
    subscription = Subscription.objects.select_related("motion__kamerstuk", "dossier", "member", "party", "ministry").filter(pk=int(pk) if pk.isdigit() else 0).first()
    if subscription is None or confirmation_value(subscription) != value:
        raise AlertError(_("Deze bevestigingslink is niet meer geldig; gebruik de nieuwste link die u kreeg."))
    return subscription


def confirm(token: str) -> Subscription:
    subscription = subscription_for_confirmation(token)
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if confirmation_value(locked) != confirmation_value(subscription):
            raise AlertError(_("Deze bevestigingslink is niet meer geldig; gebruik de nieuwste link die u kreeg."))
        if locked.confirmed_at is not None and locked.unsubscribed_at is not None:
            # Used once, then ended: a link in an old mail must not bring the subscription back.
            raise AlertError(_("Deze link is al gebruikt en de aanmelding is daarna beëindigd. Meld u opnieuw aan als u weer berichten wilt."))
        if not locked.is_active:
            locked.confirmed_at = timezone.now()
            locked.unsubscribed_at = None
            locked.save(update_fields=["confirmed_at", "unsubscribed_at"])
    subscription.confirmed_at, subscription.unsubscribed_at = locked.confirmed_at, locked.unsubscribed_at
    return subscription


def subscription_for_link(token: str) -> Subscription | None:
    if not token or len(token) > 64:
        return None
    return Subscription.objects.select_related("motion__kamerstuk", "dossier", "member", "party", "ministry").filter(token=token).first()


def unsubscribe(subscription: Subscription) -> Subscription:
    """End the subscription; what was still waiting to be sent is not sent."""
    with transaction.atomic():
        now = timezone.now()
        updated = Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(unsubscribed_at=now)
        if updated:
            subscription.unsubscribed_at = now
        Delivery.objects.filter(subscription=subscription, state=Delivery.State.PENDING).update(
            state=Delivery.State.SKIPPED, next_attempt_at=None, last_error="unsubscribed before it was sent"
        )
    return subscription


# --- Webhooks --------------------------------------------------------------------------------------------------


def allow_private_urls() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_PRIVATE_URLS", settings.DEBUG))


def check_webhook_url(url: str) -> None:
    """http(s) only, and (unless WEBHOOK_ALLOW_PRIVATE_URLS) no address inside our own network:
    a webhook must not become a way to make our server call its neighbours."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise AlertError(_("Alleen http- en https-adressen."), {"url": [_("Alleen http- en https-adressen.")]})
    if parsed.username or parsed.password:
        raise AlertError(_("Geen gebruikersnaam of wachtwoord in de URL."), {"url": [_("Geen gebruikersnaam of wachtwoord in de URL; de handtekening bewijst wie er post.")]})
    if allow_private_urls():
        return
    try:
        infos = socket.getaddrinfo(parsed.hostname, parsed.port or (443 if parsed.scheme == "https" else 80), proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise AlertError(_("De host bestaat niet."), {"url": [_("De host %s is niet te vinden.") % parsed.hostname]})
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise AlertError(_("Adressen in een eigen netwerk zijn niet toegestaan."), {"url": [_("%s wijst naar een niet-openbaar adres.") % parsed.hostname]})


def rotate_secret(webhook: Webhook) -> str:
    webhook.secret = new_webhook_secret()
    Webhook.objects.filter(pk=webhook.pk).update(secret=webhook.secret)
    return webhook.secret


def enable_webhook(webhook: Webhook) -> Webhook:
    """Turn a disabled webhook back on; what piled up while it was off is sent."""
    with transaction.atomic():
        Webhook.objects.filter(pk=webhook.pk).update(active=True, consecutive_failures=0, disabled_at=None)
        webhook.active, webhook.consecutive_failures, webhook.disabled_at = True, 0, None
        now = timezone.now()
        Delivery.objects.filter(webhook=webhook, state=Delivery.State.PENDING).update(next_attempt_at=now)
        ids = list(Delivery.objects.filter(webhook=webhook, state=Delivery.State.PENDING).values_list("pk", flat=True)[:5000])

        def queue() -> None:
            from .fanout import queue_deliveries

            queue_deliveries([], ids)

        transaction.on_commit(queue)
    return webhook
