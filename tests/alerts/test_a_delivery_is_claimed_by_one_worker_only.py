"""The Flip pattern: a delivery is sent only by the worker whose conditional UPDATE took it from
pending to sending; only that claim can mark it sent; a claim whose worker died is returned to
pending by the reaper after the timeout, and the message then goes out with the same Message-ID."""

import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from alerts.delivery import claim, mark_sent, reap_stale_claims, send_emails
from alerts.fanout import fan_out
from alerts.models import Delivery
from motions.events import emit
from motions.models import Event

from .conftest import follow


def one_delivery(motion) -> Delivery:
    follow("a@example.org", "motion", motion)
    emit(Event.Kind.STATUS_CHANGED, motion=motion, payload={"key": "35207-83", "old": "open", "new": "afgedaan"})
    fan_out()
    return Delivery.objects.get()


@pytest.mark.django_db
def test_only_one_claim_wins_and_only_it_can_finish(motion):
    delivery = one_delivery(motion)
    rival = Delivery.objects.get(pk=delivery.pk)
    token = claim(delivery)
    assert token is not None
    assert claim(rival) is None  # the other worker read the same row, but lost
    assert not mark_sent(rival, uuid.uuid4())  # and cannot finish what is not its claim
    assert mark_sent(delivery, token)
    assert Delivery.objects.get().state == "sent"
    assert claim(Delivery.objects.get()) is None  # sent is final


@pytest.mark.django_db
def test_the_same_batch_sent_twice_sends_each_message_once(motion, mailoutbox):
    delivery = one_delivery(motion)
    send_emails([delivery.pk])
    send_emails([delivery.pk])  # a task delivered twice by the broker
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_the_reaper_returns_only_stale_claims_and_the_resend_keeps_its_message_id(motion, mailoutbox):
    delivery = one_delivery(motion)
    token = claim(delivery)
    assert reap_stale_claims(timeout=300) == 0  # a live claim is left alone
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=timezone.now() - timezone.timedelta(minutes=6))
    assert reap_stale_claims(timeout=300) == 1
    reaped = Delivery.objects.get()
    assert reaped.state == "pending" and reaped.claim is None and "claim expired" in reaped.last_error
    assert not mark_sent(delivery, token)  # the dead worker's claim is void, should it wake up

    send_emails([delivery.pk])
    assert len(mailoutbox) == 1 and mailoutbox[0].extra_headers["Message-ID"] == f"<alert.{delivery.pk}@127.0.0.1>"
    assert Delivery.objects.get().attempts == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_workers_on_the_same_batch_send_each_message_once(demo, mailoutbox, tasks_not_run):
    from motions.models import Motion

    motion = Motion.objects.select_related("kamerstuk").get(kamerstuk__key="35207-83")
    for i in range(60):
        follow(f"s{i}@example.org", "motion", motion)
    emit(Event.Kind.STATUS_CHANGED, motion=motion, payload={"key": "35207-83", "old": "open", "new": "afgedaan"})
    ids = fan_out().emails
    assert len(ids) == 60 and not mailoutbox  # queued, not sent: the four workers below do that
    barrier = threading.Barrier(4)

    def worker() -> None:
        try:
            barrier.wait()
            send_emails(ids)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(f"s{i}@example.org" for i in range(60))
    assert set(Delivery.objects.values_list("state", "attempts")) == {("sent", 1)}
