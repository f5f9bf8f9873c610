"""A worker is killed (SIGKILL) while it processes a letter: the task runs again, safely, once.

Real worker processes on the local Redis and the PostgreSQL test database; nothing mocked.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from letters.ingest import enqueue_letter, store_letter
from letters.models import Citation, Letter
from motions.models import Kamerstuk
from tests.celery_support import switch_broker
from tracker.celery import app

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BROKER = "redis://127.0.0.1:6379/13"


def big_letter(papers: int = 2500) -> bytes:
    """Thousands of distinct citations: linking them takes long enough to be killed in the middle."""
    lines = ["Geachte voorzitter,", ""]
    for i in range(papers):
        lines.append(f"Conform de motie {40000 + i // 50}, nr. {i % 50 + 1} van het lid Jansen zet het kabinet zich in.")
    return "\n\n".join(lines).encode()


def worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--pool=solo", "--loglevel=warning", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_killed_worker_loses_and_doubles_nothing(tmp_path):
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "CELERY_BROKER_URL": BROKER,
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    letter, _ = store_letter(big_letter(), "groot.txt")
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False)
    switch_broker(app, BROKER)
    try:
        assert enqueue_letter(letter.pk)
        first = worker(env)
        try:
            started = wait_for(lambda: Letter.objects.get(pk=letter.pk).state == "processing", 60)
            assert started, first.stderr.read().decode() if first.poll() is not None else "worker never started"
            time.sleep(1.0)  # well inside the linking
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                first.kill()
        assert Letter.objects.get(pk=letter.pk).state != "done"
        assert Citation.objects.filter(letter=letter).count() == 0  # the killed transaction left nothing

        second = worker(env)  # Redis delivers the unacknowledged task again after the visibility timeout
        try:
            assert wait_for(lambda: Letter.objects.get(pk=letter.pk).state == "done", 180), "the task never ran again"
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=30)
    finally:
        switch_broker(app, saved["broker_url"])
        app.conf.update(saved)
    letter.refresh_from_db()
    assert letter.attempts >= 2
    assert Citation.objects.filter(letter=letter).count() == 2500  # every citation exactly once
    assert Kamerstuk.objects.filter(key__startswith="40000-").count() == 50  # placeholders not doubled
