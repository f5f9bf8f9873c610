"""A worker process is killed (SIGKILL) in the middle of sending a status change to 800 e-mail
subscribers and 20 webhooks; a fresh worker finishes. Counted where the messages arrive (the file
e-mail backend's files, a local HTTP receiver): every (subscriber, event) pair arrives, and only
the one delivery that was in flight at the kill — returned by the reaper — may arrive twice, with
the same Message-ID / delivery id so the receiver can tell (the residual risk in docs/ALERTS.md).

Real worker processes on the local Redis and the PostgreSQL test database; nothing mocked.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from alerts import signing
from alerts.delivery import reap_stale_claims
from alerts.models import Delivery, Subscription, Webhook
from alerts.tasks import sweep_task
from motions.models import Motion
from motions.services import record_status
from tracker.celery import app

from .conftest import switch_broker, wait_for
from .receivers import Receiver

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BROKER = "redis://127.0.0.1:6379/11"
EMAILS = 800
WEBHOOKS = 20


def worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--pool=solo", "--loglevel=warning", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def message_ids(folder: Path) -> Counter:
    """Message-IDs of every message Django's file backend wrote, however many files it used."""
    found: Counter = Counter()
    for path in folder.glob("*.log"):
        found.update(re.findall(rb"^Message-ID: (<[^>]+>)", path.read_bytes(), re.M))
    return found


def sent() -> int:
    return Delivery.objects.filter(state="sent").count()


def test_a_killed_worker_loses_and_doubles_nothing(tmp_path, demo, bz_staff):
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    mail_dir = tmp_path / "mail"
    motion = Motion.objects.select_related("kamerstuk").get(kamerstuk__key="35207-83")
    confirmed = timezone.now() - timezone.timedelta(minutes=1)
    rows = [Subscription(email=f"s{i}@example.org", subject_kind="motion", motion=motion, confirmed_at=confirmed) for i in range(EMAILS)]
    for row in rows:
        row.subject_key = row.compute_subject_key()
    Subscription.objects.bulk_create(rows)
    receiver = Receiver(delay=0.05)  # slow enough that the kill lands while work is left; signatures are checked below
    hooks = [Webhook.objects.create(owner=bz_staff, url=receiver.url, subject_kind="motion", motion=motion) for _ in range(WEBHOOKS)]
    secrets = {h.pk: h.secret for h in hooks}

    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "CELERY_BROKER_URL": BROKER,
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    app.conf.task_always_eager = False
    switch_broker(app, BROKER)
    try:
        first = worker(env)
        try:
            record_status(motion, to="in_uitvoering", by=bz_staff, reason="Begonnen.")  # the nudge queues the fan-out
            total = EMAILS + WEBHOOKS
            started = wait_for(lambda: sent() >= 250, 60)
            assert started, first.stderr.read().decode() if first.poll() is not None else f"only {sent()} sent"
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                first.kill()
        assert Delivery.objects.count() == total  # the fan-out had committed: every pair is in the ledger
        at_kill = sent()
        assert at_kill < total, "the worker finished before it was killed; nothing was tested"
        in_flight = list(Delivery.objects.filter(state="sending").values_list("pk", flat=True))
        assert len(in_flight) <= 1  # one claim at a time per worker: at most one message in doubt

        # The worker is dead, so every claim is stale; the beat's sweep would do this after
        # ALERTS_CLAIM_TIMEOUT_SECONDS, and queue what the dead worker's tasks still carried.
        assert reap_stale_claims(timeout=0) == len(in_flight)
        sweep_task(grace=0)

        second = worker(env)
        try:
            assert wait_for(lambda: sent() == total, 120), f"{sent()} of {total} sent"
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=30)
    finally:
        switch_broker(app, saved["broker_url"])
        app.conf.update(saved)
        receiver.close()

    deliveries = {d.pk: d for d in Delivery.objects.select_related("subscription")}
    reaped = {pk for pk, d in deliveries.items() if d.last_error.startswith("claim expired")}
    assert reaped == set(in_flight)

    # E-mail: every subscriber's message arrived, once — or, for the one in flight, perhaps twice.
    arrived = message_ids(mail_dir)
    expected = {f"<alert.{pk}@127.0.0.1>".encode(): pk for pk, d in deliveries.items() if d.subscription_id}
    assert set(arrived) == set(expected)
    for message_id, count in arrived.items():
        assert count == 1 or (count == 2 and expected[message_id] in reaped), (message_id, count)

    # Webhooks: every delivery accepted, signed, once — the same rule for the one in flight.
    accepted = Counter(int(r.headers[signing.DELIVERY_HEADER]) for r in receiver.accepted())
    assert set(accepted) == {pk for pk, d in deliveries.items() if d.webhook_id}
    for pk, count in accepted.items():
        assert count == 1 or (count == 2 and pk in reaped), (pk, count)
    for receipt in receiver.accepted():
        signing.verify(secrets[receipt.json["webhook"]], receipt.body, receipt.headers[signing.HEADER], tolerance=600)
    assert sum(arrived.values()) + sum(accepted.values()) <= EMAILS + WEBHOOKS + len(reaped)
    print(f"killed after {at_kill} of {EMAILS + WEBHOOKS}; in flight: {len(in_flight)}; duplicates: {sum(arrived.values()) + sum(accepted.values()) - EMAILS - WEBHOOKS}")
