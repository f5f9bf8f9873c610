"""What a lost task would leave behind is picked up by the sweep (every minute on the beat):
deliveries never queued because the broker was down, claims of a worker that died, and
confirmation mails that were asked for but never sent."""

import pytest
from django.utils import timezone

from alerts import services
from alerts.fanout import fan_out
from alerts.models import Delivery, Subscription
from alerts.tasks import sweep_task
from motions.events import emit
from motions.models import Event
from tracker.celery import app

from .conftest import follow, switch_broker

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down():
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    app.conf.task_always_eager = False
    switch_broker(app, "redis://127.0.0.1:1/0")  # nothing listens there
    yield
    switch_broker(app, saved["broker_url"])
    app.conf.update(saved)


def status_event(motion) -> None:
    emit(Event.Kind.STATUS_CHANGED, motion=motion, payload={"key": "35207-83", "old": "open", "new": "afgedaan"})


def test_deliveries_made_while_the_broker_was_down_are_sent_by_the_sweep(motion, mailoutbox, broker_down, django_capture_on_commit_callbacks, request):
    follow("a@example.org", "motion", motion)
    status_event(motion)
    with django_capture_on_commit_callbacks(execute=True):
        result = fan_out()  # queueing fails after commit; the fan-out itself does not
    assert len(result.emails) == 1 and Delivery.objects.get().state == "pending"

    request.getfixturevalue("broker_down")  # (already active) — the broker comes back:
    switch_broker(app, "memory://")
    app.conf.task_always_eager = True
    assert sweep_task(grace=0)["emails"] == 1
    assert Delivery.objects.get().state == "sent" and len(mailoutbox) == 1


def test_a_dead_worker_s_claim_is_reaped_and_sent(motion, mailoutbox, settings):
    settings.ALERTS_CLAIM_TIMEOUT_SECONDS = 60
    follow("a@example.org", "motion", motion)
    status_event(motion)
    fan_out()
    Delivery.objects.update(state="sending", claimed_at=timezone.now() - timezone.timedelta(minutes=2), attempts=1)
    outcome = sweep_task(grace=0)
    assert outcome["reaped"] == 1 and outcome["emails"] == 1
    assert Delivery.objects.get().state == "sent" and len(mailoutbox) == 1


def test_a_confirmation_that_was_never_sent_is_sent(motion, mailoutbox):
    subscription = services.subscribe(email="a@example.org", subject={"subject_kind": "motion", "motion": motion})  # on_commit never ran
    Subscription.objects.filter(pk=subscription.pk).update(confirmation_requested_at=timezone.now() - timezone.timedelta(minutes=5))
    assert not mailoutbox
    assert sweep_task(grace=60)["confirmations"] == 1
    assert len(mailoutbox) == 1
    assert sweep_task(grace=60)["confirmations"] == 0  # sent once
