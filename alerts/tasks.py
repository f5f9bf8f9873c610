"""Celery tasks of the alerts app: thin, by primary key, safe to run twice (the claims make them so).

Beat (alerts/apps.py): ``fan_out_task`` and ``sweep_task`` every minute, ``send_digests_task``
every quarter of an hour (a digest is due once a day per subscriber, at ALERTS_DIGEST_HOUR).
Between beats, ``motions.services.status_recorded`` nudges the fan-out right after commit.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError, close_old_connections

from . import delivery
from .fanout import fan_out_all, queue_email_batches
from .services import confirmations_to_send, send_confirmation

logger = logging.getLogger("alerts.tasks")

def _eager() -> bool:
    return bool(send_emails_task.app.conf.task_always_eager)


def _schedule_retries(result: delivery.SendResult, *, webhook: bool) -> None:
    # Eagerly (no broker) a countdown would run the retry at once, before it is due: the
    # sweep picks those up instead.
    if _eager():
        return
    for pk, delay in result.retry.items():
        if webhook:
            send_webhook_delivery.apply_async((pk,), countdown=delay + 0.5)
        else:
            send_emails_task.apply_async(([pk],), countdown=delay + 0.5)


@shared_task(bind=True, acks_late=True, max_retries=5)
def fan_out_task(self) -> dict:
    try:
        result = fan_out_all()
    except (OperationalError, InterfaceError) as exc:
        close_old_connections()
        raise self.retry(exc=exc, countdown=10)
    return {"events": result.events, "seq": result.seq, "emails": len(result.emails), "digests": result.digests, "webhooks": len(result.webhooks)}


@shared_task(acks_late=True)
def send_emails_task(ids: list[int]) -> dict:
    result = delivery.send_emails([int(pk) for pk in ids])
    _schedule_retries(result, webhook=False)
    return {"sent": len(result.sent), "retry": len(result.retry), "failed": len(result.failed), "skipped": len(result.skipped)}


@shared_task(acks_late=True)
def send_webhook_delivery(pk: int) -> dict:
    result = delivery.send_webhook(int(pk))
    _schedule_retries(result, webhook=True)
    return {"sent": len(result.sent), "retry": len(result.retry), "failed": len(result.failed), "held": len(result.held)}


@shared_task(acks_late=True)
def send_digest_task(subscription_id: int) -> dict:
    result = delivery.send_digest(int(subscription_id))
    return {"sent": len(result.sent), "retry": len(result.retry), "failed": len(result.failed), "skipped": len(result.skipped)}


@shared_task
def send_digests_task() -> int:
    ids = delivery.subscriptions_with_due_digests()
    for pk in ids:
        send_digest_task.delay(pk)
    return len(ids)


@shared_task(bind=True, acks_late=True, max_retries=5)
def send_confirmation_task(self, subscription_id: int) -> bool:
    try:
        return send_confirmation(int(subscription_id))
    except Exception as exc:  # SMTP down: try again; the sweep also resends unsent confirmations
        raise self.retry(exc=exc, countdown=60)


@shared_task
def sweep_task(grace: float = 60) -> dict:
    """The safety net: return dead workers' claims, and queue what no task carries any more."""
    reaped = delivery.reap_stale_claims()
    emails, webhooks = delivery.due_for_queueing(grace=grace)
    queue_email_batches(emails)
    for pk in webhooks:
        send_webhook_delivery.delay(pk)
    confirmations = confirmations_to_send(grace=grace)
    for pk in confirmations:
        send_confirmation_task.delay(pk)
    return {"reaped": reaped, "emails": len(emails), "webhooks": len(webhooks), "confirmations": len(confirmations)}
