"""A receiver that answers 500 twice and then 200 gets the event once: three signed attempts with
the same delivery id and the same body, backing off in between, one accepted, then nothing more.
A real Celery worker on the local Redis does the work, nudged by the status change itself."""

import time

import pytest

from alerts import signing
from alerts.models import Delivery, Webhook
from motions.models import Motion
from motions.services import record_status

from .conftest import wait_for
from .receivers import Receiver

pytestmark = [pytest.mark.redis]


def test_three_signed_attempts_one_accepted(real_worker, demo, bz_staff, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    settings.ALERTS_RETRY_BASE_SECONDS = 0.3
    motion = Motion.objects.get(kamerstuk__key="35207-83")
    receiver = Receiver(fail_first=2)
    try:
        webhook = Webhook.objects.create(owner=bz_staff, url=receiver.url, subject_kind="motion", motion=motion)
        receiver.secret = webhook.secret
        started = time.monotonic()
        record_status(motion, to="in_uitvoering", by=bz_staff, reason="Begonnen.")  # commits; the nudge queues the fan-out
        assert wait_for(lambda: Delivery.objects.filter(state="sent").exists(), 30), list(Delivery.objects.values())
        elapsed = time.monotonic() - started
        time.sleep(1.5)  # long enough for any stray fourth attempt to show up

        assert [r.answered for r in receiver.receipts] == [500, 500, 200]
        assert all(r.signature_ok for r in receiver.receipts)
        assert len(receiver.accepted()) == 1
        delivery = Delivery.objects.get()
        assert {r.headers[signing.DELIVERY_HEADER] for r in receiver.receipts} == {str(delivery.pk)}
        assert len({r.body for r in receiver.receipts}) == 1  # same body every time: the receiver can deduplicate
        assert (delivery.state, delivery.attempts, delivery.response_status) == ("sent", 3, 200)
        assert "HTTP 500" in delivery.last_error  # the log keeps why it took three tries
        assert elapsed >= 0.3 + 0.6  # it backed off: base, then twice the base
        webhook.refresh_from_db()
        assert webhook.consecutive_failures == 0 and webhook.active and webhook.last_success_at is not None
    finally:
        receiver.close()
