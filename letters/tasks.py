"""Celery tasks of the letters app: thin, by primary key, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections

from .harvest import harvest_letter, queue_harvest, take_up_stale
from .ingest import LetterError, enqueue_letter, letters_to_requeue, process_letter


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=30)
def process_letter_task(self, letter_id: int, force: bool = False) -> dict:
    try:
        letter = process_letter(letter_id, force=force)
    except LetterError as exc:
        # The letter is marked failed with the message; retrying cannot make a bad file good.
        return {"letter": letter_id, "state": "failed", "error": str(exc)}
    except (OSError, OperationalError, InterfaceError) as exc:
        # Storage hiccup or a dropped database connection: the transaction rolled back, so a retry
        # on a fresh connection redoes the work once.
        close_old_connections()
        raise self.retry(exc=exc, countdown=min(2 ** self.request.retries * 5, 300))
    return {"letter": letter.pk, "state": letter.state, "citations": letter.citations.count()}


@shared_task
def requeue_letters() -> int:
    """The safety net for uploads: queue what was never queued or whose worker died. Idempotent,
    because processing a letter twice gives the same result."""
    queued = 0
    for letter_id in letters_to_requeue().values_list("pk", flat=True)[:500]:
        queued += int(enqueue_letter(letter_id))
    return queued


@shared_task(bind=True, acks_late=True, max_retries=5, rate_limit=settings.LETTER_HARVEST_RATE_LIMIT or None)
def harvest_letter_task(self, harvest_id: int) -> dict:
    """One harvested letter. What is wrong with the letter is recorded on its row (never retried
    here); a dropped database connection is retried on a fresh one."""
    try:
        harvest = harvest_letter(harvest_id)
    except (OperationalError, InterfaceError) as exc:
        close_old_connections()
        raise self.retry(exc=exc, countdown=min(2 ** self.request.retries * 5, 300))
    return {"harvest": harvest.pk, "state": harvest.state, "letter": harvest.letter_id, "reason": harvest.reason}


@shared_task
def requeue_harvests() -> int:
    """The sweep: queue harvests never handed to the broker or whose worker died. Idempotent."""
    return sum(int(queue_harvest(harvest_id)) for harvest_id in take_up_stale())
