"""What subscribers and webhook receivers get: e-mails from templates and signed JSON bodies.

E-mails are rendered in the subscriber's language (``translation.override``), as text and HTML,
with absolute links (SITE_URL + the page path) and a one-click unsubscribe link that is also in
the ``List-Unsubscribe`` header (RFC 2369, one-click per RFC 8058). The Message-ID is derived
from the delivery, so a message sent again after a crash carries the same id and mail systems
can recognise it as a duplicate.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from motions.models import Event, Outcome, Status

from .models import Delivery, Subscription

CONFIRM_SALT = "alerts.subscription.confirm"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def mail_host() -> str:
    return urlparse(settings.SITE_URL).hostname or "motietracker"


# --- Links -------------------------------------------------------------------------------------------------


def confirmation_value(subscription: Subscription) -> str:
    # The request time is part of the signed value: only the newest link works, so an old link
    # cannot bring back a subscription that was ended after it was sent.
    requested = subscription.confirmation_requested_at
    return f"{subscription.pk}.{int(requested.timestamp() * 1000) if requested else 0}"


def confirmation_token(subscription: Subscription) -> str:
    """Signed and timestamped: valid for SUBSCRIPTION_CONFIRM_DAYS (``services.confirm``)."""
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(confirmation_value(subscription))


def confirm_url(subscription: Subscription) -> str:
    return absolute(reverse("alerts-confirm", args=[confirmation_token(subscription)]))


def unsubscribe_url(subscription: Subscription) -> str:
    # The random per-subscription token: unsubscribe links must keep working, so they do not expire.
    return absolute(reverse("alerts-unsubscribe", args=[subscription.token]))


def list_headers(subscription: Subscription, unsubscribe: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        "Content-Language": subscription.language,
    }


# --- Describing an event -----------------------------------------------------------------------------------


def _status(value: str | None) -> Any:
    return Status(value).label if value in Status.values else (value or "—")


def describe(event: Event) -> dict[str, Any]:
    """Everything a template or JSON body says about an event. Labels stay lazy, so they are
    translated when rendered (inside ``translation.override``)."""
    payload = event.payload or {}
    info: dict[str, Any] = {
        "seq": event.seq,
        "kind": event.kind,
        "kind_label": Event.Kind(event.kind).label if event.kind in Event.Kind.values else event.kind,
        "at": event.at,
        "reason": payload.get("reason") or "",
        "excerpt": payload.get("excerpt") or "",
        "letter": payload.get("letter") or "",
        "letter_url": absolute(reverse("letter-detail", args=[event.letter_id])) if event.letter_id else "",
        "old": _status(payload.get("old")) if payload.get("old") else "",
        "new": _status(payload.get("new")) if payload.get("new") else "",
        "outcome": "",
        "vote_date": None,
        "key": payload.get("key") or "",
        "title": payload.get("title") or "",
        "url": settings.SITE_URL + "/",
    }
    if event.motion_id and event.motion is not None:
        motion = event.motion
        info.update(key=motion.kamerstuk.key, title=motion.title, url=absolute(motion.get_absolute_url()), vote_date=motion.vote_date)
        outcome = payload.get("outcome") or motion.outcome
        info["outcome"] = Outcome(outcome).label if outcome in Outcome.values else (outcome or "")
    elif event.commitment_id and event.commitment is not None:
        commitment = event.commitment
        info.update(key=commitment.number or f"#{commitment.pk}", title=commitment.text, url=absolute(commitment.get_absolute_url()))
    return info


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:200]


def _email(subscription: Subscription, template: str, context: dict[str, Any], message_id: str) -> EmailMultiAlternatives:
    unsubscribe = unsubscribe_url(subscription)
    subject_path = subscription.subject_url()
    with translation.override(subscription.language):
        context = {
            **context,
            "subscription": subscription,
            "subject_label": subscription.subject_label(),
            "subject_url": absolute(subject_path) if subject_path else "",
            "unsubscribe_url": unsubscribe,
            "site_url": settings.SITE_URL,
            "language": subscription.language,
        }
        subject = _one_line(render_to_string(f"alerts/email/{template}_subject.txt", context))
        text = render_to_string(f"alerts/email/{template}.txt", context)
        html = render_to_string(f"alerts/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[subscription.email], headers={**list_headers(subscription, unsubscribe), "Message-ID": message_id})
    message.attach_alternative(html, "text/html")
    return message


def event_parts(delivery: Delivery, cache: dict | None = None) -> dict[str, Any]:
    """The part about the event, rendered once per (event, language) — the same for every
    subscriber — so a fan-out to thousands renders it a handful of times, not thousands."""
    assert delivery.subscription is not None
    language = delivery.subscription.language
    key = (delivery.event_id, language)
    if cache is not None and key in cache:
        return cache[key]
    with translation.override(language):
        event = describe(delivery.event)
        parts = {
            "event": event,
            "event_text": render_to_string("alerts/email/_event.txt", {"e": event}),
            "event_html": render_to_string("alerts/email/_event.html", {"e": event}),
        }
    if cache is not None:
        cache[key] = parts
    return parts


def event_email(delivery: Delivery, cache: dict | None = None) -> EmailMultiAlternatives:
    assert delivery.subscription is not None
    return _email(delivery.subscription, "event", event_parts(delivery, cache), f"<alert.{delivery.pk}@{mail_host()}>")


DIGEST_MAX_EVENTS = 200


def digest_email(subscription: Subscription, deliveries: list[Delivery]) -> EmailMultiAlternatives:
    events = [describe(d.event) for d in deliveries[:DIGEST_MAX_EVENTS]]
    first, last = deliveries[0].pk, deliveries[-1].pk
    return _email(
        subscription,
        "digest",
        {"events": events, "count": len(deliveries), "more": max(len(deliveries) - DIGEST_MAX_EVENTS, 0)},
        f"<digest.{subscription.pk}.{first}-{last}@{mail_host()}>",
    )


def confirmation_email(subscription: Subscription) -> EmailMultiAlternatives:
    return _email(
        subscription,
        "confirm",
        {"confirm_url": confirm_url(subscription), "days": settings.SUBSCRIPTION_CONFIRM_DAYS},
        f"<confirm.{subscription.pk}.{int(subscription.confirmation_requested_at.timestamp()) if subscription.confirmation_requested_at else 0}@{mail_host()}>",
    )


# --- Webhook bodies ----------------------------------------------------------------------------------------


def webhook_body(delivery: Delivery) -> bytes:
    """The JSON a receiver gets. Built from the event (immutable) and stable keys only, so every
    retry of a delivery sends the same body; ``id`` is the idempotency key."""
    event = delivery.event
    info = describe(event)
    body: dict[str, Any] = {
        "id": delivery.pk,
        "type": event.kind,
        "webhook": delivery.webhook_id,
        "event": {"seq": event.seq, "kind": event.kind, "at": event.at, "payload": event.payload or {}},
        "motion": None,
        "commitment": None,
        "letter": None,
    }
    if event.motion_id and event.motion is not None:
        key = event.motion.kamerstuk.key
        body["motion"] = {"key": key, "title": event.motion.title, "url": info["url"], "api_url": absolute(f"/api/v1/motions/{key}/")}
    elif event.commitment_id and event.commitment is not None:
        body["commitment"] = {"id": event.commitment_id, "number": event.commitment.number, "url": info["url"], "api_url": absolute(f"/api/v1/commitments/{event.commitment_id}/")}
    if event.letter_id:
        body["letter"] = {"id": event.letter_id, "url": info["letter_url"], "api_url": absolute(f"/api/v1/letters/{event.letter_id}/")}
    return json.dumps(body, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
