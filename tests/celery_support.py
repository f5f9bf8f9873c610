"""Pointing the Celery app at another broker inside a test run."""

from __future__ import annotations


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
