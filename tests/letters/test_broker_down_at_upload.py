"""The broker is down when a letter is uploaded: the upload is stored, and processed once it returns.

A real Celery worker on the local Redis; the broker that is "down" is a closed port.
"""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse

from letters.models import Letter
from letters.tasks import requeue_letters
from tests.celery_support import switch_broker as _switch
from tracker.celery import app

from .documents import SEED_LETTER


def switch_broker(url: str) -> None:
    _switch(app, url)

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

REDIS = "redis://127.0.0.1:6379/14"


@pytest.fixture
def real_celery():
    import redis

    redis.Redis.from_url(REDIS).flushdb()  # no message left over from an earlier run
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "result_backend", "broker_transport_options")}
    app.conf.update(task_always_eager=False, result_backend=None)
    yield app
    switch_broker(saved["broker_url"])
    app.conf.update(saved)


def test_an_upload_survives_a_dead_broker_and_is_processed_when_it_returns(client, django_user_model, real_celery):
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "a-long-test-password")
    client.force_login(admin)
    switch_broker("redis://127.0.0.1:1/0")  # nothing listens there
    upload = SimpleUploadedFile("brief.txt", SEED_LETTER.read_bytes())
    response = client.post(reverse("admin:letters_letter_add"), {"file": upload, "title": "Tijdens storing"})
    assert response.status_code == 302  # the user is not told to come back later: it is stored
    letter = Letter.objects.get()
    assert letter.state == "queued" and letter.enqueued_at is None and letter.file.size > 0

    switch_broker(REDIS)  # the broker returns
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        assert requeue_letters() == 1
        for _ in range(100):
            try:
                letter.refresh_from_db()
            except OperationalError:  # SQLite's shared in-memory test database: the worker's write holds the table
                pass
            if letter.state == "done":
                break
            __import__("time").sleep(0.1)
    assert letter.state == "done" and letter.enqueued_at is not None
    assert letter.citations.filter(target="motion").count() == 12  # once, not twice
    assert requeue_letters() == 0  # nothing left behind
