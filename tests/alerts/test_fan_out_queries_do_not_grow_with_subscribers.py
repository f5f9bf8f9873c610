"""Fan-out is batched: one status change to 10 or to 1,000 subscribers takes the same number of
queries (the deliveries are copied inside the database), and sending costs a constant number of
queries per message."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts.delivery import send_emails
from alerts.fanout import fan_out
from alerts.models import Delivery, Subscription, Webhook
from motions.events import emit
from motions.models import Event

pytestmark = pytest.mark.django_db


def add_subscribers(motion, count: int, start: int = 0) -> None:
    confirmed = timezone.now() - timezone.timedelta(minutes=1)
    subjects = [("motion", {"motion": motion}), ("dossier", {"dossier": motion.kamerstuk.dossier}), ("ministry", {"ministry": motion.ministry})]
    rows = []
    for i in range(start, start + count):
        kind, fields = subjects[i % len(subjects)]
        row = Subscription(email=f"s{i}@example.org", subject_kind=kind, confirmed_at=confirmed, frequency="daily" if i % 5 == 0 else "immediate", **fields)
        row.subject_key = row.compute_subject_key()
        rows.append(row)
    Subscription.objects.bulk_create(rows)


def status_event(motion, new: str) -> None:
    emit(Event.Kind.STATUS_CHANGED, motion=motion, payload={"key": motion.kamerstuk.key, "old": "open", "new": new})


def test_fan_out_to_1000_subscribers_takes_as_many_queries_as_to_10(motion, staff_user, django_assert_num_queries):
    Webhook.objects.create(owner=staff_user, url="https://example.org/hook", subject_kind="motion", motion=motion)
    fan_out()  # the cursor row is made once, on the very first run
    add_subscribers(motion, 10)
    status_event(motion, "in_uitvoering")
    with CaptureQueriesContext(connection) as small:
        result = fan_out()
    assert result.deliveries == 11 and result.digests == 2

    add_subscribers(motion, 990, start=10)
    status_event(motion, "afgedaan")
    with django_assert_num_queries(len(small.captured_queries)):
        result = fan_out()
    assert result.deliveries == 1001 and result.digests == 200 and len(result.webhooks) == 1
    assert Delivery.objects.filter(event__payload__new="afgedaan").count() == 1001


def test_sending_costs_the_same_queries_per_message(motion, mailoutbox):
    add_subscribers(motion, 40)
    status_event(motion, "in_uitvoering")
    ids = fan_out().emails
    assert len(ids) == 32
    with CaptureQueriesContext(connection) as ten:
        send_emails(ids[:10])
    with CaptureQueriesContext(connection) as twenty:
        send_emails(ids[10:30])
    # One query loads the batch; then claim and mark: two per message.
    assert len(ten.captured_queries) == 1 + 2 * 10
    assert len(twenty.captured_queries) == 1 + 2 * 20
    assert len(mailoutbox) == 30
