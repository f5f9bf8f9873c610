"""Queueing a Celery task by its registered name.

Tasks import services, never the reverse (STYLE.md). A service that must queue work after its
transaction commits names the task instead of importing its module; the task modules are
registered when their apps are ready. ``delay`` honours eager mode, so with no broker the task
runs in-process as everywhere else.
"""

from __future__ import annotations

from typing import Any


def queue(name: str, *args: Any, **kwargs: Any) -> None:
    """Queue the task registered as ``name`` (e.g. ``"letters.tasks.process_letter_task"``).

    Raises KeyError for a name no app registered, and the broker's error when it is unreachable
    (callers that can lose nothing record the job first and let a sweep re-queue it)."""
    from celery import current_app

    current_app.tasks[name].delay(*args, **kwargs)
