"""python manage.py sync_opendata [--since ISO] [--until ISO] [--base-url URL] [--max-pages N] [--entity motions|commitments|all]

One progress line per committed page on stderr, then one JSON line of counts on stdout::

    motions page 3: 250 rows, +12 created, 8 updated, 0 withdrawn, 230 unchanged, 0 errors (cursor 2025-04-15T14:39:17.3241093Z)
    {"pages": 7, "created": 512, "updated": 8, "withdrawn": 1, "unchanged": 230, "errors": 0, "resolved": 2}

A permanent failure (a 404, a bad --since, another sync running) ends with one line on stderr and a
non-zero exit; the pages committed before it stay, and the next run resumes after them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motions.opendata.client import ODataError
from motions.opendata.sync import ENTITIES, PageReport, run_sync


def parse_moment(value: str, option: str) -> dt.datetime:
    """ISO 8601: a date (midnight, local time), a local date-time, or one with an offset or Z."""
    text = value.strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise CommandError(f"{option} must be an ISO 8601 date or timestamp such as 2025-04-15 or 2025-04-15T14:39:17Z, got {value!r}")
    if moment.tzinfo is None:
        moment = timezone.make_aware(moment)  # the project's time zone (Europe/Amsterdam)
    return moment


class Command(BaseCommand):
    help = "Bring motions and commitments up to date from the Tweede Kamer open data (OData v4)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="read changes from this moment on (inclusive) instead of the stored cursor; never moves the cursor back")
        parser.add_argument("--until", help="read changes before this moment only (exclusive)")
        parser.add_argument("--base-url", help="OData service root (default: TK_ODATA_BASE_URL)")
        parser.add_argument("--max-pages", type=int, help="stop each stream after this many pages; the next run continues")
        parser.add_argument("--entity", choices=ENTITIES, default="all")

    def handle(self, *args, **options) -> None:
        since = parse_moment(options["since"], "--since") if options["since"] else None
        until = parse_moment(options["until"], "--until") if options["until"] else None
        if since and until and until <= since:
            raise CommandError("--until must lie after --since")
        if options["max_pages"] is not None and options["max_pages"] < 1:
            raise CommandError("--max-pages must be at least 1")
        # One line per page is the progress report; httpx would add one per request at INFO.
        httpx_logger = logging.getLogger("httpx")
        level = httpx_logger.level
        httpx_logger.setLevel(max(level, logging.WARNING))
        try:
            stats = run_sync(
                options["entity"], base_url=options["base_url"], since=since, until=until,
                max_pages=options["max_pages"], on_page=self.progress,
            )
        except ODataError as exc:
            raise CommandError(" ".join(str(exc).split()))
        finally:
            httpx_logger.setLevel(level)
        self.stdout.write(json.dumps(stats.as_dict()))

    def progress(self, report: PageReport) -> None:
        s = report.stats
        self.stderr.write(
            f"{report.stream} page {report.number}: {report.rows} rows, +{s.created} created, {s.updated} updated, "
            f"{s.withdrawn} withdrawn, {s.unchanged} unchanged, {s.errors} errors (cursor {report.cursor or '—'})"
        )
        self.stderr.flush()
