"""Fixtures of the alerts tests: subscribers, the fan-out run with its on-commit queueing, and a
real Celery worker on the local Redis."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from django.utils import timezone
from tests.celery_support import REDIS, real_worker, switch_broker  # noqa: F401  (the alerts tests import them from here)


@pytest.fixture
def motion(demo):
    """35207-83: adopted, Buitenlandse Zaken, submitted by Paternotte (D66) and others."""
    from motions.models import Motion

    return Motion.objects.select_related("kamerstuk__dossier", "ministry").get(kamerstuk__key="35207-83")


def follow(email: str, kind: str, subject=None, *, query: str = "", facets: dict | None = None, language: str = "nl", frequency: str = "immediate", confirmed: bool = True):
    """A subscription as if subscribed and confirmed (the confirming itself is tested elsewhere)."""
    from alerts.models import SUBJECT_FIELDS, Subscription

    fields = {SUBJECT_FIELDS[kind]: subject} if kind in SUBJECT_FIELDS else {"query": query, "facets": facets or {}}
    subscription = Subscription(email=email, subject_kind=kind, language=language, frequency=frequency, **fields)
    if confirmed:
        subscription.confirmed_at = timezone.now() - timezone.timedelta(seconds=1)
    subscription.save()
    return subscription


@pytest.fixture
def fan_out(django_capture_on_commit_callbacks) -> Callable:
    """Fan out everything new and run what is queued after commit (eagerly, no broker)."""
    from alerts.fanout import fan_out_all

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return fan_out_all()

    return run


@pytest.fixture
def change_status(bz_staff, django_capture_on_commit_callbacks) -> Callable:
    """Record a status change as staff do; its on-commit nudge fans out and sends (eagerly)."""
    from motions.services import record_status

    def change(motion, to: str, reason: str = ""):
        with django_capture_on_commit_callbacks(execute=True):
            return record_status(motion, to=to, by=bz_staff, reason=reason)

    return change


@pytest.fixture
def tasks_not_run() -> Iterator:
    """Queued tasks go to an in-memory broker nobody reads: the test runs the work itself."""
    from tracker.celery import app

    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    app.conf.task_always_eager = False
    switch_broker(app, "memory://")
    yield
    switch_broker(app, saved["broker_url"])
    app.conf.update(saved)


def wait_for(predicate: Callable[[], bool], seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()
