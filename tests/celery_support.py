"""Celery in tests: pointing the app at another broker, and a real worker on the local Redis."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# One Redis database per checkout that runs tests at the same time (TEST_REDIS_URL), db 10 by default.
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/10")


def switch_broker(app, url: str | None) -> None:
    """Point ``app`` at the broker ``url``: drop its connection and producer pools and kombu's
    shared ones too (a stopped test worker closes those, and the next publish would otherwise fail
    with 'Acquire on closed pool')."""
    from kombu import pools

    app.conf.broker_url = url
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def real_worker(transactional_db) -> Iterator:
    """A real Celery worker (in a thread of this process) on the local Redis, tasks not eager."""
    import redis
    from celery.contrib.testing.worker import start_worker

    from tracker.celery import app

    redis.Redis.from_url(REDIS).flushdb()  # nothing left over from an earlier run
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, result_backend=None)
    switch_broker(app, REDIS)
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=30):
            yield app
    finally:
        switch_broker(app, saved["broker_url"])
        app.conf.update(saved)
