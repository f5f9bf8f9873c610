"""A daily subscriber gets one message a day with everything since the last one; the deliveries
wait (pending, due at ALERTS_DIGEST_HOUR) and are claimed together, so none is sent twice."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from alerts.delivery import send_digest
from alerts.fanout import next_digest_at
from alerts.models import Delivery
from alerts.tasks import send_digests_task
from motions.events import emit
from motions.models import Event

from .conftest import follow

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_the_digest_is_due_at_the_next_digest_hour(settings):
    settings.ALERTS_DIGEST_HOUR = 7
    before = dt.datetime(2025, 3, 29, 6, 59, tzinfo=AMSTERDAM)
    assert next_digest_at(before) == dt.datetime(2025, 3, 29, 7, 0, tzinfo=AMSTERDAM)
    after = dt.datetime(2025, 3, 29, 7, 0, tzinfo=AMSTERDAM)
    assert next_digest_at(after) == dt.datetime(2025, 3, 30, 7, 0, tzinfo=AMSTERDAM)  # across the clock change
    assert next_digest_at(after).utcoffset() == dt.timedelta(hours=2)


def test_one_message_collects_the_day(motion, mailoutbox, change_status, fan_out):
    daily = follow("daily@example.org", "motion", motion, frequency="daily")
    follow("now@example.org", "motion", motion)
    change_status(motion, "in_uitvoering", "Begonnen.")
    emit(Event.Kind.VOTE_RECORDED, motion=motion, payload={"key": "35207-83", "outcome": "aangenomen"})
    fan_out()
    assert [m.to[0] for m in mailoutbox] == ["now@example.org", "now@example.org"]
    waiting = Delivery.objects.filter(subscription=daily)
    assert waiting.count() == 2 and set(waiting.values_list("state", "digest")) == {("pending", True)}
    assert all(d.next_attempt_at > timezone.now() for d in waiting)
    assert send_digests_task() == 0  # not yet the hour

    waiting.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))  # the hour has come
    mailoutbox.clear()
    assert send_digests_task() == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["daily@example.org"]
    assert message.subject == "[Motietracker] Dagelijks overzicht: 2 berichten over motie 35207-83"
    assert "De uitvoeringsstatus ging van open naar in uitvoering." in message.body and "Stemmingsuitslag" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(waiting.values_list("state", flat=True)) == {"sent"}

    assert send_digest(daily.pk).sent == [] and send_digests_task() == 0
    assert len(mailoutbox) == 1


def test_a_failed_digest_waits_and_is_sent_whole_later(motion, mailoutbox, change_status, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens there
    daily = follow("daily@example.org", "motion", motion, frequency="daily")
    change_status(motion, "in_uitvoering")
    Delivery.objects.update(next_attempt_at=timezone.now())
    result = send_digest(daily.pk)
    delivery = Delivery.objects.get()
    assert result.retry and delivery.state == "pending" and delivery.attempts == 1 and "Connection" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert send_digest(daily.pk).sent == [delivery.pk]
    assert len(mailoutbox) == 1
