"""Celery tasks of the motions app: thin, safe to run twice."""

from __future__ import annotations

from functools import partial

from celery import shared_task
from django.db import InterfaceError, OperationalError, connection, transaction

from .opendata.feed import TransientError
from .opendata.sync import SyncBusy, run_sync
from .services import record_overdue, remind_owner

# Options for the task's SyncFeed client (timeouts, retries, pause); tests shorten the backoff here.
CLIENT_OPTIONS: dict = {}


def _backoff(retries: int) -> int:
    return min(2**retries * 60, 900)


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def sync_opendata_task(self, categories: list[str] | None = None) -> dict:
    """The beat's open-data sync. Another sync running is not an error: this one skips.

    An unreachable feed or a dropped database connection is retried later; whatever pages were
    committed stay, and the retry resumes after them.
    """
    try:
        stats = run_sync(categories, client_options=CLIENT_OPTIONS)
    except SyncBusy as exc:
        return {"skipped": str(exc)}
    except TransientError as exc:
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries))
    except (OperationalError, InterfaceError) as exc:
        # The database went away mid-page: that page was rolled back. Retry on a fresh connection
        # (not inside an outer transaction, as in an eager test, whose connection is not ours to close).
        if not connection.in_atomic_block:
            connection.close()
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries))
    return stats.as_dict()


@shared_task
def record_overdue_task() -> int:
    """Record what became overdue today and queue one reminder per new notice. Idempotent."""
    notices = record_overdue()
    for notice in notices:
        transaction.on_commit(partial(send_overdue_reminder.delay, notice.pk))
    return len(notices)


@shared_task(bind=True, max_retries=5, default_retry_delay=300)
def send_overdue_reminder(self, notice_id: int) -> bool:
    """Mail the owner of an overdue item (once, however often this runs)."""
    try:
        return remind_owner(notice_id)
    except OSError as exc:
        raise self.retry(exc=exc)
