"""Each webhook request is signed: HMAC-SHA256 over "<timestamp>.<body>" with the webhook's secret,
in ``Motietracker-Signature: t=…,v1=…``. A receiver verifies it (alerts.signing.verify, the code
docs/ALERTS.md shows) and refuses changed bodies, other secrets and replays older than 5 minutes."""

import json
import time

import pytest

from alerts import signing
from alerts.models import Delivery, Webhook

from .receivers import Receiver


def test_a_signature_verifies_and_nothing_else_does():
    body = b'{"id":1}'
    now = 1_750_000_000
    header = signing.sign("whsec_a", body, timestamp=now)
    assert header == f"t={now},v1={signing.compute('whsec_a', now, body)}"
    assert signing.verify("whsec_a", body, header, now=now + 299) == now
    for secret, payload, stamp in (("whsec_b", body, now), ("whsec_a", b'{"id":2}', now), ("whsec_a", body, now + 301), ("whsec_a", body, now - 301)):
        with pytest.raises(signing.SignatureError):
            signing.verify(secret, payload, header, now=stamp)
    for bad in (None, "", "v1=abc", "t=now,v1=abc", f"t={now}"):
        with pytest.raises(signing.SignatureError):
            signing.verify("whsec_a", body, bad, now=now)
    # During a rotation a header may carry two signatures; one good one is enough.
    two = f"t={now},v1={'0' * 64},v1={signing.compute('whsec_a', now, body)}"
    assert signing.verify("whsec_a", body, two, now=now) == now


@pytest.mark.django_db
def test_a_status_change_arrives_signed_with_its_idempotency_key(motion, staff_user, change_status, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    receiver = Receiver(secret="")
    try:
        webhook = Webhook.objects.create(owner=staff_user, url=receiver.url, subject_kind="motion", motion=motion)
        receiver.secret = webhook.secret
        change_status(motion, "in_uitvoering", "Begonnen.")
        assert len(receiver.receipts) == 1
        receipt = receiver.receipts[0]
        assert receipt.signature_ok and receipt.answered == 200
        delivery = Delivery.objects.get()
        assert receipt.headers[signing.DELIVERY_HEADER] == str(delivery.pk)
        assert receipt.headers[signing.EVENT_HEADER] == "status_changed"
        assert receipt.headers["Content-Type"] == "application/json"
        body = receipt.json
        assert body["id"] == delivery.pk and body["type"] == "status_changed" and body["webhook"] == webhook.pk
        assert body["event"]["seq"] == delivery.event.seq and body["event"]["payload"]["new"] == "in_uitvoering"
        assert body["motion"] == {
            "key": "35207-83",
            "title": motion.title,
            "url": f"{settings.SITE_URL}/moties/35207-83/",
            "api_url": f"{settings.SITE_URL}/api/v1/motions/35207-83/",
        }
        assert delivery.state == "sent" and delivery.response_status == 200
        # A captured request replayed later is refused by a receiver that checks the time.
        with pytest.raises(signing.SignatureError):
            signing.verify(webhook.secret, receipt.body, receipt.headers[signing.HEADER], now=time.time() + 301)
    finally:
        receiver.close()


@pytest.mark.django_db
def test_a_webhook_for_everything_gets_every_alert_and_can_choose_kinds(motion, staff_user, fan_out, settings):
    from motions.events import emit
    from motions.models import Event

    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    everything = Receiver()
    votes_only = Receiver()
    try:
        Webhook.objects.create(owner=staff_user, url=everything.url, subject_kind="all")
        Webhook.objects.create(owner=staff_user, url=votes_only.url, subject_kind="dossier", dossier=motion.kamerstuk.dossier, kinds=["vote_recorded"])
        emit(Event.Kind.STATUS_CHANGED, motion=motion, payload={"key": "35207-83", "old": "open", "new": "afgedaan"})
        emit(Event.Kind.VOTE_RECORDED, motion=motion, payload={"key": "35207-83", "outcome": "aangenomen"})
        emit(Event.Kind.ASSIGNED, motion=motion, payload={"key": "35207-83"})
        fan_out()
        assert sorted(json.loads(r.body)["type"] for r in everything.receipts) == ["status_changed", "vote_recorded"]
        assert [json.loads(r.body)["type"] for r in votes_only.receipts] == ["vote_recorded"]
    finally:
        everything.close()
        votes_only.close()
