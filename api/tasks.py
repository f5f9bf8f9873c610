"""Celery tasks of the API: thin, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from .readmodel import rebuild_all


@shared_task
def refresh_read_model_task() -> dict[str, int]:
    """After midnight: the stored bodies whose deadline passed yesterday (``overdue`` turned)."""
    return rebuild_all(only_stale=True)
