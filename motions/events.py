"""The change feed: events numbered in the order their transactions commit.

Why a counter row and not the primary key: ids are handed out when rows are inserted, not when
their transactions commit, so a reader polling "id > last seen" can pass over a row whose slower
transaction commits later — a skipped event. Here every event-writing transaction takes the lock on
one ``EventCounter`` row as its *last* write and keeps it until commit. Numbers are therefore handed
out in commit order, a reader that sees event N has already been able to see every event below N,
and a rollback returns its numbers. Readers never lock. The price is that event-writing
transactions commit one at a time — fine for status changes, reviews and sync pages.

Rule for callers: emit at the end of the transaction, after locking your own rows (never lock
a row after emitting), so no two transactions wait on each other in opposite orders.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from .models import Event, EventCounter

COUNTER = "events"


def _reserve(n: int) -> int:
    """Lock the counter until commit and take ``n`` numbers; returns the first."""
    counter, _ = EventCounter.objects.select_for_update().get_or_create(name=COUNTER)
    first = counter.value + 1
    counter.value += n
    counter.save(update_fields=["value"])
    return first


def emit(kind: str, **fields) -> Event:
    """Write one event inside the caller's transaction (one is opened if there is none)."""
    return emit_many([Event(kind=kind, **fields)])[0]


def emit_many(events: Sequence[Event]) -> list[Event]:
    if not events:
        return []
    with transaction.atomic():
        first = _reserve(len(events))
        now = timezone.now()
        for offset, event in enumerate(events):
            event.seq = first + offset
            if event.at is None:
                event.at = now
        return Event.objects.bulk_create(list(events))


def events_after(seq: int, *, limit: int = 100):
    """Committed events after ``seq``, oldest first. Safe to poll: never skips, never repeats."""
    return Event.objects.filter(seq__gt=seq).order_by("seq").select_related("motion__kamerstuk", "commitment", "status_change")[:limit]


def last_seq() -> int:
    event = Event.objects.order_by("-seq").only("seq").first()
    return event.seq if event else 0
