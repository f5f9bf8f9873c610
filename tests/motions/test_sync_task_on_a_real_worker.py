"""The sync task queued through Redis and run by a real Celery worker, not eagerly: it syncs, and
while another sync holds the lease it skips without touching the API or the database."""

from __future__ import annotations

import pytest
from celery.signals import task_postrun

from motions.models import Motion
from motions.opendata.state import Lease, SyncLease
from motions.tasks import sync_opendata_task
from tests.alerts.conftest import wait_for
from tests.celery_support import real_worker  # noqa: F401  (fixture)

from .sync_support import SEED_KEYS, Sleeps, seed_server


@pytest.fixture
def finished():
    """The return values of the tasks the worker finished, in order."""
    results: list = []

    def record(sender=None, retval=None, **kwargs):
        if sender is not None and sender.name == sync_opendata_task.name:
            results.append(retval)

    task_postrun.connect(record, weak=False)
    yield results
    task_postrun.disconnect(record)


def test_a_queued_sync_runs_on_the_worker_and_skips_while_another_holds_the_lease(real_worker, finished, settings, monkeypatch):  # noqa: F811
    with seed_server() as fake:
        settings.TK_SYNCFEED_BASE_URL = fake.base_url
        monkeypatch.setattr("motions.tasks.CLIENT_OPTIONS", {"timeout": 5.0, "max_attempts": 1, "sleep": Sleeps()})

        held = Lease.acquire("opendata")
        sync_opendata_task.delay()
        assert wait_for(lambda: len(finished) == 1), "the worker did not run the task"
        assert "another open-data sync is running" in finished[0]["skipped"]
        assert fake.requests == [] and not Motion.objects.exists()

        held.release()
        sync_opendata_task.delay()
        assert wait_for(lambda: len(finished) == 2, 60), "the worker did not run the second task"
        assert finished[1]["created"] == 12 and finished[1]["errors"] == 0
        assert sorted(Motion.objects.values_list("kamerstuk__key", flat=True)) == sorted(SEED_KEYS)
        assert not SyncLease.objects.exclude(holder="").exists()  # the worker gave the lease back
