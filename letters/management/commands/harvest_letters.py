"""python manage.py harvest_letters [--since DATE] [--limit N] [--retry-failed] [--no-wait]

Queues a harvest for every government letter in the open-data mirror that has none yet (the
backfill; after it each sync queues only new or changed letters), and with ``--retry-failed`` the
failed ones again. With a broker the workers do the work and this command reports progress until
nothing is waiting (``--no-wait``: queue and stop); without one it harvests here, letter by letter.
One progress line at a time on stderr, then one JSON line of counts on stdout::

    queued 120, done 80, failed 2, 8.1 letters/s, about 15 s to go
    {"queued": 0, "running": 0, "done": 200, "failed": 2, "skipped": 0, "letters": 200, "to_harvest": 202, "seconds": 25.0}
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from letters.harvest import harvest_letter, harvest_summary, harvestable_documents, queue_harvest, take_up_stale
from letters.models import Harvest


class Command(BaseCommand):
    help = "Harvest government letters from the open-data mirror (backfill, or retry the failed ones)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="only letters dated on or after this day (YYYY-MM-DD)")
        parser.add_argument("--limit", type=int, help="queue at most this many letters not harvested yet")
        parser.add_argument("--retry-failed", action="store_true", help="queue the failed harvests again")
        parser.add_argument("--no-wait", action="store_true", help="with a broker: queue and stop, without following progress")

    def handle(self, *args, **options) -> None:
        since = None
        if options["since"]:
            try:
                since = dt.date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError(f"--since: {options['since']!r} is not a date (YYYY-MM-DD)") from None
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be at least 1")
        logging.getLogger("httpx").setLevel(logging.WARNING)
        started = time.monotonic()
        ids = self.queue_backfill(since, options["limit"])
        # What a killed run or a dead worker left queued or running (quiet for LETTER_HARVEST_STALE_MINUTES).
        ids += take_up_stale(limit=1_000_000)
        if options["retry_failed"]:
            failed = Harvest.objects.failed()
            if since is not None:
                failed = failed.filter(letter__date__gte=since) | failed.filter(letter__isnull=True)
            retry = list(failed.values_list("pk", flat=True))
            Harvest.objects.filter(pk__in=retry).update(state=Harvest.State.QUEUED, enqueued_at=None, reason="")
            ids += retry
        ids = sorted(set(ids))
        self.stderr.write(f"{len(ids)} letter(s) to harvest")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            for n, harvest_id in enumerate(ids, 1):
                harvest_letter(harvest_id)
                if n % 10 == 0 or n == len(ids):
                    self.progress(started, n)
        elif not options["no_wait"]:
            for harvest_id in ids:
                queue_harvest(harvest_id)
            while Harvest.objects.waiting().exists():
                self.progress(started, None)
                time.sleep(2)
            self.progress(started, None)
        else:
            for harvest_id in ids:
                queue_harvest(harvest_id)
        summary = harvest_summary(failures=0)
        self.stdout.write(json.dumps({**summary["counts"], "to_harvest": len(ids), "letters": summary["letters"], "seconds": round(time.monotonic() - started, 1)}))

    def queue_backfill(self, since: dt.date | None, limit: int | None) -> list[int]:
        done = Harvest.objects.values("document")
        rows = harvestable_documents().exclude(guid__in=done).values_list("guid", "nummer", "fields__datum").order_by("nummer")
        wanted: dict[str, str] = {}
        for guid, nummer, datum in rows.iterator(chunk_size=2000):
            if since is not None and (not datum or str(datum)[:10] < since.isoformat()):
                continue
            wanted[str(guid)] = nummer
            if limit is not None and len(wanted) >= limit:
                break
        # Rows first, jobs after: a kill here leaves queued rows that the sweep or the next run picks up.
        return _rows_only(wanted)

    def progress(self, started: float, n: int | None) -> None:
        counts = harvest_summary(failures=0)["counts"]
        waiting = counts["queued"] + counts["running"]
        elapsed = max(time.monotonic() - started, 1e-6)
        finished = counts["done"] + counts["failed"] + counts["skipped"]
        rate = (n if n is not None else finished) / elapsed
        estimate = f", about {waiting / rate:,.0f} s to go" if rate > 0 and waiting else ""
        self.stderr.write(f"queued {waiting}, done {counts['done']}, failed {counts['failed']}, {rate:,.1f} letters/s{estimate}")
        self.stderr.flush()


def _rows_only(wanted: dict[str, str]) -> list[int]:
    """Without a broker: the rows, harvested by this command itself (no job queued on commit)."""
    from django.utils import timezone

    Harvest.objects.bulk_create(
        [Harvest(document=g, document_number=n[:20], queued_at=timezone.now()) for g, n in wanted.items()], ignore_conflicts=True
    )
    return list(Harvest.objects.filter(document__in=list(wanted), state=Harvest.State.QUEUED).values_list("pk", flat=True))
