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

from collections.abc import Iterable, Sequence
import threading
from contextlib import nullcontext

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .models import Event, EventCounter, Kamerstuk, Motion, Sponsorship, Vote

COUNTER = "events"

# Sent inside the changing transaction with ``motions``, ``commitments`` and ``dossiers`` (sets of
# ids) whose public representation may have changed. The read model (``api.readmodel``, above this
# app) rebuilds their stored rows on it, in the same transaction.
representations_changed = Signal()


def touch(
    *,
    motions: Iterable[int | None] = (),
    commitments: Iterable[int | None] = (),
    dossiers: Iterable[int | None] = (),
    papers: Iterable[int | None] = (),
    members: Iterable[int | None] = (),
    later: bool = False,
) -> None:
    """Say that these items' public representation may have changed (call it after the writes,
    inside their transaction). ``emit`` calls it for every event; changes that write no event (a
    member's party from the sync, a letter read again, an edit in the admin) call it themselves.
    ``papers``: the motions printed on them and their dossiers; ``members``: the motions they signed
    or voted on. ``later``: inside a transaction, keep them for the next ``emit``/``flush_touched`` of
    this thread (the sync's steps each name what they changed; one rebuild at the page's end serves
    all). A kept set that outlives a rolled-back transaction only rebuilds rows once more: harmless."""
    ids = {name: {i for i in values if i is not None} for name, values in (("motions", motions), ("commitments", commitments), ("dossiers", dossiers))}
    paper_ids = {p for p in papers if p is not None}
    if paper_ids:
        ids["motions"] |= set(Motion.objects.filter(kamerstuk_id__in=paper_ids).values_list("pk", flat=True))
        ids["dossiers"] |= set(Kamerstuk.objects.filter(pk__in=paper_ids).values_list("dossier_id", flat=True))
    member_ids = {m for m in members if m is not None}
    if member_ids:
        ids["motions"] |= set(Sponsorship.objects.filter(member_id__in=member_ids).values_list("motion_id", flat=True))
        ids["motions"] |= set(Vote.objects.filter(member_id__in=member_ids).values_list("motion_id", flat=True))
    if later and transaction.get_connection().in_atomic_block:
        kept = _kept()
        for name, values in ids.items():
            kept[name] |= values
        return
    _send(ids)


_local = threading.local()


def _kept() -> dict[str, set[int]]:
    if not hasattr(_local, "ids"):
        _local.ids = {"motions": set(), "commitments": set(), "dossiers": set()}
    return _local.ids


def flush_touched(**more: Iterable[int | None]) -> None:
    """Send what ``touch(later=True)`` kept (and ``more``) now, in the current transaction."""
    kept = _kept()
    ids = {name: kept[name] | {i for i in more.get(name, ()) if i is not None} for name in kept}
    _local.ids = {name: set() for name in kept}
    _send(ids)


def _send(ids: dict[str, set[int]]) -> None:
    if any(ids.values()):
        # Inside the caller's transaction as it is (a savepoint would cost two round trips more).
        with nullcontext() if transaction.get_connection().in_atomic_block else transaction.atomic():
            representations_changed.send(sender=Event, **ids)


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
    with transaction.atomic():
        # The stored representations first, before the counter's lock: the lock is held to commit.
        flush_touched(motions=[e.motion_id for e in events], commitments=[e.commitment_id for e in events])
        if not events:
            return []
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
