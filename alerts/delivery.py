"""Sending deliveries, each (subscriber, event) at most once at a time and never again once sent.

The claim is healthchecks' Flip pattern: a worker may only send a delivery after

    Delivery.objects.filter(pk=…, state="pending", attempts=<as read>, …).update(state="sending", claim=<uuid>, …) == 1

succeeds — a conditional UPDATE is atomic in the database, so of two workers (or a task queued
twice, or a retry racing the sweep) exactly one wins. Right after the message leaves, the winner
marks it sent *with its claim token*, so a worker that lost its claim to the reaper cannot touch
the row any more. The residual risk (docs/ALERTS.md): a worker that dies after the message left
but before that one UPDATE leaves a claim that the reaper returns to pending after
ALERTS_CLAIM_TIMEOUT_SECONDS, and the message is sent again — with the same Message-ID or
webhook delivery id, so the receiver can recognise it. Nothing else happens between the send and
the mark, to keep that window as small as one round trip to the database.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import uuid
from dataclasses import dataclass, field

import httpx
from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F
from django.utils import timezone

from . import signing
from .messages import digest_email, event_email, webhook_body
from .models import Delivery, Subscription, Webhook

logger = logging.getLogger("alerts.delivery")

EVENT_RELATED = ("event__motion__kamerstuk", "event__commitment")
SUBSCRIPTION_RELATED = ("subscription__motion__kamerstuk", "subscription__dossier", "subscription__member", "subscription__party", "subscription__ministry")
USER_AGENT = "Motietracker-Webhooks/1.0 (+https://github.com/motietracker)"


# --- Settings with defaults (docs/ALERTS.md lists them) --------------------------------------------------------


def claim_timeout() -> float:
    """Seconds after which a claim is presumed dead. Longer than any one send can take."""
    return float(getattr(settings, "ALERTS_CLAIM_TIMEOUT_SECONDS", 300))


def max_attempts() -> int:
    return int(getattr(settings, "ALERTS_MAX_ATTEMPTS", 12))


def backoff(attempts: int) -> float:
    """Exponential: base, 2×base, 4×base … capped; jittered upwards so retries do not stampede."""
    base = float(getattr(settings, "ALERTS_RETRY_BASE_SECONDS", 30))
    cap = float(getattr(settings, "ALERTS_RETRY_MAX_SECONDS", 6 * 3600))
    return min(base * 2 ** max(attempts - 1, 0), cap) * random.uniform(1.0, 1.2)


# --- The claim -------------------------------------------------------------------------------------------------


def claim(delivery: Delivery, **conditions) -> uuid.UUID | None:
    """Take the delivery for this worker, or None when someone else has it or it is not due.

    ``attempts`` must still be what we read: a row that went through a whole attempt meanwhile
    is someone else's business."""
    token = uuid.uuid4()
    now = timezone.now()
    taken = Delivery.objects.filter(
        pk=delivery.pk, state=Delivery.State.PENDING, attempts=delivery.attempts, next_attempt_at__lte=now, **conditions
    ).update(state=Delivery.State.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1)
    if taken != 1:
        return None
    delivery.attempts += 1
    delivery.state, delivery.claim, delivery.claimed_at = Delivery.State.SENDING, token, now
    return token


def _finish(delivery: Delivery, token: uuid.UUID, **fields) -> bool:
    done = Delivery.objects.filter(pk=delivery.pk, claim=token, state=Delivery.State.SENDING).update(claim=None, **fields)
    if not done:
        # The reaper took it back (we were too slow): the next claimant owns it now.
        logger.warning("delivery %s: claim %s was lost before it could be finished", delivery.pk, token)
    return bool(done)


def mark_sent(delivery: Delivery, token: uuid.UUID, *, status: int | None = None) -> bool:
    return _finish(delivery, token, state=Delivery.State.SENT, sent_at=timezone.now(), response_status=status)


def mark_skipped(delivery: Delivery, token: uuid.UUID, reason: str) -> bool:
    return _finish(delivery, token, state=Delivery.State.SKIPPED, last_error=reason, next_attempt_at=None)


def mark_attempt_failed(delivery: Delivery, token: uuid.UUID, error: str, *, status: int | None = None) -> float | None:
    """Back to pending with a later attempt, or failed for good. Returns the delay, or None."""
    error = error[:2000]
    if delivery.attempts >= max_attempts():
        _finish(delivery, token, state=Delivery.State.FAILED, last_error=error, response_status=status, next_attempt_at=None)
        return None
    delay = backoff(delivery.attempts)
    _finish(delivery, token, state=Delivery.State.PENDING, last_error=error, response_status=status, next_attempt_at=timezone.now() + dt.timedelta(seconds=delay))
    return delay


def reap_stale_claims(timeout: float | None = None) -> int:
    """Claims older than the timeout belong to a worker that died: return them to pending."""
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=claim_timeout() if timeout is None else timeout)
    count = Delivery.objects.filter(state=Delivery.State.SENDING, claimed_at__lt=cutoff).update(
        state=Delivery.State.PENDING, claim=None, next_attempt_at=now, last_error="claim expired: the worker that held it stopped (it may have sent it)"
    )
    if count:
        logger.warning("returned %d stale claims to pending", count)
    return count


# --- E-mail ----------------------------------------------------------------------------------------------------


@dataclass
class SendResult:
    sent: list[int] = field(default_factory=list)
    retry: dict[int, float] = field(default_factory=dict)  # pk → delay
    failed: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    held: list[int] = field(default_factory=list)  # pending, but their webhook was just disabled


def send_emails(ids: list[int]) -> SendResult:
    """Send the due immediate e-mail deliveries among ``ids`` over one mail connection."""
    outcome = SendResult()
    rows = list(
        Delivery.objects.due()
        .filter(pk__in=ids, subscription__isnull=False, digest=False)
        .select_related(*SUBSCRIPTION_RELATED, *EVENT_RELATED)
        .order_by("pk")
    )
    if not rows:
        return outcome
    connection = get_connection()
    rendered: dict = {}  # the event's part, per language: the same for the whole batch
    try:
        for delivery in rows:
            token = claim(delivery)
            if token is None:
                continue
            subscription = delivery.subscription
            assert subscription is not None
            if not subscription.is_active:
                mark_skipped(delivery, token, "unsubscribed before it was sent")
                outcome.skipped.append(delivery.pk)
                continue
            try:
                message = event_email(delivery, rendered)
                message.connection = connection
                message.send()
            except Exception as exc:  # SMTP, socket, template: all mean "try again later"
                logger.warning("delivery %s: e-mail failed: %s", delivery.pk, exc, exc_info=True)
                _record_failure(outcome, delivery, mark_attempt_failed(delivery, token, f"{type(exc).__name__}: {exc}"))
                continue
            mark_sent(delivery, token)  # immediately: this is the window docs/ALERTS.md talks about
            outcome.sent.append(delivery.pk)
    finally:
        connection.close()
    return outcome


def _record_failure(outcome: SendResult, delivery: Delivery, delay: float | None) -> None:
    if delay is None:
        outcome.failed.append(delivery.pk)
    else:
        outcome.retry[delivery.pk] = delay


def send_digest(subscription_id: int) -> SendResult:
    """One message with every due digest delivery of the subscription. The set is claimed with one
    conditional UPDATE carrying a fresh claim token; only the rows with that token are ours."""
    outcome = SendResult()
    subscription = Subscription.objects.select_related("motion__kamerstuk", "dossier", "member", "party", "ministry").filter(pk=subscription_id).first()
    if subscription is None:
        return outcome
    token, now = uuid.uuid4(), timezone.now()
    taken = Delivery.objects.filter(subscription_id=subscription_id, digest=True, state=Delivery.State.PENDING, next_attempt_at__lte=now).update(
        state=Delivery.State.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1
    )
    if not taken:
        return outcome
    rows = list(Delivery.objects.filter(claim=token).select_related(*EVENT_RELATED).order_by("event__seq"))
    ours = Delivery.objects.filter(claim=token, state=Delivery.State.SENDING)
    if not subscription.is_active:
        ours.update(state=Delivery.State.SKIPPED, claim=None, next_attempt_at=None, last_error="unsubscribed before it was sent")
        outcome.skipped = [d.pk for d in rows]
        return outcome
    try:
        digest_email(subscription, rows).send()
    except Exception as exc:
        logger.warning("digest for subscription %s failed: %s", subscription_id, exc, exc_info=True)
        attempts = max(d.attempts for d in rows)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if attempts >= max_attempts():
            ours.update(state=Delivery.State.FAILED, claim=None, next_attempt_at=None, last_error=error)
            outcome.failed = [d.pk for d in rows]
        else:
            delay = backoff(attempts)
            ours.update(state=Delivery.State.PENDING, claim=None, next_attempt_at=timezone.now() + dt.timedelta(seconds=delay), last_error=error)
            outcome.retry = {d.pk: delay for d in rows}
        return outcome
    ours.update(state=Delivery.State.SENT, claim=None, sent_at=timezone.now())
    outcome.sent = [d.pk for d in rows]
    return outcome


# --- Webhooks --------------------------------------------------------------------------------------------------


def webhook_headers(delivery: Delivery, body: bytes, secret: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signing.HEADER: signing.sign(secret, body),
        signing.DELIVERY_HEADER: str(delivery.pk),
        signing.EVENT_HEADER: delivery.event.kind,
    }


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST and return the status and the start of the answer. The answer is streamed and cut
    off: a receiver cannot make us read (or store) megabytes."""
    timeout = float(settings.WEBHOOK_TIMEOUT_SECONDS)
    # No redirects: one could carry the signed body somewhere the owner did not register.
    with httpx.stream("POST", url, content=body, headers=headers, timeout=timeout, follow_redirects=False) as response:
        start = b""
        for chunk in response.iter_bytes():
            start += chunk
            if len(start) >= 300:
                break
    return response.status_code, start[:300].decode("utf-8", "replace")


def send_webhook(pk: int) -> SendResult:
    """POST one delivery to its webhook; on failure count it against the webhook (and disable it
    after WEBHOOK_MAX_FAILURES in a row) and schedule the next attempt."""
    outcome = SendResult()
    delivery = Delivery.objects.select_related("webhook", *EVENT_RELATED).filter(pk=pk, webhook__isnull=False).first()
    if delivery is None or delivery.state != Delivery.State.PENDING:
        return outcome
    webhook = delivery.webhook
    assert webhook is not None
    if not webhook.active:
        return outcome  # stays pending: re-enabling the webhook sends what piled up
    token = claim(delivery, webhook__active=True)
    if token is None:
        return outcome
    body = webhook_body(delivery)
    status: int | None = None
    try:
        status, text = _post(webhook.url, body, webhook_headers(delivery, body, webhook.secret))
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc or 'no response'}"
    else:
        if 200 <= status < 300:
            mark_sent(delivery, token, status=status)  # at once: the window docs/ALERTS.md talks about
            Webhook.objects.filter(pk=webhook.pk).update(consecutive_failures=0, last_success_at=timezone.now())
            outcome.sent.append(pk)
            return outcome
        error = f"HTTP {status}: {text}"
    delay = mark_attempt_failed(delivery, token, error, status=status)
    if webhook_failed(webhook.pk) and delay is not None:
        outcome.held.append(pk)
        return outcome
    _record_failure(outcome, delivery, delay)
    return outcome


def webhook_failed(webhook_id: int) -> bool:
    """Count one more failure in a row; True when that disabled the webhook."""
    Webhook.objects.filter(pk=webhook_id).update(consecutive_failures=F("consecutive_failures") + 1)
    disabled = Webhook.objects.filter(pk=webhook_id, active=True, consecutive_failures__gte=settings.WEBHOOK_MAX_FAILURES).update(
        active=False, disabled_at=timezone.now()
    )
    if disabled:
        logger.warning("webhook %s disabled after %d failures in a row", webhook_id, settings.WEBHOOK_MAX_FAILURES)
    return bool(disabled)


# --- What the sweep queues -------------------------------------------------------------------------------------


def due_for_queueing(*, grace: float = 60, limit: int = 5000) -> tuple[list[int], list[int]]:
    """Due deliveries that no task may be carrying (due for longer than ``grace``): their task was
    lost (broker down at fan-out, a retry that never came back). Queueing one twice is harmless."""
    cutoff = timezone.now() - dt.timedelta(seconds=grace)
    due = Delivery.objects.due(cutoff).order_by("next_attempt_at")
    emails = list(due.filter(subscription__isnull=False, digest=False).values_list("pk", flat=True)[:limit])
    webhooks = list(due.filter(webhook__active=True).values_list("pk", flat=True)[:limit])
    return emails, webhooks


def subscriptions_with_due_digests(now: dt.datetime | None = None) -> list[int]:
    return list(Delivery.objects.due(now).filter(digest=True).order_by().values_list("subscription_id", flat=True).distinct())
