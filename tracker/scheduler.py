"""The beat schedule, run inside the development server when there is no broker (``make run``).

With ``CELERY_BROKER_URL`` unset every task runs eagerly, and no ``celery beat`` runs: without this,
webhook retries, digests and the overdue check would never happen on a newcomer's machine. A daemon
thread reads ``CELERY_BEAT_SCHEDULE`` (the same entries ``make beat`` runs), and runs each entry
in-process when it is due, one at a time, with celery's own schedule objects deciding when that is.
Like ``celery beat``, an entry first runs one interval after start. Production runs ``celery beat``.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from celery.schedules import BaseSchedule, maybe_schedule
from django.conf import settings
from django.db import connections

from .celery import app

logger = logging.getLogger("tracker.scheduler")

# Reaches the network (the Tweede Kamer's open data): only when OPENDATA_SYNC_MINUTES is set explicitly.
NETWORK_ENTRIES = ("opendata-sync",)
LONGEST_SLEEP = 5.0


def embedded_schedule() -> dict[str, dict[str, Any]]:
    """The entries the development server runs: all of beat's but the network sync, unless asked for."""
    wanted_sync = bool(os.environ.get("OPENDATA_SYNC_MINUTES", "").strip())
    return {name: entry for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if wanted_sync or name not in NETWORK_ENTRIES}


class EmbeddedBeat:
    """Decides which entries are due and runs them. ``tick()`` is the whole job; the thread only repeats it."""

    def __init__(self, entries: dict[str, dict[str, Any]], *, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.clock = clock or app.now
        self.entries: dict[str, dict[str, Any]] = {}
        start = self.clock()
        for name, entry in entries.items():
            schedule = copy.copy(maybe_schedule(entry["schedule"], app=app))  # a copy: nowfun is set on it
            if not isinstance(schedule, BaseSchedule):  # maybe_schedule turns numbers and timedeltas into schedules
                raise TypeError(f"{name}: cannot schedule {entry['schedule']!r}")
            schedule.nowfun = self.clock  # type: ignore[attr-defined]  # celery-types misspells BaseSchedule.nowfun as nowfunc
            self.entries[name] = {**entry, "schedule": schedule, "last_run_at": start}

    def tick(self) -> list[str]:
        """Run every entry that is due now; return their names. A failing task is logged, not raised."""
        ran = []
        self.next_check = LONGEST_SLEEP
        for name, entry in self.entries.items():
            due, next_check = entry["schedule"].is_due(entry["last_run_at"])
            if due:
                entry["last_run_at"] = self.clock()
                if self.run(name, entry):
                    ran.append(name)
            self.next_check = min(self.next_check, max(float(next_check), 0.5))
        return ran

    def run(self, name: str, entry: dict[str, Any]) -> bool:
        task = app.tasks.get(entry["task"])
        if task is None:
            logger.error("scheduled entry %s names no task %s", name, entry["task"])
            return False
        try:
            task.apply(args=entry.get("args") or (), kwargs=entry.get("kwargs") or {}, throw=True)
        except Exception:
            logger.exception("scheduled entry %s (%s) failed", name, entry["task"])
            return False
        finally:
            connections.close_all()  # this thread's connections; the next tick opens fresh ones
        return True


class EmbeddedBeatThread(threading.Thread):
    def __init__(self, beat: EmbeddedBeat) -> None:
        super().__init__(name="embedded-beat", daemon=True)
        self.beat = beat
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                self.beat.tick()
            except Exception:  # never let the schedule die with the first surprise
                logger.exception("embedded beat tick failed")
            self._stop_event.wait(getattr(self.beat, "next_check", LONGEST_SLEEP))

    def stop(self) -> None:
        self._stop_event.set()
