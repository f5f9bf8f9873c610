"""The open-data sync: incremental by ``ApiGewijzigdOp``, one page per transaction, resumable anywhere.

``sync("motions" | "commitments" | "all", client=…)`` reads each stream of changes since its stored
cursor and writes every page in one transaction together with the cursor that covers it, so a crash
or a kill at any moment resumes at the first page that was not saved: nothing lost, nothing doubled.

Streams (one ``SyncState`` row each):

==================== ============ ===========================================================
``motions``          ``Zaak``     live motion Zaken, fully expanded → ``apply_zaken``
``motions:deleted``  ``Zaak``     ``Verwijderd eq true``, Ids only → motions marked withdrawn
``commitments``      Toezegging   live commitments → ``apply_toezeggingen``
``commitments:del…`` Toezegging   ``Verwijderd eq true`` → commitments marked withdrawn
==================== ============ ===========================================================

A row's current state is in exactly one of its entity's two streams, so each stream can keep its own
cursor. After the motions, papers that letters cited before the register knew them are looked up
(``placeholders``).

Paging is by key, not by ``$skip``. Every page is a fresh query ``ApiGewijzigdOp gt T or
(ApiGewijzigdOp eq T and Id gt G)`` ordered by ``ApiGewijzigdOp,Id``, where (T, G) is the last row
of the page before. The API's own nextLinks page with ``$skip``, and a row that changes while a run
is under way moves to the end of the result and shifts every later row one place forward: a
``$skip`` page would then pass over one row, for good. The nextLink is used only as the sign that
more rows follow (and to page on if the last row carries no timestamp). T is kept exactly as the
source wrote it (100 ns ticks), so no row on the boundary is lost to rounding; the Id breaks ties.

``since`` (inclusive) and ``until`` (exclusive) bound one run. A run that starts at or before the
stored cursor carries it forward; one that starts after it (``--since`` later than the cursor)
leaves a gap, so it never moves the cursor, and no run moves it backwards. The next page of an
interrupted run is kept in ``next_url``; a later run without bounds continues there.

One sync runs at a time: a ``SyncLease`` row (see ``state``), renewed inside each page's transaction,
so a run that lost its lease cannot commit another page.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from ..events import emit_many
from .client import ODataClient, ODataError, api_instant, odata_datetime
from .common import SyncStats, parse_uuid
from .mapping import ZAAK_EXPAND, ZAAK_SELECT, apply_zaken, withdraw_zaken
from .placeholders import resolve_placeholders
from .state import Lease, SyncState
from .toezeggingen import TOEZEGGING_EXPAND, apply_toezeggingen, withdraw_toezeggingen

__all__ = ["ENTITIES", "LEASE", "PageReport", "SyncBusy", "run_sync", "sync"]

logger = logging.getLogger("motions.opendata")

ENTITIES = ("motions", "commitments", "all")
LEASE = "opendata"
ORDER = "ApiGewijzigdOp,Id"
_DELETED_SELECT = "Id,Nummer,ApiGewijzigdOp,Verwijderd"


class SyncBusy(ODataError):
    """Another sync holds the lease (or took it over from this one)."""


@dataclass(frozen=True)
class Stream:
    name: str
    entity_set: str
    filter: str
    expand: str | None
    select: str | None
    deleted: bool
    apply: Callable[[list[dict]], SyncStats]


MOTIONS = Stream("motions", "Zaak", "Soort eq 'Motie'", ZAAK_EXPAND, ZAAK_SELECT, False, apply_zaken)
MOTIONS_DELETED = Stream("motions:deleted", "Zaak", "Soort eq 'Motie' and Verwijderd eq true", None, _DELETED_SELECT, True, withdraw_zaken)
COMMITMENTS = Stream("commitments", "Toezegging", "", TOEZEGGING_EXPAND, None, False, apply_toezeggingen)
COMMITMENTS_DELETED = Stream("commitments:deleted", "Toezegging", "Verwijderd eq true", None, _DELETED_SELECT, True, withdraw_toezeggingen)
STREAMS = {"motions": (MOTIONS, MOTIONS_DELETED), "commitments": (COMMITMENTS, COMMITMENTS_DELETED)}


@dataclass(frozen=True)
class PageReport:
    """What ``on_page`` hears after each committed page."""

    stream: str
    number: int  # 1-based, within this run of the stream
    rows: int
    stats: SyncStats  # this page
    total: SyncStats  # this call so far
    cursor: str


def _literal(value: dt.datetime | str | None) -> str | None:
    return None if value is None else odata_datetime(value)


def _page_url(client: ODataClient, stream: Stream, *, since: str | None, after: tuple[str, str] | None, until: str | None) -> str:
    parts = [stream.filter] if stream.filter else []
    if after is not None:
        ts, row_id = odata_datetime(after[0]), parse_uuid(after[1])
        if row_id is None:
            parts.append(f"ApiGewijzigdOp ge {ts}")  # re-reads the boundary row: harmless, it is unchanged
        else:
            parts.append(f"(ApiGewijzigdOp gt {ts} or (ApiGewijzigdOp eq {ts} and Id gt {row_id}))")
    elif since is not None:
        parts.append(f"ApiGewijzigdOp ge {since}")
    if until is not None:
        parts.append(f"ApiGewijzigdOp lt {until}")
    return client.build_url(
        stream.entity_set, filter=" and ".join(parts) or None, expand=stream.expand, select=stream.select,
        orderby=ORDER, include_deleted=stream.deleted,
    )


def _advances(row: dict, cursor: str, *, from_cursor: bool) -> bool:
    """Whether ``row`` lies after the stored cursor. Only the source orders Ids, so on a tie the row
    counts as later only when the run itself started from the cursor."""
    if not cursor:
        return True
    mine, theirs = api_instant(row["ApiGewijzigdOp"]), api_instant(cursor)
    return mine > theirs or (mine == theirs and from_cursor)


def _run_stream(
    stream: Stream,
    *,
    client: ODataClient,
    lease: Lease,
    since: str | None,
    until: str | None,
    max_pages: int | None,
    on_page: Callable[[PageReport], None] | None,
    total: SyncStats,
) -> SyncStats:
    state, _ = SyncState.objects.get_or_create(entity=stream.name)
    from_cursor = False
    if since is not None or until is not None or not state.next_url:
        if since is not None:
            url = _page_url(client, stream, since=since, after=None, until=until)
            moves = not state.cursor or api_instant(since) <= api_instant(state.cursor)
        else:
            after = (state.cursor, state.cursor_id) if state.cursor else None
            url = _page_url(client, stream, since=None, after=after, until=until)
            moves, from_cursor = True, bool(state.cursor)
    else:
        url, moves = state.next_url, state.run_moves_cursor
    SyncState.objects.filter(pk=state.pk).update(next_url=url, run_moves_cursor=moves, started_at=timezone.now(), last_error="", last_stats={})
    run = SyncStats()
    # The next page is fetched (in one helper thread) while this one is written: the API's latency
    # and the database's overlap. Never more than two pages in memory; the helper only does HTTP.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="odata-prefetch") as pool:
        pending: Future | None = pool.submit(client.get_json, url) if url else None
        try:
            while pending is not None:
                try:
                    data = pending.result()
                except ODataError as exc:
                    SyncState.objects.filter(pk=state.pk).update(last_error=str(exc)[:2000])
                    raise
                pending = None
                items: list[dict] = data["value"]
                next_url = ""
                if items and data.get("@odata.nextLink"):
                    last = items[-1]
                    if last.get("ApiGewijzigdOp") and last.get("Id"):
                        next_url = _page_url(client, stream, since=None, after=(last["ApiGewijzigdOp"], str(last["Id"])), until=until)
                    else:
                        next_url = client.resolve(data["@odata.nextLink"])
                if next_url and (max_pages is None or run.pages + 1 < max_pages):
                    pending = pool.submit(client.get_json, next_url)
                with transaction.atomic():
                    if not lease.renew():
                        raise SyncBusy(f"the sync lease was taken over ({Lease.describe(LEASE)}); stopped before page {run.pages + 1} of {stream.name}")
                    page = stream.apply(items) if items else SyncStats()
                    page.pages = 1
                    run.add(page)
                    now = timezone.now()
                    changes: dict[str, object] = {"next_url": next_url, "committed_at": now, "last_stats": run.as_dict()}
                    last_row = next((row for row in reversed(items) if row.get("ApiGewijzigdOp")), None)
                    if moves and last_row is not None and _advances(last_row, state.cursor, from_cursor=from_cursor):
                        state.cursor, state.cursor_id = last_row["ApiGewijzigdOp"], str(last_row.get("Id") or "")
                        changes.update(cursor=state.cursor, cursor_id=state.cursor_id)
                        from_cursor = True  # every later row of this run comes after this one
                    if not next_url:
                        changes.update(finished_at=now, run_moves_cursor=True)
                    SyncState.objects.filter(pk=state.pk).update(**changes)
                    emit_many(page.events)  # last: the event counter's lock is held until commit
                page.events = []
                rows = len(items)
                del items, data
                total.add(page)
                if on_page is not None:
                    on_page(PageReport(stream=stream.name, number=run.pages, rows=rows, stats=page, total=total, cursor=state.cursor))
        finally:
            if pending is not None and not pending.cancel():
                try:
                    pending.result()  # let the helper finish with the client before it is closed
                except Exception:  # noqa: BLE001 - the error that stopped this run is the one to report
                    pass
    return run


def sync(
    entity: str = "all",
    *,
    client: ODataClient,
    since: dt.datetime | str | None = None,
    until: dt.datetime | str | None = None,
    max_pages: int | None = None,
    on_page: Callable[[PageReport], None] | None = None,
    placeholders: bool = True,
) -> SyncStats:
    """Bring motions and/or commitments up to date; ``max_pages`` limits each stream.

    Raises ``SyncBusy`` while another sync runs, ``TransientError`` when the API stays unreachable
    after the client's retries, and ``ODataError`` for a permanent failure (such as a 404). Every
    page committed before an error stays committed, and the next run resumes after it.
    """
    if entity not in ENTITIES:
        raise ValueError(f"entity must be one of {', '.join(ENTITIES)}, not {entity!r}")
    if max_pages is not None and max_pages < 1:
        raise ValueError("max_pages must be at least 1")
    since_literal, until_literal = _literal(since), _literal(until)
    if since_literal and until_literal and api_instant(until_literal) <= api_instant(since_literal):
        raise ValueError("until must lie after since")
    streams = STREAMS["motions"] + STREAMS["commitments"] if entity == "all" else STREAMS[entity]
    lease = Lease.acquire(LEASE)
    if lease is None:
        raise SyncBusy(f"another open-data sync is running ({Lease.describe(LEASE)})")
    total = SyncStats()
    try:
        for stream in streams:
            _run_stream(stream, client=client, lease=lease, since=since_literal, until=until_literal, max_pages=max_pages, on_page=on_page, total=total)
        if placeholders and entity in ("motions", "all"):
            total.add(resolve_placeholders(client))
    finally:
        _release(lease)
    return total


def _release(lease: Lease) -> None:
    """Give the lease back, also after the database connection dropped mid-page: then on a fresh
    connection (unless inside an outer transaction), so a retry in this process is not locked out
    until the lease expires. Never raises: the error that ended the run is the one that counts."""
    try:
        lease.release()
        return
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block:
            logger.warning("could not release the sync lease %s; it expires by itself", lease.holder)
            return
    connection.close()
    try:
        lease.release()
    except (OperationalError, InterfaceError):
        logger.warning("could not release the sync lease %s; it expires by itself", lease.holder)


def run_sync(entity: str = "all", *, base_url: str | None = None, client_options: dict | None = None, **options) -> SyncStats:
    """``sync`` with a client for ``TK_ODATA_BASE_URL`` (or ``base_url``): what the command and task call."""
    with ODataClient(base_url or settings.TK_ODATA_BASE_URL, **(client_options or {})) as client:
        return sync(entity, client=client, **options)
