"""The beat's sync task: thin, scheduled every OPENDATA_SYNC_MINUTES, never twice at once, retried when the feed is down."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone

from motions.models import Motion
from motions.opendata.state import Lease, SyncLease
from motions.tasks import sync_opendata_task
from tests.fake_syncfeed import FakeSyncFeed

from .sync_support import Sleeps, seed_server

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake(settings, monkeypatch) -> Iterator[FakeSyncFeed]:
    with seed_server() as server:
        settings.TK_SYNCFEED_BASE_URL = server.base_url
        monkeypatch.setattr("motions.tasks.CLIENT_OPTIONS", {"timeout": 5.0, "max_attempts": 1, "sleep": Sleeps()})
        yield server


def test_the_task_runs_the_sync_and_returns_its_counts(fake):
    result = sync_opendata_task.delay().get()
    assert result["created"] == 12 and result["errors"] == 0
    assert Motion.objects.count() == 12
    assert not SyncLease.objects.exclude(holder="").exists()  # released


def test_while_another_sync_holds_the_lease_the_task_skips(fake):
    held = Lease.acquire("opendata")
    result = sync_opendata_task.delay().get()
    assert "another open-data sync is running" in result["skipped"]
    assert not fake.requests and not Motion.objects.exists()
    held.release()
    assert sync_opendata_task.delay().get()["created"] == 12


def test_an_expired_lease_is_taken_over(fake):
    Lease.acquire("opendata")
    SyncLease.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))  # its holder stopped renewing
    assert sync_opendata_task.delay().get()["created"] == 12


def test_the_task_is_retried_when_the_feed_is_unreachable(fake):
    from tracker.celery import app

    # Eagerly, a retry runs at once instead of after its countdown (when errors do not propagate).
    propagates = app.conf.task_eager_propagates
    app.conf.update(task_eager_propagates=False)
    try:
        fake.faults = ["503", "503"]  # the first two runs find the feed down (one attempt each)
        result = sync_opendata_task.delay()
        assert result.get()["created"] == 12
    finally:
        app.conf.update(task_eager_propagates=propagates)
    assert fake.faults == [] and len(fake.requests) == 2 + result.get()["pages"]  # two failed runs, then one that read every page
    assert Motion.objects.count() == 12


def beat_schedule(minutes: str | None) -> str:
    env = {**os.environ, "DEBUG": "1"}
    env.pop("OPENDATA_SYNC_MINUTES", None)
    if minutes is not None:
        env["OPENDATA_SYNC_MINUTES"] = minutes
    code = "from django.conf import settings; print(settings.CELERY_BEAT_SCHEDULE.get('opendata-sync'))"
    return subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120).stdout.strip()


@pytest.mark.parametrize("minutes, expected", [(None, "900.0"), ("5", "300.0"), ("0", "None")])
def test_the_beat_runs_it_every_opendata_sync_minutes(minutes, expected):
    line = beat_schedule(minutes)
    assert expected in line
    if expected != "None":
        assert "'task': 'motions.tasks.sync_opendata_task'" in line
