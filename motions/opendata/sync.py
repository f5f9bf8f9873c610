"""The open-data sync: the SyncFeed, category by category, one page per transaction, resumable anywhere.

``sync(categories, client=…)`` reads each category's feed from its stored skiptoken and, for every
page, in one transaction: renews the lease, upserts the page's entities into the raw mirror
(``mirror.store_page``: a re-sent version with nothing new writes nothing), projects what they
complete onto the domain (``projection.project``), writes the change-feed events, and stores the
page's skiptoken as the category's cursor (``SyncState`` row ``feed:<Category>``). A crash or a kill at
any moment resumes at the first page that was not committed: nothing lost, nothing doubled.

A category is caught up when a page has no entries (the feed then links ``rel="resume"``) or no
``rel="next"``. ``full=True`` starts every category from the beginning (the mirror's idempotent upsert
makes that safe). After the categories, papers that letters cited before the register knew them are
looked up in the mirror (``placeholders``).

One sync runs at a time: a ``SyncLease`` row (see ``state``), renewed inside each page's transaction,
so a run that lost its lease cannot commit another page. The next page is fetched (in one helper
thread that only does HTTP) while the current one is written: never more than two pages in memory.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from ..events import emit_many
from .common import SyncStats
from .feed import CATEGORIES, FeedError, FeedPage, SyncFeedClient
from ..signals import mirror_page_stored
from .mirror import FeedEntity, store_page
from .placeholders import resolve_placeholders
from .projection import pending_motions, project
from .state import Lease, SyncState

__all__ = ["CATEGORIES", "LEASE", "PageReport", "SyncBusy", "client_from_settings", "run_sync", "state_name", "sync"]

logger = logging.getLogger("motions.opendata")

LEASE = "opendata"


class SyncBusy(FeedError):
    """Another sync holds the lease (or took it over from this one)."""


def state_name(category: str) -> str:
    return f"feed:{category}"


@dataclass(frozen=True)
class PageReport:
    """What ``on_page`` hears after each committed page."""

    category: str
    number: int  # 1-based, within this run of the category
    entities: int
    stats: SyncStats  # this page
    total: SyncStats  # this call so far
    skiptoken: int | None
    seconds: float  # fetching and writing this page


def _write_page(category: str, page: FeedPage, *, state: SyncState, lease: Lease, run: SyncStats) -> SyncStats:
    with transaction.atomic():
        if not lease.renew():
            raise SyncBusy(f"the sync lease was taken over ({Lease.describe(LEASE)}); stopped before page {run.pages + 1} of {category}")
        stats = SyncStats(pages=1, entities=len(page.entities))
        for message in page.errors:
            stats.error(f"{category}: {message}")
        if page.entities:
            stored = store_page(page.entities)
            stats.mirrored, stats.skipped = len(stored.touched), stored.unchanged
            if stored.touched:  # hook for the letter harvest (issue 16): listeners write in this page's transaction
                mirror_page_stored.send(sender=FeedEntity, entities=stored.touched)
            if stored.touched:
                stats.add_with_events(project(stored.touched))
        run.add(stats)
        now = timezone.now()
        changes: dict[str, object] = {"committed_at": now, "last_stats": run.as_dict(), "next_url": page.next_url or ""}
        token = page.skiptoken
        if token is not None:
            changes["cursor"] = str(token)
            state.cursor = str(token)
        if not page.entities or not page.next_url:
            changes.update(finished_at=now, next_url="")
        SyncState.objects.filter(pk=state.pk).update(**changes)
        emit_many(stats.events)  # last: the event counter's lock is held until commit
    stats.events = []
    return stats


def _run_category(
    category: str, *, client: SyncFeedClient, lease: Lease, full: bool, max_pages: int | None,
    on_page: Callable[[PageReport], None] | None, total: SyncStats,
) -> SyncStats:
    state, _ = SyncState.objects.get_or_create(entity=state_name(category))
    start = None if full or not state.cursor.isdigit() else int(state.cursor)
    url = client.feed_url(category, start)
    SyncState.objects.filter(pk=state.pk).update(started_at=timezone.now(), last_error="", last_stats={})
    run = SyncStats()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="syncfeed-prefetch") as pool:
        pending: Future | None = pool.submit(client.fetch_page, url)
        try:
            while pending is not None:
                began = time.monotonic()
                try:
                    page: FeedPage = pending.result()
                except FeedError as exc:
                    SyncState.objects.filter(pk=state.pk).update(last_error=str(exc)[:2000])
                    raise
                pending = None
                more = bool(page.entities) and bool(page.next_url)
                if more and page.next_url and (max_pages is None or run.pages + 1 < max_pages):  # next_url: what `more` checked
                    pending = pool.submit(client.fetch_page, page.next_url)
                stats = _write_page(category, page, state=state, lease=lease, run=run)
                total.add(stats)
                if on_page is not None:
                    on_page(PageReport(category, run.pages, len(page.entities), stats, total, page.skiptoken, time.monotonic() - began))
                del page
        finally:
            if pending is not None and not pending.cancel():
                try:
                    pending.result()  # let the helper finish with the client before it is closed
                except Exception:  # noqa: BLE001 - the error that stopped this run is the one to report
                    pass
    return run


def sync(
    categories: Iterable[str] | None = None,
    *,
    client: SyncFeedClient,
    full: bool = False,
    max_pages: int | None = None,
    on_page: Callable[[PageReport], None] | None = None,
    placeholders: bool = True,
) -> SyncStats:
    """Bring the mirror and the domain up to date; ``max_pages`` limits each category.

    Raises ``SyncBusy`` while another sync runs, ``TransientError`` when the feed stays unreachable
    after the client's retries, and ``FeedError`` for a permanent failure (such as a 404). Every page
    committed before an error stays committed, and the next run resumes after it.
    """
    chosen = list(categories) if categories else list(CATEGORIES)
    unknown = [c for c in chosen if c not in CATEGORIES]
    if unknown:
        raise ValueError(f"unknown categor{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)}; known: {', '.join(CATEGORIES)}")
    if max_pages is not None and max_pages < 1:
        raise ValueError("max_pages must be at least 1")
    lease = Lease.acquire(LEASE)
    if lease is None:
        raise SyncBusy(f"another open-data sync is running ({Lease.describe(LEASE)})")
    total = SyncStats()
    try:
        for category in chosen:
            _run_category(category, client=client, lease=lease, full=full, max_pages=max_pages, on_page=on_page, total=total)
        if placeholders:
            total.add(resolve_placeholders())
        total.pending = pending_motions()
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


def client_from_settings(base_url: str | None = None, **options: object) -> SyncFeedClient:
    """A client for ``TK_SYNCFEED_BASE_URL`` (or ``base_url``) with the configured pause and timeout."""
    options.setdefault("pause", settings.TK_SYNCFEED_PAUSE)
    options.setdefault("timeout", settings.TK_SYNCFEED_TIMEOUT)
    return SyncFeedClient(base_url or settings.TK_SYNCFEED_BASE_URL, **options)  # type: ignore[arg-type]


def run_sync(categories: Iterable[str] | None = None, *, base_url: str | None = None, client_options: dict | None = None, **options) -> SyncStats:
    """``sync`` with a client from the settings: what the command and the task call."""
    with client_from_settings(base_url, **(client_options or {})) as client:
        return sync(categories, client=client, **options)
