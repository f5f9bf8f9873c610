"""A receiver that does not answer within WEBHOOK_TIMEOUT_SECONDS counts as a failure; after
WEBHOOK_MAX_FAILURES in a row the webhook is disabled, what it still had to get waits, and
turning it back on sends that. A refused connection and a non-2xx answer count the same way."""

import pytest
from django.utils import timezone

from alerts.delivery import send_webhook
from alerts.fanout import fan_out
from alerts.models import Delivery, Webhook
from alerts.services import enable_webhook
from motions.events import emit
from motions.models import Event

from .receivers import Receiver

pytestmark = pytest.mark.django_db


def status_event(motion, new: str) -> None:
    emit(Event.Kind.STATUS_CHANGED, motion=motion, payload={"key": "35207-83", "old": "open", "new": new})


def due_now() -> None:
    Delivery.objects.filter(state="pending").update(next_attempt_at=timezone.now())


def test_timeouts_disable_the_webhook_and_enabling_sends_the_backlog(motion, staff_user, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    settings.WEBHOOK_MAX_FAILURES = 2
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    receiver = Receiver(delay=1.5)
    try:
        webhook = Webhook.objects.create(owner=staff_user, url=receiver.url, subject_kind="motion", motion=motion)
        status_event(motion, "in_uitvoering")
        delivery_id = fan_out().webhooks[0]  # not sent yet: on_commit callbacks are not run here

        first = send_webhook(delivery_id)
        delivery = Delivery.objects.get(pk=delivery_id)
        assert first.retry and delivery.state == "pending" and "Timeout" in delivery.last_error and delivery.response_status is None
        assert delivery.next_attempt_at > timezone.now()
        assert send_webhook(delivery_id).sent == []  # not due yet: nothing happens

        due_now()
        second = send_webhook(delivery_id)
        webhook.refresh_from_db()
        assert second.held == [delivery_id]
        assert not webhook.active and webhook.disabled_at is not None and webhook.consecutive_failures == 2

        status_event(motion, "afgedaan")
        assert fan_out().webhooks == []  # a disabled webhook gets no new deliveries
        due_now()
        assert send_webhook(delivery_id).sent == []  # nor is the waiting one sent
        assert Delivery.objects.get(pk=delivery_id).attempts == 2

        receiver.delay = 0
        with django_capture_on_commit_callbacks(execute=True):
            enable_webhook(webhook)
        webhook.refresh_from_db()
        assert webhook.active and webhook.consecutive_failures == 0
        assert Delivery.objects.get(pk=delivery_id).state == "sent"
        assert len(receiver.accepted()) == 1
    finally:
        receiver.close()


def test_a_refused_connection_and_an_error_status_are_failures(motion, staff_user, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    refused = Webhook.objects.create(owner=staff_user, url="http://127.0.0.1:1/hook", subject_kind="motion", motion=motion)
    status_event(motion, "in_uitvoering")
    [delivery_id] = fan_out().webhooks
    assert send_webhook(delivery_id).retry
    delivery = Delivery.objects.get(pk=delivery_id)
    assert "ConnectError" in delivery.last_error and delivery.attempts == 1
    refused.refresh_from_db()
    assert refused.consecutive_failures == 1


def test_a_delivery_gives_up_after_the_maximum_number_of_attempts(motion, staff_user, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    settings.ALERTS_MAX_ATTEMPTS = 3
    settings.WEBHOOK_MAX_FAILURES = 100
    receiver = Receiver(fail_first=100)
    try:
        Webhook.objects.create(owner=staff_user, url=receiver.url, subject_kind="motion", motion=motion)
        status_event(motion, "in_uitvoering")
        [delivery_id] = fan_out().webhooks
        for _ in range(3):
            due_now()
            send_webhook(delivery_id)
        delivery = Delivery.objects.get(pk=delivery_id)
        assert (delivery.state, delivery.attempts, delivery.response_status, delivery.next_attempt_at) == ("failed", 3, 500, None)
        assert len(receiver.receipts) == 3
    finally:
        receiver.close()
