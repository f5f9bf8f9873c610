"""End to end with a real Celery worker on the local Redis: subscribe on the page, confirm by the
mailed link, receive the status change, unsubscribe with one click, receive nothing more."""

import re

import pytest
from django.conf import settings
from django.test import Client

from alerts.models import Delivery, FanoutCursor
from motions.models import Event, Motion
from motions.services import record_status

from .conftest import wait_for

pytestmark = [pytest.mark.redis]


def test_subscribe_confirm_receive_unsubscribe(real_worker, demo, bz_staff, mailoutbox):
    motion = Motion.objects.get(kamerstuk__key="35207-83")
    client = Client()
    response = client.post("/meldingen/aanmelden/", {"subject_kind": "motion", "subject_id": motion.pk, "email": "assistent@example.org", "language": "nl", "frequency": "immediate"})
    assert response.status_code == 302
    assert wait_for(lambda: len(mailoutbox) == 1), "no confirmation mail"
    link = re.search(r"https?://\S+/meldingen/bevestigen/\S+/", mailoutbox[0].body).group(0)
    assert client.post(link.removeprefix(settings.SITE_URL)).status_code == 200

    record_status(motion, to="in_uitvoering", by=bz_staff, reason="Het kabinet is begonnen.")
    assert wait_for(lambda: Delivery.objects.filter(state="sent").exists()), "no message about the status change"
    assert len(mailoutbox) == 2
    message = mailoutbox[1]
    assert message.subject == "[Motietracker] 35207-83: status in uitvoering"
    assert "Het kabinet is begonnen." in message.body and message.alternatives
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")

    one_click = Client(enforce_csrf_checks=True).post(unsubscribe.removeprefix(settings.SITE_URL), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert one_click.status_code == 200

    record_status(motion, to="afgedaan", by=bz_staff, reason="Klaar.")
    last = Event.objects.order_by("-seq").first().seq
    assert wait_for(lambda: FanoutCursor.objects.filter(seq__gte=last).exists()), "the fan-out never ran"
    assert len(mailoutbox) == 2 and Delivery.objects.count() == 1
